"""A buyer asks an exhibitor for a B2B meeting on a phone: from the fair to its exhibitor directory, picks a
free slot and writes a message on a 360 px screen; the exhibitor accepts on their phone; both agendas
show the meeting in Vietnam time, and each side was mailed."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.extensions import db
from tests.browser.conftest import PHONE, fits_the_screen, outbox_messages

PASSWORD = "gap go giao thuong hoi cho"
BUYER = "thu.mua.sen.viet@example.vn"
EXHIBITOR = "htx.gom.chu.dau.meeting@example.vn"


@pytest.fixture(scope="module")
def exhibition(live_app):
    """A fair a month ahead where a pottery cooperative has a paid booth and offers three slots."""
    from marketplace.accounts import services as accounts
    from marketplace.catalogue import services as catalogue
    from marketplace.fairs import organise, services
    from marketplace.fairs.meetings import services as meetings
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    with live_app.app_context():
        organiser = accounts.create_account(
            "organiser.meeting.journey@example.vn",
            PASSWORD,
            "Trung tâm Khuyến công",
            "organiser",
            verified=True,
            locale="vi",
        )
        accounts.create_account(BUYER, PASSWORD, "Công ty Thương mại Sen Việt", "buyer", verified=True, locale="vi")
        account = accounts.create_account(
            EXHIBITOR, PASSWORD, "HTX Gốm Chu Đậu", "producer", verified=True, locale="vi"
        )
        coop = producers.create_producer(
            {"name": "HTX Gốm Chu Đậu", "establishment_type": "cooperative", "province_code": "01"}, created_by=account
        )
        vase = catalogue.create_product(coop, {"code": "CD-01", "name": "Bình gốm men lam", "group_number": 1})
        vase.status = "published"
        fair = organise.create_fair(fair_values(name="Hội chợ giao thương CNNT"), organiser)
        standard = organise.save_booth_type(fair, {"code": "standard", "name": "Gian tiêu chuẩn", "price_vnd": 0})
        hall = organise.save_hall(fair, {"name": "Nhà B", "width_m": 20, "depth_m": 8})
        organise.add_booth_row(hall, standard, {"prefix": "B", "start": 1, "count": 4, "x": 1, "y": 1})
        organise.publish_fair(fair, organiser)
        db.session.commit()
        booking = services.hold_booth(fair, organise_booth(fair, "B02"), coop, account)
        services.submit_booking(booking, [vase], None)  # nothing to pay: booked at once
        meetings.offer_slots(fair, coop, account, fair.starts_on, time(9, 0), 30, 3)
        db.session.commit()
        ids = {"fair": fair.id, "producer": coop.id, "day": fair.starts_on.strftime("%d/%m/%Y")}
        db.session.remove()
    return ids


def organise_booth(fair, code):
    from marketplace.fairs.queries import booth_by_code

    return booth_by_code(fair, code)


def _log_in(page, live_server, email):
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/")


def test_a_buyer_asks_for_a_slot_on_a_phone_and_the_exhibitor_accepts(
    phone_page, chromium, live_server, live_app, exhibition
):
    page = phone_page
    _log_in(page, live_server, BUYER)
    page.goto(f"{live_server}/fairs/{exhibition['fair']}")
    page.get_by_role("link", name="Đơn vị trưng bày và sản phẩm").click()
    expect(page).to_have_url(f"{live_server}/fairs/{exhibition['fair']}/exhibitors")
    expect(page.get_by_role("heading", name="HTX Gốm Chu Đậu")).to_be_visible()
    expect(page.get_by_text("Bình gốm men lam")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Xin hẹn gặp").click()
    expect(page.get_by_role("heading", name="Hẹn gặp HTX Gốm Chu Đậu")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_label(f"{exhibition['day']} 09:30–10:00").check()
    page.get_by_label("Bạn muốn trao đổi điều gì?").fill("Chúng tôi muốn đặt 500 bình gốm men lam để xuất khẩu.")
    page.get_by_role("button", name="Gửi đề nghị gặp").click()
    expect(page).to_have_url(re.compile(r"/fairs/meetings/\d+$"))
    expect(page.get_by_text("Chờ đơn vị trưng bày trả lời")).to_be_visible()
    assert fits_the_screen(page)

    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    exhibitor = context.new_page()
    try:
        _log_in(exhibitor, live_server, EXHIBITOR)
        exhibitor.goto(f"{live_server}/fairs/meetings")
        expect(exhibitor.get_by_role("heading", name="Đề nghị đang chờ bạn trả lời")).to_be_visible()
        expect(exhibitor.get_by_text("Công ty Thương mại Sen Việt")).to_be_visible()
        assert fits_the_screen(exhibitor)
        exhibitor.get_by_role("button", name="Chấp nhận").click()
        expect(exhibitor.get_by_text("Đã nhận lời gặp; người mua đã được báo.")).to_be_visible()
        expect(exhibitor.get_by_text("Không có đề nghị nào đang chờ.")).to_be_visible()
        expect(exhibitor.locator(".slot-list").first).to_contain_text(f"{exhibition['day']} 09:30–10:00")
        assert fits_the_screen(exhibitor)
    finally:
        context.close()

    page.goto(f"{live_server}/fairs/meetings")
    agenda = page.locator(".slot-list").first
    expect(agenda).to_contain_text(f"{exhibition['day']} 09:30–10:00")
    expect(agenda).to_contain_text("Đã chấp nhận")
    expect(agenda).to_contain_text("Gian B02")
    assert fits_the_screen(page)

    mailed = {(m["To"], m["Subject"]) for m in outbox_messages(live_app)}
    assert (EXHIBITOR, "Một người mua muốn gặp bạn tại Hội chợ giao thương CNNT") in mailed
    assert (BUYER, "Cuộc gặp của bạn với HTX Gốm Chu Đậu tại Hội chợ giao thương CNNT") in mailed

    from marketplace.fairs.meetings.models import Meeting

    with live_app.app_context():
        meeting = db.session.scalar(select(Meeting).order_by(Meeting.id.desc()))
        assert meeting.status == "accepted" and meeting.slot.starts_at.strftime("%H:%M") == "02:30"  # 09:30 in Hà Nội
        db.session.remove()
