"""The machinery of the route sweeps: a world of objects, one signed-in client per actor, requests
that leave nothing behind, and a recorder of the SQL writes a request makes."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import event

from marketplace.accounts.services import issue_api_token
from marketplace.accounts.session import open_login
from marketplace.extensions import db
from tests.conftest import csrf_token_from
from tests.hardening.access_rules import ACTORS, Access, builders

IGNORED_METHODS = {"HEAD", "OPTIONS"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)
LOGIN_PATH = "/account/login"


class World:
    """The objects the sweeps request: accounts per actor, then whatever each area's builder adds."""

    def __init__(self):
        self.users: dict = {}
        self.passwords: dict = {}  # an actor's password when it is not tests.conftest.PASSWORD (demo accounts)


@dataclass
class Actor:
    name: str
    client: object
    user: object = None
    csrf_token: str = ""
    api_token: str | None = None
    cookies: list = field(default_factory=list)  # the session as it was set up, restored for every request

    def fresh_client(self):
        """A client holding the original session: a request that signs out (or rotates the session)
        must not change who the next request comes from."""
        client = self.client.application.test_client()
        for cookie in self.cookies:
            client.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        return client


@dataclass
class Outcome:
    status: int
    location: str = ""
    writes: list = field(default_factory=list)
    error: str = ""  # an exception the app raised (tests propagate them instead of answering 500)

    @property
    def refused(self) -> bool:
        """Turned away: 401/403/404, or sent to the login page to come back (`?next=`) afterwards;
        a plain redirect to the login page is how a reset or verification link says "done"."""
        if self.status in (401, 403, 404):
            return True
        target = urlsplit(self.location)
        return 300 <= self.status < 400 and target.path == LOGIN_PATH and "next=" in target.query

    @property
    def succeeded(self) -> bool:
        return 200 <= self.status < 300


def build_world() -> World:
    world = World()
    for build in builders():
        build(world)
    db.session.commit()
    return world


def make_actors(app: Flask, world: World) -> dict[str, Actor]:
    actors = {}
    for name in ACTORS:
        client = app.test_client()
        user = world.users.get(name)
        api_token = None
        if user is not None:
            with client.session_transaction() as session:
                session["_user_id"] = open_login(user)
                session["_fresh"] = True
            api_token, _row = issue_api_token(user)
        actors[name] = Actor(name, client, user, api_token=api_token)
    db.session.commit()
    for actor in actors.values():  # the token each session's forms carry: a signed-in page's language
        # form, or for a visitor (whose pages switch language with a link) the sign-in form
        page = "/" if actor.user is not None else "/account/login"
        actor.csrf_token = csrf_token_from(actor.client.get(page).get_data(as_text=True))
        actor.cookies = list(actor.client._cookies.values())
    return actors


class WriteRecorder:
    """Collects the SQL statements that change data, between start() and stop()."""

    def __init__(self, engine):
        self.engine, self.statements, self.active = engine, [], False

    def _listen(self, conn, cursor, statement, parameters, context, executemany):
        if self.active and WRITE.match(statement):
            self.statements.append(" ".join(statement.split()))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._listen)


@contextmanager
def rolled_back():
    """Whatever the request commits is undone afterwards, so every request sees the same world."""
    connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def urls_for(app: Flask, rule: Access, world: World) -> list[tuple[str, set[str]]]:
    """(url, methods) for every URL rule of the endpoint, filled from the world."""
    if rule.endpoint not in app.view_functions:  # declared ahead of its route (see Access.ahead)
        return []
    values = rule.values(world)
    found = []
    for url_rule in app.url_map.iter_rules(rule.endpoint):
        _domain, path = url_rule.build(values, append_unknown=True)
        found.append((path, set(url_rule.methods) - IGNORED_METHODS))
    return found


def send(
    actor: Actor,
    method: str,
    url: str,
    recorder: WriteRecorder,
    data: dict | None = None,
    csrf: bool = True,
    bearer: bool = True,
) -> Outcome:
    """One request as `actor`, with its session cookie, its CSRF token (unless `csrf` is false) and,
    under /api/, its bearer token (unless `bearer` is false)."""
    headers = {}
    if url.startswith("/api/") and actor.api_token and bearer:
        headers["Authorization"] = f"Bearer {actor.api_token}"
    body = None
    if method not in ("GET", "HEAD"):
        body = dict(data or {})
        if csrf:
            body["csrf_token"] = actor.csrf_token if csrf is True else csrf
    with rolled_back():
        recorder.statements, recorder.active = [], True
        try:
            response = actor.fresh_client().open(url, method=method, data=body, headers=headers)
        except Exception as error:  # noqa: BLE001  (reported by the sweep as a server error)
            return Outcome(500, writes=list(recorder.statements), error=f"{type(error).__name__}: {error}"[:300])
        finally:
            recorder.active = False
    response.close()  # a streamed file (media, static) would otherwise stay open
    return Outcome(response.status_code, response.headers.get("Location", ""), list(recorder.statements))
