"""Search fixtures: apps with their own database and index, where commits are real commits.

The suite's `db` fixture turns commits into savepoints of a transaction it rolls back; the index
is written after a commit, so the judged queries and the sync cases use apps of their own
(one per engine, made once per run) whose commits really happen.
"""

import os

import pytest

from marketplace import create_app
from marketplace.extensions import db as _db
from tests.search import catalogue
from tests.support import database_url_for, prepare_database

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
ENGINES = [
    "whoosh",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            not POSTGRES, reason="the PostgreSQL engine needs TEST_DATABASE_URL=postgresql+psycopg://..."
        ),
    ),
]


def make_app(tmp_path_factory, tag: str, backend: str):
    data_dir = tmp_path_factory.mktemp(tag)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "search-tests-secret-key",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for(tag, data_dir),
            "SEARCH_BACKEND": backend,
            "RATELIMIT_ENABLED": False,
        }
    )
    prepare_database(app)
    return app


@pytest.fixture(scope="session", params=ENGINES)
def judged(request, tmp_path_factory):
    """(app, code -> product id) with the judged catalogue committed, for each engine."""
    app = make_app(tmp_path_factory, f"judged_{request.param}", request.param)
    with app.app_context():
        ids = catalogue.load(_db.session)
        _db.session.remove()
    yield app, ids
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="module", params=ENGINES)
def live(request, tmp_path_factory):
    """An app with an empty catalogue whose commits are real (sync cases create their own rows)."""
    app = make_app(tmp_path_factory, f"sync_{request.param}", request.param)
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _limits_off_as_this_apps_are(limits_off):
    """This directory's apps run with RATELIMIT_ENABLED false (see tests/conftest.py: limits_off)."""
