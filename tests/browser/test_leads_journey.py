"""Leads at the booth on phones (360 px): an exhibitor's staff member types a buyer's badge code at the
booth, ticks the products asked about, adds a note and stars and saves; the buyer then finds the
thread about those products, started at the fair (without the note), and the lead under "Shared at
fairs" in their account. Both pages pass axe."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from marketplace.extensions import db
from tests.browser.conftest import PHONE, fits_the_screen

PASSWORD = "khach tham quan gian hang"
BUYER = "thu.mua.lead@example.vn"
EXHIBITOR = "nhan.vien.gian.hang@example.vn"


@pytest.fixture(scope="module")
def booth(live_app):
    """A fair on today, where a pottery cooperative has a (free, so booked at once) booth showing
    three published products; a buyer whose visitor badge code is known."""
    from marketplace.accounts import services as accounts
    from marketplace.catalogue import services as catalogue
    from marketplace.fairs import organise, rules, services
    from marketplace.fairs.onsite.codes import VISITOR, badge_code
    from marketplace.fairs.queries import booth_by_code
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    with live_app.app_context():
        organiser = accounts.create_account(
            "organiser.lead.journey@example.vn",
            PASSWORD,
            "Trung tâm Khuyến công",
            "organiser",
            verified=True,
            locale="vi",
        )
        buyer = accounts.create_account(
            BUYER, PASSWORD, "Công ty Xuất khẩu Hoa Sen", "buyer", verified=True, locale="vi"
        )
        staff = accounts.create_account(EXHIBITOR, PASSWORD, "Chị Hạnh", "producer", verified=True, locale="vi")
        coop = producers.create_producer(
            {"name": "HTX Gốm Phù Lãng", "establishment_type": "cooperative", "province_code": "01"}, created_by=staff
        )
        products = []
        for code, name in (("PL-1", "Bình gốm da lươn"), ("PL-2", "Đĩa gốm trang trí"), ("PL-3", "Chum sành")):
            product = catalogue.create_product(coop, {"code": code, "name": name, "group_number": 1})
            catalogue.publish_product(product)
            products.append(product)
        fair = organise.create_fair(fair_values(name="Hội chợ gặp gỡ CNNT"), organiser)
        standard = organise.save_booth_type(fair, {"code": "standard", "name": "Gian tiêu chuẩn", "price_vnd": 0})
        hall = organise.save_hall(fair, {"name": "Nhà C", "width_m": 20, "depth_m": 8})
        organise.add_booth_row(hall, standard, {"prefix": "C", "start": 1, "count": 2, "x": 1, "y": 1})
        organise.publish_fair(fair, organiser)
        db.session.commit()
        booking = services.hold_booth(fair, booth_by_code(fair, "C01"), coop, staff)
        services.submit_booking(booking, products, None)  # nothing to pay: booked at once
        today = rules.today_in_vietnam()
        fair.starts_on, fair.ends_on = today, today + timedelta(days=2)  # the fair is on
        db.session.commit()
        ids = {"fair": fair.id, "code": badge_code(VISITOR, buyer.id)}
        db.session.remove()
    return ids


def _log_in(page, live_server, email):
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server}/")


def _accessible(page) -> None:
    from tests.browser.test_every_page import AXE, axe_violations

    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []
    assert fits_the_screen(page)


def test_a_badge_typed_at_the_booth_becomes_a_thread_the_buyer_reads(phone_page, chromium, live_server, booth):
    page = phone_page
    _log_in(page, live_server, EXHIBITOR)
    page.goto(f"{live_server}/fairs/{booth['fair']}")
    page.get_by_role("link", name="Khách quan tâm").click()
    expect(page).to_have_url(f"{live_server}/fairs/{booth['fair']}/leads")
    expect(page.get_by_role("heading", name="Quét thẻ của người mua")).to_be_visible()
    _accessible(page)

    page.get_by_label("Mã trên thẻ của người mua").fill(booth["code"])
    page.get_by_label("Bình gốm da lươn").check()
    page.get_by_label("Chum sành").check()
    page.get_by_label("Ghi chú của bạn (chỉ nhân viên của bạn thấy)").fill("Cần 300 chum trước Tết, hỏi giá sỉ")
    page.get_by_label("5 trên 5 sao").check()
    page.get_by_role("button", name="Lưu khách quan tâm").click()
    expect(page.get_by_text("Đã lưu: Công ty Xuất khẩu Hoa Sen.")).to_be_visible()
    leads = page.locator(".lead-list")
    expect(leads).to_contain_text("Công ty Xuất khẩu Hoa Sen")
    expect(leads).to_contain_text("Cần 300 chum trước Tết")
    expect(leads).to_contain_text("Bình gốm da lươn, Chum sành")
    _accessible(page)
    assert page.watch.outside_requests == [] and page.watch.errors == []

    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    buyer = context.new_page()
    try:
        _log_in(buyer, live_server, BUYER)
        buyer.goto(f"{live_server}/inquiries")
        buyer.get_by_role("link", name=re.compile("Bình gốm da lươn")).first.click()
        expect(buyer).to_have_url(re.compile(r"/inquiries/\d+$"))
        expect(buyer.get_by_text("Cảm ơn bạn đã ghé gian hàng của chúng tôi tại Hội chợ gặp gỡ CNNT.")).to_be_visible()
        details = buyer.locator(".facts").first
        expect(details).to_contain_text("Bình gốm da lươn, Chum sành")
        expect(details).to_contain_text("Hội chợ gặp gỡ CNNT")
        expect(buyer.get_by_text("Cần 300 chum")).to_have_count(0)  # the exhibitor's note stays theirs
        _accessible(buyer)

        buyer.goto(f"{live_server}/account/")
        buyer.get_by_role("link", name="Đã chia sẻ tại hội chợ").click()
        expect(buyer.get_by_role("heading", name="HTX Gốm Phù Lãng")).to_be_visible()
        expect(buyer.locator(".lead-list")).to_contain_text("Bình gốm da lươn, Chum sành")
        expect(buyer.get_by_role("button", name="Rút lại thông tin đã chia sẻ với HTX Gốm Phù Lãng")).to_be_visible()
        _accessible(buyer)
    finally:
        context.close()
