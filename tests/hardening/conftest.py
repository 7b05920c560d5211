"""Fixtures of the route sweeps: one world of objects and one client per actor for each test module,
inside a transaction rolled back at the end of the module (each request is rolled back on its own)."""

import pytest
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from marketplace.extensions import db as _db
from tests.hardening.sweep import WriteRecorder, build_world, make_actors


@pytest.fixture(scope="module")
def sweep_db(app):
    """Like the `db` fixture, for a whole module: building the world once keeps the sweeps fast."""
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture(scope="module")
def world(app, sweep_db):
    return build_world()


@pytest.fixture(scope="module")
def actors(app, world):
    return make_actors(app, world)


@pytest.fixture(scope="module")
def writes(app, sweep_db):
    with WriteRecorder(_db.engine) as recorder:
        yield recorder
