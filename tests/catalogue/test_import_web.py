"""The organisers' web import through real requests: who may use it, the checked upload, the job
from upload to report (run inline here; test_import_thread runs a real thread), progress without
JavaScript, dead jobs marked failed, and the downloadable report."""

import csv
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from marketplace.catalogue.imports import jobs
from marketplace.catalogue.imports.models import ImportJob
from marketplace.catalogue.imports.reader import MAX_UNPACKED_BYTES
from marketplace.core.models import utcnow
from tests.catalogue.import_fixtures import csv_bytes, producer_with, product_of, row, tax_code, xlsx_bytes
from tests.conftest import csrf_token_from

NEW = "/manage/imports/new"


@pytest.fixture(autouse=True)
def _inline_jobs(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_JOBS_INLINE", True)


@pytest.fixture
def organiser(make_user, login):
    return login(make_user("organiser", locale="en"))


def a_list() -> bytes:
    return csv_bytes(
        [row(1, "A"), row(1, "B"), row(2, "A", ocop_stars="6"), row(3, "A", commune="Xã Mới Lập")], bom=True
    )


def upload(client, data: bytes, filename: str = "danh-sach.csv", dry_run: bool = False, token: str | None = None):
    token = token or csrf_token_from(client.get(NEW).get_data(as_text=True))
    form = {"csrf_token": token, "file": (io.BytesIO(data), filename)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post(NEW, data=form, content_type="multipart/form-data")


def job_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ImportJob))


def last_job(db) -> ImportJob:
    db.session.expire_all()
    return db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))


def test_an_organiser_imports_a_list_and_reads_the_report(client, db, organiser):
    response = upload(client, a_list())

    assert response.status_code == 303
    job = last_job(db)
    assert response.headers["Location"].endswith(f"/manage/imports/{job.id}")
    assert (job.status, job.total_rows, job.created, job.rejected, job.warnings) == ("done", 4, 3, 1, 1)
    assert (job.producers_created, job.created_by_id, job.dry_run) == (2, organiser.id, False)
    assert product_of(db, tax_code(1), "B").status == "published"

    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Finished" in text and 'http-equiv="refresh"' not in text
    assert "Row 4" in text and "ocop_stars_invalid" in text and "OCOP stars must be a number from 0 to 5" in text
    assert "Row 5" in text and "commune_unknown" in text
    assert f"/manage/imports/{job.id}/report.csv" in text


def test_the_report_downloads_as_csv_with_every_line(client, db, organiser):
    upload(client, a_list())
    job = last_job(db)

    response = client.get(f"/manage/imports/{job.id}/report.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert lines[0] == ["Row", "Result", "Code", "Details"]
    assert [line[:3] for line in lines[1:]] == [
        ["2", "created", ""],
        ["3", "created", ""],
        ["4", "rejected", "ocop_stars_invalid"],
        ["5", "created", ""],
        ["5", "warning", "commune_unknown"],
    ]


def test_the_list_of_past_imports_shows_each_job(client, db, organiser):
    upload(client, a_list(), filename="thang-5.csv")
    upload(client, a_list(), filename="thang-6.csv", dry_run=True)

    text = client.get("/manage/imports").get_data(as_text=True)

    assert text.index("thang-6.csv") < text.index("thang-5.csv")  # newest first
    assert "Dry run" in text and "4 rows: 3 created" in text and "4 rows: 0 created, 0 updated, 3 unchanged" in text


def test_a_dry_run_from_the_web_saves_nothing_and_says_so(client, db, organiser):
    response = upload(client, a_list(), dry_run=True)

    job = last_job(db)
    assert (job.status, job.dry_run, job.created) == ("done", True, 3)
    assert producer_with(db, tax_code(1)) is None
    assert "nothing was saved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_xlsx_workbook_is_imported_from_the_web(client, db, organiser):
    data = xlsx_bytes([list(row(7).values())])

    upload(client, data, filename="danh-sach.xlsx")

    assert last_job(db).created == 1
    assert product_of(db, tax_code(7), "SP01") is not None


def test_a_file_the_job_cannot_read_ends_the_job_as_failed_with_the_reason(client, db, organiser):
    response = upload(client, "Tên,Giá\nGiỏ,1\n".encode())

    job = last_job(db)
    assert job.status == "failed" and job.finished_at is not None
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Failed" in text and "The file has no column for" in text and "refresh" not in text
    assert client.get(f"/manage/imports/{job.id}/report.csv").status_code == 404


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (None, "", "Choose a file to import."),
        (b"producer_name\nA\n", "danh-sach.pdf", "Only CSV files and Excel workbooks"),
        (b"producer_name\nA\n", "danh-sach.xls", "Only CSV files and Excel workbooks"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "anh.csv", "is not what its name says"),
        (b"producer_name,tax_code\nA,1\n", "danh-sach.xlsx", "is not what its name says"),
        (b"   \n", "rong.csv", "The file is empty."),
    ],
)
def test_an_upload_that_is_not_a_list_is_refused_with_a_message(client, db, organiser, data, filename, message):
    token = csrf_token_from(client.get(NEW).get_data(as_text=True))
    form = {"csrf_token": token}
    if data is not None:
        form["file"] = (io.BytesIO(data), filename)

    response = client.post(NEW, data=form, content_type="multipart/form-data")

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert job_count(db) == 0


def test_a_file_over_the_size_limit_is_refused(app, client, db, organiser, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 300 * 1024)  # small: the test client spools bigger bodies

    response = upload(client, a_list() + b"#" * (300 * 1024))

    assert response.status_code == 422
    assert "larger than 300 KB" in response.get_data(as_text=True)
    assert job_count(db) == 0


