"""The web import as an organiser meets it: each reason in the reader's language with no codes beside
it, and "Import this file" after a dry run, with the file kept an hour for its uploader only."""

import csv
import html
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.catalogue.imports import kept
from marketplace.catalogue.imports.models import ImportJob
from marketplace.core.models import utcnow
from tests.catalogue.import_fixtures import csv_bytes, producer_with, row, tax_code
from tests.catalogue.test_import_web import last_job, upload
from tests.conftest import csrf_token_from


@pytest.fixture(autouse=True)
def _inline_jobs(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_JOBS_INLINE", True)


def a_list() -> bytes:
    return csv_bytes(
        [row(1, "A"), row(2, "A", province="Tỉnh Không Có"), row(3, "A", province="Hà Tây", commune="Xã Phú Nghĩa")]
    )


def set_language(db, user, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def shown_lines(text: str) -> list[str]:
    items = re.findall(r"<li data-code=[^>]*>(.*?)</li>", text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_reasons_follow_the_reader_s_language_and_show_no_codes(client, db, login, make_user):
    organiser = login(make_user("organiser", locale="vi"))
    response = upload(client, a_list())
    job_page = response.headers["Location"]

    vietnamese = client.get(job_page).get_data(as_text=True)
    lines = shown_lines(vietnamese)
    assert 'Dòng 3: Không tìm thấy tỉnh, thành phố "Tỉnh Không Có".' in lines
    assert any(line.startswith('Dòng 4: "Hà Tây" là tên tỉnh cũ') for line in lines)
    assert "(province_unknown)" not in vietnamese and "province_former" not in "".join(lines)

    set_language(db, organiser, "en")  # the same report, read by the organiser now browsing in English
    english = shown_lines(client.get(job_page).get_data(as_text=True))
    assert 'The province "Tỉnh Không Có" is not one we know.' in " ".join(english)
    assert any("is a former province (1965–1975; 1991–2008); it was recorded as Hà Nội" in line for line in english)
    assert not any("tên tỉnh cũ" in line for line in english)

    report = client.get(f"{job_page}/report.csv").get_data().decode("utf-8-sig")
    details = [line[3] for line in list(csv.reader(io.StringIO(report)))[1:]]
    assert 'The province "Tỉnh Không Có" is not one we know.' in details  # the download follows too


def kept_form(text: str) -> str | None:
    match = re.search(r'action="(/manage/imports/kept/[0-9a-f]{40})"', text)
    return match.group(1) if match else None


def test_after_a_dry_run_the_same_file_is_imported_without_uploading_it_again(client, db, login, make_user):
    login(make_user("organiser", locale="en"))
    dry = upload(client, a_list(), filename="thang-7.csv", dry_run=True)
    page = client.get(dry.headers["Location"]).get_data(as_text=True)
    action = kept_form(page)
    assert action and "Import this file" in page
    assert producer_with(db, tax_code(1)) is None

    response = client.post(action, data={"csrf_token": csrf_token_from(page)})

    assert response.status_code == 303
    job = last_job(db)
    assert (job.dry_run, job.status, job.filename, job.created) == (False, "done", "thang-7.csv", 2)
    assert producer_with(db, tax_code(1)) is not None
    assert "Import this file" not in client.get(response.headers["Location"]).get_data(as_text=True)
    again = client.post(action, data={"csrf_token": csrf_token_from(page)})  # the kept copy went with it
    assert again.status_code == 410


def test_the_kept_file_is_only_for_the_account_that_uploaded_it(app, client, db, login, make_user):
    login(make_user("organiser"))
    dry = upload(client, a_list(), dry_run=True)
    page = client.get(dry.headers["Location"]).get_data(as_text=True)
    action = kept_form(page)
    jobs_before = db.session.scalar(select(func.count()).select_from(ImportJob))

    colleague = app.test_client()
    login(make_user("organiser", locale="en"), colleague)
    other_page = colleague.get(dry.headers["Location"]).get_data(as_text=True)
    assert kept_form(other_page) is None  # the colleague sees the report, not the offer
    refused = colleague.post(action, data={"csrf_token": csrf_token_from(other_page)})

    assert refused.status_code == 410
    assert "Upload it again" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == jobs_before


def test_a_kept_file_past_its_hour_asks_for_a_new_upload(app, client, db, login, make_user):
    login(make_user("organiser", locale="en"))
    dry = upload(client, a_list(), dry_run=True)
    page = client.get(dry.headers["Location"]).get_data(as_text=True)
    action = kept_form(page)
    meta = Path(app.config["DATA_DIR"]) / "imports" / "kept" / f"{action.rsplit('/', 1)[1]}.json"
    data = json.loads(meta.read_text())
    data["expires_at"] = (utcnow() - timedelta(seconds=1)).isoformat()  # the hour is over
    meta.write_text(json.dumps(data))

    response = client.post(action, data={"csrf_token": csrf_token_from(page)})

    assert response.status_code == 410
    text = response.get_data(as_text=True)
    assert "no longer kept" in text and "Upload it again" in text
    assert not meta.exists() and not meta.with_suffix(".upload").exists()  # and it is gone from the disk
    assert producer_with(db, tax_code(1)) is None


def test_a_made_up_kept_id_and_a_post_without_its_token_are_refused(client, db, login, make_user):
    login(make_user("organiser", locale="en"))
    dry = upload(client, a_list(), dry_run=True)
    page = client.get(dry.headers["Location"]).get_data(as_text=True)
    token = csrf_token_from(page)

    assert client.post(f"/manage/imports/kept/{'0' * 40}", data={"csrf_token": token}).status_code == 410
    assert client.post("/manage/imports/kept/../../etc", data={"csrf_token": token}).status_code in (404, 410)
    assert client.post(kept_form(page), data={}).status_code == 400  # CSRF


def test_producers_cannot_use_a_kept_file(app, client, db, login, make_user):
    login(make_user("organiser"))
    dry = upload(client, a_list(), dry_run=True)
    action = kept_form(client.get(dry.headers["Location"]).get_data(as_text=True))
    producer_client = app.test_client()
    login(make_user("producer"), producer_client)
    with app.test_request_context():
        assert kept.purge_expired() == 0  # nothing expired: the dry run's copy stays
    token = csrf_token_from(producer_client.get("/").get_data(as_text=True))
    assert producer_client.post(action, data={"csrf_token": token}).status_code == 403
