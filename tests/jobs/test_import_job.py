"""A catalogue import started from the web with REDIS_URL set: the request only queues it, a
`flask jobs work` worker in another process runs it (reading the upload from the shared DATA_DIR),
and the progress page the organiser watches ends on "Finished"."""

import io

from sqlalchemy import func, select

from marketplace.catalogue.imports.models import ImportJob
from marketplace.catalogue.models import Product
from marketplace.extensions import db
from marketplace.jobs.cli import counts
from tests.catalogue.import_fixtures import csv_bytes, row
from tests.conftest import csrf_token_from
from tests.jobs.conftest import client_for, committed_user, run_burst


def test_a_web_import_is_queued_then_run_by_a_worker_and_its_page_shows_it_done(jobs_app, queue):
    staff = client_for(jobs_app, committed_user(jobs_app, "organiser"))
    token = csrf_token_from(staff.get("/manage/imports/new").get_data(as_text=True))
    rows = [row(7000 + n // 2, f"Q{n}") for n in range(6)]

    response = staff.post(
        "/manage/imports/new",
        data={"csrf_token": token, "file": (io.BytesIO(csv_bytes(rows)), "queued.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 303
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    waiting = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting  # queued: nothing runs it in this process
    assert counts(queue)["queued"] == 1

    assert "1 done" in run_burst(jobs_app, queue)

    finished = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in finished and "Finished" in finished and "Products created" in finished
    with jobs_app.app_context():
        job = db.session.get(ImportJob, job_id)
        assert (job.status, job.created, job.rejected) == ("done", 6, 0)
        codes = select(func.count()).select_from(Product).where(Product.code.startswith("Q"))
        assert db.session.scalar(codes) == 6
    assert not (jobs_app.config["DATA_DIR"] / "imports" / f"job-{job_id}.upload").exists()
