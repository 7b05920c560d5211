"""The awards pages through real requests: who may see and do what, forms, statuses and what stays hidden."""

import io

import pytest
from sqlalchemy import select

from marketplace.awards import services_programmes as programmes
from marketplace.awards.models import Nomination, Vote
from tests import factories
from tests.conftest import csrf_token_from, post_form
from tests.factories import jpeg_bytes, pdf_bytes


def test_programme_in_preparation_is_hidden_from_the_public(client, organiser):
    programme = factories.programme(organiser, commit=True)

    assert client.get(f"/awards/{programme.id}").status_code == 404
    assert programme.name not in client.get("/awards/").get_data(as_text=True)


def test_organiser_creates_a_programme_with_the_official_sheet(client, login, organiser, db):
    login(organiser)
    response = post_form(
        client,
        "/awards/manage/",
        "/awards/manage/",
        {
            "name": "Bình chọn cấp tỉnh 2026",
            "year": "2026",
            "level": "province",
            "area": "Thanh Hoá",
            "groups": ["1", "2"],
        },
    )

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bình chọn cấp tỉnh 2026" in page
    assert 'value="40"' in page and 'value="10"' in page


def test_a_bad_programme_form_says_why_with_422(client, login, organiser):
    login(organiser)
    response = post_form(
        client,
        "/awards/manage/",
        "/awards/manage/",
        {"name": "X", "year": "2026", "level": "province", "area": "Atlantis", "groups": ["1"]},
    )

    assert response.status_code == 422
    assert "tỉnh" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("role", ["producer", "buyer", "juror"])
def test_only_organisers_reach_the_management_pages(client, login, make_user, organiser, role):
    programme = factories.programme(organiser, commit=True)
    login(make_user(role))

    assert client.get("/awards/manage/").status_code == 403
    assert client.get(f"/awards/manage/{programme.id}").status_code == 403


