"""Job-queue fixtures: a real Redis (REDIS_URL; the tests skip without it), a database of its own
whose rows are really committed (a worker in another process reads them, so the rolled-back `db`
fixture will not do), an RQ queue of its own per test, and `flask jobs work` run as a subprocess."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.accounts.session import open_login
from marketplace.config import PROJECT_ROOT
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.jobs.registry import queue_for
from tests import factories
from tests.conftest import FreshContextClient
from tests.jobs import handlers  # noqa: F401  (the test-only jobs, known to enqueue() here too)
from tests.support import database_url_for, dispose_engines, prepare_database

WORKER = [sys.executable, "-m", "flask", "--app", "tests.jobs.worker_app", "jobs", "work"]


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("the job queue needs a real Redis: set REDIS_URL (the CI's PostgreSQL run does)")
    return url


@pytest.fixture(scope="session")
def jobs_app(tmp_path_factory, redis_url):
    data_dir = tmp_path_factory.mktemp("jobs")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "jobs-test-secret-key",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("jobs", data_dir),
            "SERVER_NAME_FOR_MAIL": "http://localhost",
            "RATELIMIT_ENABLED": False,
            "JOBS_REDIS_URL": redis_url,
            "JOBS_RETRY_SECONDS": 0,
        }
    )
    app.test_client_class = FreshContextClient
    prepare_database(app)
    yield app
    dispose_engines(app)


@pytest.fixture
def queue(jobs_app, monkeypatch):
    """This test's own RQ queue (parallel runs and other tests never meet), removed after with its jobs."""
    monkeypatch.setitem(jobs_app.config, "JOBS_QUEUE", f"cnnt-test-{uuid.uuid4().hex[:12]}")
    found = queue_for(jobs_app)
    yield found
    registries = (
        found.started_job_registry,
        found.scheduled_job_registry,
        found.failed_job_registry,
        found.finished_job_registry,
        found.deferred_job_registry,
        found.canceled_job_registry,
    )
    ids = set(found.get_job_ids()).union(*(r.get_job_ids(cleanup=False) for r in registries))
    for pattern in [f"rq:*{found.name}*", *(f"rq:*{job_id}*" for job_id in ids)]:
        for key in found.connection.scan_iter(pattern):
            found.connection.delete(key)


@pytest.fixture
def outbox_of(jobs_app):
    """The mail the jobs app (and its workers: same DATA_DIR) wrote during this test, as (To, Subject)."""
    import email
    import email.policy

    folder = Path(jobs_app.config["DATA_DIR"]) / "outbox"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()

    def read():
        messages = [
            email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(folder.glob("*.eml"))
        ]
        return [(m["To"], m["Subject"]) for m in messages]

    return read


def worker_env(app, queue, lease_seconds: float = 60) -> dict:
    return {
        **os.environ,
        "REDIS_URL": app.config["JOBS_REDIS_URL"],
        "JOBS_TEST_QUEUE": queue.name,
        "JOBS_TEST_DATA_DIR": str(app.config["DATA_DIR"]),
        "JOBS_TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_TEST_LEASE_SECONDS": str(lease_seconds),
    }


def run_burst(app, queue) -> str:
    """`flask jobs work --burst` in a process of its own; returns what it printed."""
    done = subprocess.run(
        [*WORKER, "--burst"],
        env=worker_env(app, queue),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def start_worker(app, queue, lease_seconds: float) -> subprocess.Popen:
    """A `flask jobs work` in a session of its own: killing its process group kills the worker and
    the RQ scheduler it forked, as systemd or a lost host would."""
    return subprocess.Popen(
        WORKER,
        env=worker_env(app, queue, lease_seconds),
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def notes(app, prefix: str) -> list[str]:
    """What the test jobs recorded (committed audit rows) under this test's prefix."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.subject)
                .where(AuditEvent.action == "test_job", AuditEvent.subject.startswith(prefix))
                .order_by(AuditEvent.id)
            )
        )


def committed_user(app, role: str, locale: str = "en", **extra) -> SimpleNamespace:
    """A committed account (id, login_id, email): a worker in another process must be able to read it."""
    with app.app_context():
        user = factories.user(
            role,
            email=f"{role}-{uuid.uuid4().hex[:10]}@jobs.example.vn",
            name=f"{role.title()} J",
            locale=locale,
            **extra,
        )
        login_id = open_login(user)
        db.session.commit()
        return SimpleNamespace(id=user.id, login_id=login_id, email=user.email)


def client_for(app, user: SimpleNamespace):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.login_id, True
    return client


@pytest.fixture(autouse=True)
def _limits_off_as_this_apps_are(limits_off):
    """This directory's apps run with RATELIMIT_ENABLED false (see tests/conftest.py: limits_off)."""
