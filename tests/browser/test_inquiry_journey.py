"""The inquiry journey on a phone: a buyer searches, opens a product, asks for a quote; the producer
answers with a quote; the buyer accepts it. Real server, real Chromium, 360 px wide."""

import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import fits_the_screen, outbox_messages

PASSWORD = "mây tre đan phú vinh 2026"


@pytest.fixture(scope="module")
def market(live_app):
    """A cooperative with an account and a published basket, and a buyer (both emails confirmed)."""
    from marketplace.accounts.services import create_account
    from marketplace.catalogue import services as catalogue
    from marketplace.extensions import db
    from marketplace.producers import services as producers

    with live_app.app_context():
        maker = create_account(
            "lan.journey@htx.example.vn", PASSWORD, "Chị Lan", "producer", verified=True, locale="vi"
        )
        coop = producers.create_producer(
            {
                "name": "HTX Mây tre Phú Vinh",
                "establishment_type": "cooperative",
                "province_code": "01",
                "phone": "0912 000 111",
                "email": "htx.journey@example.vn",
            },
            created_by=maker,
        )
        basket = catalogue.create_product(
            coop, {"code": "GM-01", "name": "Giỏ mây đan tay", "group_number": 1, "price_vnd": 150_000, "unit": "chiếc"}
        )
        catalogue.publish_product(basket)
        create_account("sen.journey@example.vn", PASSWORD, "Công ty Sen Việt", "buyer", verified=True, locale="vi")
        db.session.commit()
        return {"product_id": basket.id}


def _log_in(page, base, email):
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def _log_out(page):
    page.locator("summary.menu-button").click()  # on a phone the account links sit in the menu
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_buyer_asks_producer_quotes_buyer_accepts(phone_page, live_server, live_app, market):
    page, base = phone_page, live_server

    # The buyer searches, opens the product and writes to its producer.
    _log_in(page, base, "sen.journey@example.vn")
    page.goto(f"{base}/products")
    page.locator("#q").fill("gio may")
    page.locator("#q").press("Enter")
    page.get_by_role("link", name="Giỏ mây đan tay").first.click()
    page.wait_for_url(re.compile(r"/products/\d+"))
    assert fits_the_screen(page)
    page.locator('a[href*="/inquiries/new?product_id="]').first.click()
    page.get_by_label("Tin nhắn của bạn").fill("Chúng tôi cần 500 giỏ cho chuỗi cửa hàng, xem www.senviet.vn")
    page.get_by_label("Số lượng").fill("500")
    page.get_by_label("Đơn vị tính").fill("chiếc")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Gửi yêu cầu báo giá").click()
    page.wait_for_url(re.compile(r"/inquiries/\d+"))
    thread_url = page.url
    assert page.get_by_role("link", name="www.senviet.vn").get_attribute("rel") == "nofollow noopener noreferrer ugc"
    assert fits_the_screen(page)
    mails = [m for m in outbox_messages(live_app) if m["To"] == "lan.journey@htx.example.vn"]
    assert mails and mails[-1]["Subject"] == "Yêu cầu báo giá mới: Giỏ mây đan tay"
    _log_out(page)

    # The producer sees the unread badge, opens the thread and sends a quote.
    _log_in(page, base, "lan.journey@htx.example.vn")
    assert page.locator("summary.menu-button .count-badge").inner_text().startswith("1")
    page.locator("summary.menu-button").click()  # the inbox link sits in the phone's menu
    page.get_by_role("link", name=re.compile("Hỏi hàng")).click()
    page.get_by_role("link", name=re.compile("Giỏ mây đan tay")).click()
    page.wait_for_url(thread_url)
    page.get_by_label("Đơn giá (VNĐ)").fill("120000")
    page.get_by_label("Số lượng tối thiểu").fill("100")
    page.get_by_label("Thời gian giao hàng (ngày)").fill("21")
    page.get_by_label("Hiệu lực đến").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_label("Điều kiện giao hàng").fill("Giao tại Hà Nội")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Gửi báo giá").click()
    page.wait_for_url(re.compile(re.escape(thread_url)))
    assert "120.000 ₫" in page.content()
    _log_out(page)

    # The buyer accepts the quote: the thread closes as a won lead.
    _log_in(page, base, "sen.journey@example.vn")
    page.goto(thread_url)
    page.get_by_role("button", name="Chấp nhận báo giá này").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bạn đã chấp nhận báo giá").is_visible()
    assert "Đã đóng: đã chốt giao dịch" in page.content()
    assert fits_the_screen(page)
    accepted = [m for m in outbox_messages(live_app) if m["To"] == "lan.journey@htx.example.vn"]
    assert accepted[-1]["Subject"] == "Báo giá của bạn cho Giỏ mây đan tay đã được chấp nhận"
