"""The first journey every user takes, in a real browser on a phone-sized screen."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import fits_the_screen, outbox_messages

LINK = re.compile(r"https?://\S+/account/verify/\S+")


def test_register_verify_log_in_and_switch_language(phone_page, live_server, live_app):
    page = phone_page
    page.goto(f"{live_server}/")
    assert page.get_attribute("html", "lang") == "vi"
    assert fits_the_screen(page)

    page.goto(f"{live_server}/account/register")
    page.get_by_label("Tên của bạn hoặc tên cơ sở").fill("Hộ kinh doanh Lê Thị Mai")
    page.get_by_label("Email").fill("mai.journey@example.vn")
    page.get_by_label("Mật khẩu").fill("gom su bat trang 2026")
    page.get_by_label(re.compile("Người mua")).check()
    page.get_by_role("button", name="Đăng ký").click()
    # expect() waits for the next page; is_visible() would look at whichever page is there now.
    expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư")).to_be_visible()
    assert fits_the_screen(page)

    mails = [m for m in outbox_messages(live_app) if m["To"] == "mai.journey@example.vn"]
    assert mails, "no verification mail was written"
    link = LINK.search(mails[-1].get_content()).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận địa chỉ email").click()
    page.wait_for_url(re.compile(r"/account/login"))

    page.get_by_label("Email").fill("mai.journey@example.vn")
    page.get_by_label("Mật khẩu").fill("gom su bat trang 2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")
    assert "Hộ kinh doanh Lê Thị Mai" in page.content()
    page.goto(f"{live_server}/account/")
    assert "đã xác nhận" in page.content()
    assert fits_the_screen(page)

    page.locator("summary.menu-button").click()  # on a phone the language switch sits in the menu
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server}/account/")
    assert page.get_attribute("html", "lang") == "en"
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert fits_the_screen(page)
