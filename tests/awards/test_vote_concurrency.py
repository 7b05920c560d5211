"""One vote per account per product group holds under concurrent requests to a real multi-process server
(gunicorn, several workers, the test's own database: SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, func, select

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db as _db
from tests.support import database_url_for, prepare_database

VOTERS = 6
ATTEMPTS_PER_VOTER = 5  # each voter fires this many votes at once, for different entries of one group
WORKERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(app) -> dict:
    """A programme in its public vote with entries in group 1, and verified voters holding API tokens."""
    from flask_babel import force_locale

    from marketplace.accounts.models import User
    from marketplace.accounts.services import issue_api_token
    from marketplace.awards import services_dossiers as dossiers
    from marketplace.awards import services_jury as jury
    from marketplace.awards import services_programmes as programmes
    from marketplace.catalogue import services as catalogue
    from marketplace.core.models import utcnow
    from marketplace.producers import services as producers
    from tests.factories import fill_dossier

    with app.app_context(), force_locale("en"):

        def user(role, n):
            account = User(
                email=f"{role}{n}@votes.test",
                display_name=f"{role} {n}",
                password_hash="x",
                role=role,
                email_verified_at=utcnow(),
            )
            _db.session.add(account)
            return account

        organiser, juror = user("organiser", 0), user("juror", 0)
        _db.session.flush()
        programme = programmes.create_programme(
            {"name": "Concurrency", "year": 2026, "level": "province", "area": "38", "groups": (1,)}, organiser
        )
        programmes.update_settings(
            programme,
            {
                "voting_opens_at": utcnow() - timedelta(hours=1),
                "voting_closes_at": utcnow() + timedelta(days=1),
                "decision_number": "1/QĐ",
                "decision_date": date(2026, 3, 15),
            },
            organiser,
        )
        programmes.advance_phase(programme, organiser)
        entries = []
        for n in range(ATTEMPTS_PER_VOTER):
            owner = user("producer", n)
            _db.session.flush()
            producer = producers.create_producer(
                {"name": f"Cơ sở {n}", "establishment_type": "household", "province_code": "38"}, created_by=owner
            )
            product = catalogue.create_product(producer, {"code": f"C{n}", "name": f"Sản phẩm {n}", "group_number": 1})
            catalogue.publish_product(product)
            nomination = dossiers.nominate(programme, product, 1, owner)
            fill_dossier(nomination, owner)
            dossiers.submit_dossier(nomination, owner)
            entries.append(nomination)
        programmes.advance_phase(programme, organiser)
        for nomination in entries:
            dossiers.screen(nomination, "accept", None, organiser)
        jury.appoint_juror(programme, juror, 1, organiser)
        programmes.advance_phase(programme, organiser)
        jury.assign_entries(programme, "all", organiser)
        for nomination in entries:
            sheet = nomination.sheets[0]
            jury.score_entry(sheet, {c.id: c.max_points for c in programme.criteria}, {}, None, juror)
            jury.submit_sheet(sheet, juror)
        programmes.advance_phase(programme, organiser)
        programmes.record_council_approval(programme, "BB 1", organiser)
        programmes.advance_phase(programme, organiser)
        tokens = {}
        for n in range(VOTERS):
            voter = user("buyer", n)
            _db.session.flush()
            tokens[voter.id] = issue_api_token(voter)[0]
        _db.session.commit()
        seeded = {"programme": programme.id, "entries": [e.id for e in entries], "tokens": tokens}
        _db.session.remove()
        _db.engine.dispose()
        return seeded


@pytest.fixture(scope="module")
def vote_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("votes")
    url = database_url_for("votes", data_dir)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "concurrency-test-secret-key",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )
    prepare_database(app)
    seeded = _seed(app)
    port = _free_port()
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "SECRET_KEY": "concurrency-test-secret-key",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": "false",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base, url, seeded
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        server.stdout.close()
        with app.app_context():
            _db.engine.dispose()


def _wait_until_up(base: str, server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {server.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz within 60 s")


def _vote(url: str, token: str, nomination_id: int, barrier: threading.Barrier) -> int:
    request = urllib.request.Request(  # noqa: S310
        url,
        data=json.dumps({"nomination_id": nomination_id}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    barrier.wait(timeout=30)  # every request leaves at the same moment
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_votes_by_one_account_in_one_group_count_once(vote_server):
    base, database_url, seeded = vote_server
    url = f"{base}/api/v1/awards/{seeded['programme']}/votes"
    jobs = [(voter, token, nomination) for voter, token in seeded["tokens"].items() for nomination in seeded["entries"]]
    barrier = threading.Barrier(len(jobs))

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        statuses = list(pool.map(lambda job: (job[0], _vote(url, job[1], job[2], barrier)), jobs))

    by_voter: dict[int, list[int]] = {}
    for voter, status in statuses:
        by_voter.setdefault(voter, []).append(status)
    for voter, codes in by_voter.items():
        assert sorted(codes) == [201] + [409] * (ATTEMPTS_PER_VOTER - 1), (voter, codes)
    from marketplace.awards.models import Vote

    engine = create_engine(database_url)  # the server's database itself, not the suite's
    with engine.connect() as connection:
        counts = dict(connection.execute(select(Vote.user_id, func.count(Vote.id)).group_by(Vote.user_id)).all())
    engine.dispose()
    assert counts == {voter: 1 for voter in seeded["tokens"]}
