"""Fixtures: one app per run on a real database (SQLite, or PostgreSQL from TEST_DATABASE_URL),
a rolled-back transaction per test, a client, and helpers to sign in and read the outbox."""

import contextvars
import email
import os
import re
from functools import partial
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from marketplace import create_app
from marketplace.accounts.services import issue_api_token
from marketplace.accounts.session import open_login
from marketplace.extensions import db as _db
from marketplace.extensions import limiter
from tests import factories
from tests.support import METRICS_TOKEN, database_url_for, dispose_engines, prepare_database

PASSWORD = factories.PASSWORD


class FreshContextClient(FlaskClient):
    """A test client whose requests run outside the test's own app context, as under a server.
    Otherwise a request reuses the `db` fixture's app context, and its `g` (the signed-in user,
    the locale, the CSRF token) leaks into the next request, even one from another client."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    url = database_url_for("main", data_dir)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME_FOR_MAIL": "http://localhost",
            # Jobs run in-process here, as without REDIS_URL, so tests see their effect at once;
            # tests/jobs runs the Redis queue (REDIS_URL) with real workers on a committed database.
            "JOBS_REDIS_URL": None,
        }
    )
    app.test_client_class = FreshContextClient
    prepare_database(app)
    yield app
    dispose_engines(app)


@pytest.fixture
def db(app):
    """The database inside one transaction that is rolled back after the test; commits in the
    code under test become savepoints, so they behave as in production but leave nothing behind."""
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        _db.session = scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    # The limiter is one object: any app made during the run with RATELIMIT_ENABLED false (a browser
    # test's live server) switches it off for every app. Each test starts with this app's own setting.
    limiter.enabled = app.config.get("RATELIMIT_ENABLED", True)
    limiter.reset()


@pytest.fixture
def limits_off(_fresh_rate_limits):
    """For directories whose own apps run with RATELIMIT_ENABLED false: the limiter object is shared with
    the session's app, whose setting `_fresh_rate_limits` has just restored, so switch it off again."""
    limiter.enabled = False


@pytest.fixture
def kept(app, monkeypatch):
    """Whole anonymous pages kept (core.pagecache), which the test configuration switches off so that
    other tests see every change at once; starts from an empty cache."""
    from marketplace.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE", True)
    with app.app_context():
        cache.clear()
    return app


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The mail written to DATA_DIR/outbox during this test, as email.message.Message objects."""
    folder = Path(app.config["DATA_DIR"]) / "outbox"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()

    class Outbox:
        def messages(self):
            return [
                email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(folder.glob("*.eml"))
            ]

        def last(self):
            messages = self.messages()
            assert messages, "no mail was sent"
            return messages[-1]

    return Outbox()


@pytest.fixture
def make_user(db):
    """`make_user(role, ...)`: tests.factories.user, committed."""
    return partial(factories.user, commit=True)


@pytest.fixture
def organiser(make_user):
    """An organiser account of the extension centre."""
    return make_user("organiser", name="Trung tâm Khuyến công")


@pytest.fixture
def owner(make_user):
    """A producer account: the `producer` fixture's member."""
    return make_user("producer", name="Chủ cơ sở")


@pytest.fixture
def producer(db, owner):
    """An establishment the `owner` account acts for."""
    return factories.producer(name="HTX Mây tre đan Phú Vinh", member=owner, commit=True)


@pytest.fixture
def login(client, db):
    """Sign `user` in on the test client, as the login form would leave the session (with its
    recorded login session)."""

    def sign_in(user, target_client=None):
        target = target_client or client
        login_id = open_login(user)
        db.session.commit()
        with target.session_transaction() as session:
            session["_user_id"] = login_id
            session["_fresh"] = True
        return user

    return sign_in


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


def post_form(client, page: str, action: str, data: dict | None = None, **kwargs):
    """GET `page`, take the CSRF token of its form, and POST `data` to `action`, as a browser would."""
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def csrf(client):
    """Fetch `path` and return the CSRF token its form carries."""

    def token(path="/account/login"):
        response = client.get(path)
        return csrf_token_from(response.get_data(as_text=True))

    return token


@pytest.fixture(scope="session")
def database_is_postgres():
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def metrics_token(app):
    """/metrics switched on for one test, with tests.support.METRICS_TOKEN."""
    app.config["METRICS_TOKEN"] = METRICS_TOKEN
    yield METRICS_TOKEN
    app.config["METRICS_TOKEN"] = None


@pytest.fixture
def bearer(db):
    """`bearer(user)`: the Authorization header of a fresh API token of that account."""

    def headers(user) -> dict:
        raw, _token = issue_api_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return headers
