"""The lead pages through HTTP: only the exhibitor's own accounts scan and see its leads, a forged code
is refused in place, a second scan continues the lead, the buyer sees and withdraws what was shared, and
the exports carry what they should (and nothing a spreadsheet would run)."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from marketplace.extensions import db
from marketplace.fairs.leads.models import Lead
from marketplace.inquiries.models import Inquiry
from tests import factories
from tests.conftest import csrf_token_from
from tests.inquiries.conftest import visible_text


def _page(w) -> str:
    return f"/fairs/{w['fair'].id}/leads"


def _scan(client, w, code=None, products=(0, 1), note="Muốn 500 bình", rating="4"):
    token = csrf_token_from(client.get(_page(w)).get_data(as_text=True))
    data = {
        "csrf_token": token,
        "code": w["code"] if code is None else code,
        "note": note,
        "rating": rating,
        "products": [str(w["products"][i].id) for i in products],
    }
    return client.post(_page(w), data=data)


def test_the_booth_page_lets_the_exhibitors_staff_use_the_camera(client, login, booth_world):
    login(booth_world["second"])
    response = client.get(_page(booth_world))
    assert response.status_code == 200
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    text = visible_text(response)
    assert "Quét thẻ của người mua" in text and "Bình gốm" in text and "Mẫu nháp" not in text  # drafts not offered


def test_nobody_but_the_exhibitors_accounts_opens_the_booth_page(client, login, booth_world, make_user):
    w = booth_world
    assert client.get(_page(w)).status_code == 302  # to the login page
    outsiders = (w["buyer"], factories.producer_account(commit=True)[0], make_user("organiser"), make_user("admin"))
    for outsider in outsiders:
        login(outsider)
        assert client.get(_page(w)).status_code == 403, outsider
        assert client.get(f"{_page(w)}.csv").status_code == 403
        assert _scan(client, w).status_code in (400, 403)
    assert db.session.query(Lead).count() == 0


def test_a_typed_code_saves_the_lead_and_the_buyer_sees_the_thread_without_the_note(client, login, booth_world):
    w = booth_world
    login(w["staff"])
    response = _scan(client, w)
    assert response.status_code == 303
    lead = db.session.query(Lead).one()
    assert lead.buyer == w["buyer"] and lead.note == "Muốn 500 bình" and lead.rating == 4
    booth = visible_text(client.get(_page(w)))
    assert "Công ty Sen Việt" in booth and "sen.viet@example.vn" in booth and "Muốn 500 bình" in booth
    login(w["buyer"])
    thread = visible_text(client.get(f"/inquiries/{lead.inquiry_id}"))
    assert "Bình gốm" in thread and "Ấm chén" in thread and "Hội chợ CNNT thử nghiệm" in thread
    assert "Muốn 500 bình" not in thread


def test_a_forged_code_is_refused_in_place_with_a_translated_message(client, login, booth_world):
    w = booth_world
    login(w["staff"])
    forged = w["code"][:-1] + ("A" if w["code"][-1] != "A" else "B")
    response = _scan(client, w, code=forged)
    assert response.status_code == 422
    assert "Đây không phải thẻ khách tham quan của sàn" in visible_text(response)
    assert db.session.query(Lead).count() == 0 and db.session.query(Inquiry).count() == 0


def test_scanning_the_same_buyer_twice_continues_the_same_lead_and_thread(client, login, booth_world):
    w = booth_world
    login(w["staff"])
    assert _scan(client, w, products=(0,)).status_code == 303
    login(w["second"])
    assert _scan(client, w, products=(1,), note="Lần hai", rating="0").status_code == 303
    lead = db.session.query(Lead).one()
    assert lead.scans == 2 and lead.products == w["products"][:2] and lead.rating == 4  # no stars: kept
    assert db.session.query(Inquiry).count() == 1 and len(lead.inquiry.messages) == 2


def test_outside_the_fair_the_page_says_when_and_a_scan_writes_nothing(client, login, booth_world):
    w = booth_world
    w["fair"].starts_on += timedelta(days=10)
    w["fair"].ends_on += timedelta(days=10)
    db.session.commit()
    login(w["staff"])
    page = client.get(_page(w))
    assert page.status_code == 200 and "Chỉ quét thẻ trong thời gian hội chợ" in visible_text(page)
    token = csrf_token_from(page.get_data(as_text=True))  # the language form's token
    response = client.post(_page(w), data={"csrf_token": token, "code": w["code"], "rating": "0"})
    assert response.status_code == 409 and db.session.query(Lead).count() == 0


def test_scans_are_rate_limited_per_account(app, client, login, booth_world, monkeypatch):
    w = booth_world
    monkeypatch.setitem(app.config, "LEAD_SCAN_LIMIT", "2 per minute")  # put back as it was afterwards
    login(w["staff"])
    statuses = [_scan(client, w, code="CNNT-V-1-AAAAAAAA").status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_another_exhibitor_sees_only_its_own_leads(client, login, booth_world):
    from marketplace.fairs import services as bookings
    from tests.factories import booth, pay

    w = booth_world
    login(w["staff"])
    _scan(client, w)
    rival_user, rival = factories.producer_account(name="HTX Đối thủ", commit=True)
    booking = bookings.hold_booth(w["fair"], booth(w["fair"], "S02"), rival, rival_user)
    bookings.submit_booking(booking, [], None)
    pay(booking)
    db.session.commit()
    login(rival_user)
    for url in (
        _page(w),
        f"{_page(w)}.csv",
        f"{_page(w)}?producer={w['coop'].id}",
        f"{_page(w)}.csv?producer={w['coop'].id}",
    ):
        response = client.get(url)
        assert response.status_code == 200 and "sen.viet" not in response.get_data(as_text=True), url


def test_the_buyer_sees_what_was_shared_and_withdraws_it(client, login, booth_world, make_user):
    w = booth_world
    login(w["staff"])
    _scan(client, w)
    lead = db.session.query(Lead).one()
    thread_id = lead.inquiry_id
    login(make_user("buyer"))
    assert "HTX Gốm Bát Tràng" not in visible_text(client.get("/fairs/shared-with-exhibitors"))
    token = csrf_token_from(client.get("/fairs/shared-with-exhibitors").get_data(as_text=True))
    assert client.post(f"/fairs/leads/{lead.id}/withdraw", data={"csrf_token": token}).status_code == 404

    login(w["buyer"])
    account = visible_text(client.get("/account/"))
    assert "Shared at fairs" in account or "Đã chia sẻ tại hội chợ" in account
    page = client.get("/fairs/shared-with-exhibitors")
    text = visible_text(page)
    assert "HTX Gốm Bát Tràng" in text and "Bình gốm" in text and "Muốn 500 bình" not in text
    token = csrf_token_from(page.get_data(as_text=True))
    assert client.post(f"/fairs/leads/{lead.id}/withdraw", data={"csrf_token": token}).status_code == 303
    db.session.refresh(lead)
    assert lead.is_withdrawn and lead.buyer_id is None and lead.note is None
    assert db.session.get(Inquiry, thread_id).status != "closed"  # the conversation is the buyer's to close

    login(w["staff"])
    booth = visible_text(client.get(_page(w)))
    assert "Người mua đã rút lại" in booth and "sen.viet@example.vn" not in booth and "Muốn 500 bình" not in booth


def _rows_of_csv(response) -> list[list[str]]:
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_exports_list_the_leads_and_keep_typed_text_from_running(client, login, booth_world, make_user):
    from marketplace.fairs.leads import services
    from marketplace.fairs.onsite.codes import VISITOR, badge_code

    w = booth_world
    login(w["staff"])
    _scan(client, w, products=(2,), note="=cmd|' /C calc'!A0")
    gone = make_user("buyer", name="Người rút lại", email="rut.lai@example.vn")
    services.record_lead(w["fair"], w["coop"], w["staff"], badge_code(VISITOR, gone.id), [], "Ghi chú riêng", 2)
    services.withdraw_lead(db.session.query(Lead).filter_by(buyer_id=gone.id).one(), gone)
    db.session.commit()

    response = client.get(f"{_page(w)}.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    rows = _rows_of_csv(response)
    assert rows[0][:3] == ["Thời điểm quét", "Trạng thái", "Người mua"]
    by_status = {row[1]: row for row in rows[1:]}
    shared = by_status["Đã chia sẻ"]
    assert shared[2:5] == ["Công ty Sen Việt", "sen.viet@example.vn", '\'=HYPERLINK("x")']
    thread_id = db.session.query(Lead).filter_by(buyer_id=w["buyer"].id).one().inquiry_id
    assert shared[6] == "'=cmd|' /C calc'!A0" and shared[9].endswith(f"/inquiries/{thread_id}")
    withdrawn = by_status["Người mua đã rút lại"]
    assert withdrawn[2] == withdrawn[3] == withdrawn[6] == withdrawn[9] == ""
    assert "Người rút lại" not in response.get_data(as_text=True) and "rut.lai" not in response.get_data(as_text=True)

    response = client.get(f"{_page(w)}.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = [[cell for cell in row] for row in sheet.iter_rows(min_row=2)]
    texts = [cell.value for row in cells for cell in row]
    assert "Người rút lại" not in texts and "rut.lai@example.vn" not in texts and "Ghi chú riêng" not in texts
    formulas = [cell for row in cells for cell in row if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formulas and all(cell.data_type == "s" for cell in formulas)  # text, never a formula
