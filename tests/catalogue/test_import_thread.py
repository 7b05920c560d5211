"""The web import in a real background thread, on its own database (SQLite, or PostgreSQL from
TEST_DATABASE_URL) so the job has its own connection and really commits while pages read it."""

import io
import time

import pytest
from sqlalchemy import func, select

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.accounts.session import open_login
from marketplace.catalogue.imports import jobs
from marketplace.catalogue.imports.models import ImportJob
from marketplace.catalogue.models import Product
from marketplace.core.models import utcnow
from marketplace.extensions import db
from tests.catalogue.import_fixtures import csv_bytes, row
from tests.conftest import FreshContextClient, csrf_token_from
from tests.support import database_url_for, prepare_database


@pytest.fixture(scope="module")
def thread_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("import-thread")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "import-thread-test-secret-key",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("importthread", data_dir),
            "JOBS_REDIS_URL": None,  # the thread is what is tested here; tests/jobs covers the queue
        }
    )
    app.test_client_class = FreshContextClient
    prepare_database(app)
    with app.app_context():
        db.session.add(
            User(
                email="staff@thread.vn",
                display_name="Staff",
                password_hash="x",
                role="organiser",
                locale="en",
                email_verified_at=utcnow(),
            )
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def staff_client(thread_app):
    client = thread_app.test_client()
    with thread_app.app_context():
        session_id = open_login(db.session.scalar(select(User).where(User.email == "staff@thread.vn")))
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    return client


def upload(client, data: bytes):
    token = csrf_token_from(client.get("/manage/imports/new").get_data(as_text=True))
    return client.post(
        "/manage/imports/new",
        data={"csrf_token": token, "file": (io.BytesIO(data), "lon.csv")},
        content_type="multipart/form-data",
    )


def follow_until_finished(client, url: str, timeout: float = 120) -> str:
    """Read the status page as a browser would while it refreshes itself."""
    deadline = time.monotonic() + timeout
    while True:
        text = client.get(url).get_data(as_text=True)
        if 'http-equiv="refresh"' not in text:
            return text
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.2)


def test_a_web_import_runs_in_a_background_thread_and_commits_batch_by_batch(thread_app, staff_client):
    rows = [row(n // 3 + 1, f"P{n}") for n in range(1100)]

    response = upload(staff_client, csv_bytes(rows))

    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    thread = jobs.thread_of(thread_app, job_id)
    assert thread.name == f"import-{job_id}"
    text = follow_until_finished(staff_client, response.headers["Location"])
    thread.join(timeout=10)
    assert "Finished" in text and "Products created" in text
    with thread_app.app_context():
        job = db.session.get(ImportJob, job_id)
        assert (job.status, job.created, job.rejected, job.processed_rows) == ("done", 1100, 0, 1100)
        assert job.started_at <= job.finished_at
        published = select(func.count()).select_from(Product).where(Product.status == "published")
        assert db.session.scalar(published) == 1100


def test_a_job_whose_thread_died_shows_as_failed_and_blocks_nothing(thread_app, staff_client, monkeypatch):
    monkeypatch.setattr(jobs, "run_job", lambda job_id: None)  # the thread ends without running the job
    response = upload(staff_client, csv_bytes([row(900, "A")]))
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    jobs.thread_of(thread_app, job_id).join(timeout=10)

    text = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Failed" in text and "stopped before it finished" in text and 'http-equiv="refresh"' not in text

    monkeypatch.undo()
    second = upload(staff_client, csv_bytes([row(901, "A")]))
    assert second.status_code == 303
    follow_until_finished(staff_client, second.headers["Location"])
    with thread_app.app_context():
        assert db.session.get(ImportJob, job_id).status == "failed"


def test_a_page_that_read_the_job_before_its_last_commit_does_not_take_the_finished_thread_for_dead(
    thread_app, staff_client
):
    response = upload(staff_client, csv_bytes([row(902, "A")]))
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    jobs.thread_of(thread_app, job_id).join(timeout=10)

    with thread_app.app_context():
        job = db.session.get(ImportJob, job_id)
        assert job.status == "done"
        job.status = "running"  # what a page holds whose read began just before the job's last commit
        assert not jobs.is_stale(job)
        db.session.rollback()
    text = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Finished" in text and "stopped before it finished" not in text