def test_a_zip_bomb_is_refused_at_upload_before_anything_is_stored(app, client, db, organiser):
    """Regression (upload sweep): it was queued and stored, and only the job refused it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (MAX_UNPACKED_BYTES + 1))
    stored = Path(app.config["DATA_DIR"]) / "imports"
    before = sorted(stored.glob("*")) if stored.exists() else []

    response = upload(client, buffer.getvalue(), "danh-sach.xlsx")

    assert response.status_code == 422
    assert "too large once unpacked" in response.get_data(as_text=True)
    assert job_count(db) == 0
    assert (sorted(stored.glob("*")) if stored.exists() else []) == before


def test_the_job_keeps_only_a_clean_name_of_the_uploaded_file(client, db, organiser):
    """Regression (upload sweep): a NUL in the file's name was a 500 on PostgreSQL."""
    assert upload(client, a_list(), "../../danh\x00 sách\u202e.csv").status_code == 303

    assert last_job(db).filename == "danh sách.csv"


def test_an_upload_without_the_csrf_token_is_refused(client, db, organiser):
    response = client.post(NEW, data={"file": (io.BytesIO(a_list()), "a.csv")}, content_type="multipart/form-data")

    assert response.status_code == 400
    assert job_count(db) == 0


def test_a_job_still_running_shows_progress_and_refreshes_itself_without_javascript(client, db, organiser):
    job = jobs.create_job(organiser, "dang-chay.csv", a_list(), dry_run=False)
    job.status, job.total_rows, job.processed_rows = "running", 2000, 500
    db.session.commit()

    text = client.get(f"/manage/imports/{job.id}").get_data(as_text=True)

    assert re.search(r'<meta http-equiv="refresh" content="\d+">', text)
    assert '<progress id="import-progress"' in text and 'value="25"' in text
    assert "500 of 2000 rows done" in text and "<script>" not in text


def test_a_new_import_waits_for_the_one_running(client, db, organiser):
    running = jobs.create_job(organiser, "dang-chay.csv", a_list(), dry_run=False)
    running.status = "running"
    db.session.commit()

    response = upload(client, a_list())

    assert response.status_code == 409
    assert "Another import is still running" in response.get_data(as_text=True)
    assert job_count(db) == 1


def test_a_job_that_died_is_shown_failed_then_marked_failed_when_the_next_import_starts(client, db, organiser):
    dead = jobs.create_job(organiser, "mat-dien.csv", a_list(), dry_run=False)
    dead.status = "running"
    db.session.commit()
    db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == dead.id)
        .values(updated_at=utcnow() - jobs.STALE_AFTER - timedelta(minutes=1))
    )
    db.session.commit()

    text = client.get(f"/manage/imports/{dead.id}").get_data(as_text=True)
    assert "Failed" in text and "stopped before it finished" in text and "refresh" not in text
    assert "Failed" in client.get("/manage/imports").get_data(as_text=True)

    assert upload(client, a_list()).status_code == 303  # the dead job does not block the next one
    db.session.expire_all()
    dead = db.session.get(ImportJob, dead.id)
    assert (dead.status, dead.finished_at is not None) == ("failed", True)
    assert "stopped before it finished" in dead.error
    assert last_job(db).status == "done"


def test_the_empty_list_template_has_every_column_and_imports_cleanly(client, db, organiser):
    response = client.get("/manage/imports/template.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    upload(client, response.get_data())
    job = last_job(db)
    assert (job.created, job.rejected, job.warnings) == (1, 0, 0)


def test_the_pages_work_in_vietnamese(client, db, make_user, login):
    login(make_user("admin", locale="vi"))
    upload(client, a_list())
    job = last_job(db)

    text = client.get(f"/manage/imports/{job.id}").get_data(as_text=True)

    assert "Dòng 4" in text and "Đã xong" in text


URLS = [
    "/manage/imports",
    NEW,
    "/manage/imports/{id}",
    "/manage/imports/{id}/report.csv",
    "/manage/imports/template.csv",
]


@pytest.fixture
def finished_job(db, make_user):
    staff = make_user("organiser")
    job = jobs.create_job(staff, "xong.csv", b"x", dry_run=False)
    job.status, job.report = "done", [{"row": 2, "status": "created", "code": "", "reason": ""}]
    db.session.commit()
    return job


@pytest.mark.parametrize("role", ["producer", "buyer", "juror"])
def test_accounts_other_than_staff_are_refused_everywhere(client, db, make_user, login, finished_job, role):
    login(make_user(role))
    for url in URLS:
        assert client.get(url.format(id=finished_job.id)).status_code == 403, url
    assert client.get("/manage/imports/999999").status_code == 403  # nothing tells them which ids exist
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    assert upload(client, a_list(), token=token).status_code == 403
    assert job_count(db) == 1 and producer_with(db, tax_code(1)) is None


def test_anonymous_visitors_are_sent_to_log_in(client, db, finished_job):
    for url in URLS:
        response = client.get(url.format(id=finished_job.id))
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = upload(client, a_list(), token=token)
    assert response.status_code == 302 and job_count(db) == 1


def test_staff_see_a_404_for_an_import_that_does_not_exist(client, db, organiser):
    assert client.get("/manage/imports/999999").status_code == 404
    assert client.get("/manage/imports/999999/report.csv").status_code == 404


def test_staff_find_the_import_from_their_account_page_and_producers_do_not(client, make_user, login):
    login(make_user(role="organiser"))
    assert 'href="/manage/imports"' in client.get("/account/").get_data(as_text=True)
    login(make_user(role="producer"))
    assert 'href="/manage/imports"' not in client.get("/account/").get_data(as_text=True)