def test_producer_nominates_fills_attaches_and_submits_a_dossier(client, login, organiser, db):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    _producer, (product,), owner = factories.entrant(commit=True)
    login(owner)

    opened = post_form(
        client,
        f"/awards/{programme.id}/nominate",
        f"/awards/{programme.id}/nominate",
        {"product": str(product.id), "group": "1"},
    )
    assert opened.status_code == 302
    dossier = opened.headers["Location"]
    post_form(
        client,
        dossier,
        dossier,
        {
            "description": "Mô tả",
            "production": "1000/năm",
            "markets": "HN",
            "own_product": "y",
            "made_in_series": "y",
            "meets_standards": "y",
        },
    )
    files = [("registration", "dkkd.pdf", pdf_bytes())] + [("photo", f"{i}.jpg", jpeg_bytes()) for i in range(3)]
    for kind, name, data in files:
        uploaded = post_form(
            client,
            dossier,
            f"{dossier}/documents",
            {"kind": kind, "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert uploaded.status_code == 303
    submitted = post_form(client, dossier, f"{dossier}/submit", {})

    assert submitted.status_code == 303
    nomination = db.session.scalars(select(Nomination)).one()
    db.session.refresh(nomination)
    assert nomination.status == "submitted" and len(nomination.documents) == 4


def test_a_rejected_upload_is_explained_with_422_and_nothing_stored(client, login, organiser, db):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    from marketplace.awards import services_dossiers as dossiers

    nomination = dossiers.nominate(programme, product, 1, owner)
    db.session.commit()
    login(owner)
    page = f"/awards/nominations/{nomination.id}"

    response = post_form(
        client,
        page,
        f"{page}/documents",
        {"kind": "photo", "file": (io.BytesIO(b"not a photo"), "x.jpg")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "x.jpg" in response.get_data(as_text=True)
    db.session.refresh(nomination)
    assert nomination.documents == []


def test_another_producer_cannot_see_a_dossier_or_its_files(client, login, running, make_user):
    entry = running.entries[0]
    login(make_user("producer"))

    assert client.get(f"/awards/nominations/{entry.id}").status_code == 404
    assert client.get(f"/awards/nominations/{entry.id}/documents/{entry.documents[0].id}").status_code == 404


def test_assigned_juror_reads_the_dossier_files_but_a_buyer_does_not(client, login, running, make_user):
    entry = running.entries[0]
    document = entry.documents[0]
    login(running.jurors[0])
    assert client.get(f"/awards/nominations/{entry.id}/documents/{document.id}").status_code == 200

    login(make_user("buyer"))
    assert client.get(f"/awards/nominations/{entry.id}/documents/{document.id}").status_code == 404


def test_juror_saves_a_draft_then_submits_and_the_sheet_locks(client, login, running, db):
    juror = running.jurors[0]
    sheet = running.sheet(running.entries[0], juror)
    criteria = running.programme.criteria
    login(juror)
    page = f"/awards/jury/sheets/{sheet.id}"
    scores = {f"points-{c.id}": str(v) for c, v in zip(criteria, (35, 30, 8, 7), strict=True)}

    over = post_form(client, page, page, {**scores, f"points-{criteria[2].id}": "11", "action": "save"})
    saved = post_form(client, page, page, {**scores, "action": "save"})
    submitted = post_form(client, page, page, {**scores, "action": "submit"})
    again = post_form(client, page, page, {**scores, "action": "save"})

    assert over.status_code == 422 and "10" in over.get_data(as_text=True)
    assert saved.status_code == 303 and submitted.status_code == 303
    assert again.status_code == 409
    db.session.refresh(sheet)
    assert sheet.status == "submitted" and str(sheet.total) == "80.00"


def test_jurors_do_not_see_other_jurors_scores_until_judging_closes(client, login, running, organiser, db):
    entry = running.entries[0]
    a, b, _c = running.jurors
    running.score(entry, b, {"market": 33, "economic": 31, "culture": 9, "other": 4})  # 77
    db.session.commit()
    login(a)
    page = f"/awards/jury/sheets/{running.sheet(entry, a).id}"

    during = client.get(page).get_data(as_text=True)
    running.score_all()
    programmes.advance_phase(running.programme, organiser)
    db.session.commit()
    after = client.get(page).get_data(as_text=True)

    assert b.display_name not in during and "77,00" not in during
    assert b.display_name in after and "77,00" in after


def test_a_juror_cannot_open_another_jurors_sheet(client, login, running):
    login(running.jurors[1])
    sheet = running.sheet(running.entries[0], running.jurors[0])

    assert client.get(f"/awards/jury/sheets/{sheet.id}").status_code == 404


def test_organiser_reopens_a_submitted_sheet_with_a_reason(client, login, running, organiser, db):
    sheet = running.score(running.entries[0], running.jurors[0])
    db.session.commit()
    login(organiser)
    jury_page = f"/awards/manage/{running.programme.id}/jury"

    missing = post_form(client, jury_page, f"/awards/manage/sheets/{sheet.id}/reopen", {"reason": ""})
    reopened = post_form(client, jury_page, f"/awards/manage/sheets/{sheet.id}/reopen", {"reason": "Nhập nhầm"})

    assert missing.status_code == 422
    assert reopened.status_code == 303
    db.session.refresh(sheet)
    assert sheet.status == "draft"


def test_visitor_votes_once_per_group_and_counts_stay_hidden(client, login, running, make_user, db):
    programme = running.to_voting()
    first, second, _food = running.entries
    login(make_user("buyer"))
    page = f"/awards/{programme.id}"

    voted = post_form(client, page, f"{page}/vote", {"nomination_id": str(first.id)})
    twice = post_form(client, page, f"{page}/vote", {"nomination_id": str(second.id)})
    public = client.get(page).get_data(as_text=True)

    assert voted.status_code == 303
    assert twice.status_code == 409
    assert "Bạn đã bình chọn" in public
    early = client.get(f"{page}/results")
    assert early.status_code == 404 and "chưa được công bố" in early.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Vote.id))) == 1


def test_an_unverified_visitor_is_refused_a_vote(client, login, running, make_user):
    programme = running.to_voting()
    login(make_user("buyer", verified=False))
    page = f"/awards/{programme.id}"

    assert post_form(client, page, f"{page}/vote", {"nomination_id": str(running.entries[0].id)}).status_code == 403


def test_votes_are_rate_limited(client, login, running, make_user):
    programme = running.to_voting()
    login(make_user("buyer"))
    page = f"/awards/{programme.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))

    statuses = [
        client.post(f"{page}/vote", data={"csrf_token": token, "nomination_id": str(running.entries[0].id)}).status_code
        for _ in range(21)
    ]

    assert statuses[0] == 303 and set(statuses[1:20]) == {409}
    assert statuses[20] == 429


def test_organiser_publishes_and_everyone_downloads_a_certificate_with_a_qr_code(client, login, running, organiser, db):
    programme = running.to_voting()
    login(organiser)
    published = post_form(
        client,
        f"/awards/manage/{programme.id}/results",
        f"/awards/manage/{programme.id}/publish",
        {"confirm": "end_vote_early"},
    )
    assert published.status_code == 303

    anonymous = client.application.test_client()
    results = anonymous.get(f"/awards/{programme.id}/results")
    assert results.status_code == 200
    page = results.get_data(as_text=True)
    code = page.split("/awards/certificates/")[1].split(".pdf")[0]
    pdf = anonymous.get(f"/awards/certificates/{code}.pdf")
    verify = anonymous.get(f"/awards/verify/{code}").get_data(as_text=True)

    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    # The vendored DejaVu Sans is embedded (Vietnamese renders anywhere), and the QR code is an image.
    assert b"/FontFile2" in pdf.data and b"DejaVuSans" in pdf.data and b"/Subtype /Image" in pdf.data
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert "31/12/2029" in verify and "15/03/2026" in verify
    assert anonymous.get("/awards/verify/not-a-code").status_code == 404


def test_the_home_page_shows_the_programme_in_its_vote(client, running):
    programme = running.to_voting()

    page = client.get("/").get_data(as_text=True)

    assert programme.name in page
    assert running.entries[0].product.name in page
