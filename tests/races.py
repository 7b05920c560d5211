"""Plumbing for race tests: several signed-in browsers send their requests at the same instant to an
app on a database of its own, so each request holds its own connection and the database, not Python,
has to settle who wins. Each test keeps its own seeding and its own assertions."""

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from marketplace import create_app
from tests.conftest import FreshContextClient, csrf_token_from
from tests.support import database_url_for, prepare_database

# SQLite lets one writer in at a time, so it serialises the requests and the race never happens.
needs_postgresql = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL run: set TEST_DATABASE_URL (SQLite has a single writer)",
)

# Long enough for a slow shared machine; a request still running after it is a hang, not a race lost.
REQUEST_TIMEOUT_S = 120


def race_app(tag: str, tmp_path: Path):
    """A migrated app on a fresh database named after `tag`: the suite's shared `app` runs every test
    in one transaction on one connection, where concurrent requests could not collide."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": f"{tag}-secret-key-for-tests",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": database_url_for(tag, tmp_path),
            "RATELIMIT_ENABLED": False,  # the parallel requests come from one address
            "JOBS_REDIS_URL": None,
        }
    )
    # Requests from threads must not share the test's app context (its `g`: user, CSRF token).
    app.test_client_class = FreshContextClient
    prepare_database(app)
    return app


def signed_in_clients(app, logins: list[str], page: str) -> tuple[list, list[str]]:
    """One browser per login (from open_login), each with the CSRF token of its own GET of `page`,
    so the racing POSTs are nothing but the writes under test."""
    clients, tokens = [], []
    for login in logins:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = login, True
        tokens.append(csrf_token_from(client.get(page).get_data(as_text=True)))
        clients.append(client)
    return clients, tokens


def run_together(count: int, action: Callable[[int], object]) -> list:
    """Call action(0) … action(count - 1) in threads released by one barrier, so they overlap in the
    database, and return their answers in order. A request that raises or hangs fails the test here
    rather than leaving a placeholder answer behind."""
    start = threading.Barrier(count)
    answers: list = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait(timeout=REQUEST_TIMEOUT_S)
            answers[index] = action(index)
        except BaseException as error:  # raised again in the test's thread, where it fails the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,), daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT_S)
    if errors:
        raise errors[0]
    stuck = [index for index, thread in enumerate(threads) if thread.is_alive()]
    assert not stuck, f"requests {stuck} still running after {REQUEST_TIMEOUT_S} s"
    return answers
