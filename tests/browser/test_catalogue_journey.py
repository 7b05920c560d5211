"""The catalogue's key journey in a real browser on a 360 px phone: a producer registers, confirms the address,
creates the establishment's profile and a product with a photo, publishes it; a visitor then finds it."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PageWatch, fits_the_screen, outbox_messages

VERIFY_LINK = re.compile(r"https?://\S+/account/verify/\S+")
EMAIL, PASSWORD = "coi.ngason@example.vn", "chieu coi nga son 2026"
PRODUCT = "Chiếu cói in hoa sen"


def photo_file() -> dict:
    image = Image.new("RGB", (800, 600), (196, 160, 90))
    image.paste((40, 110, 70), (0, 0, 400, 600))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return {"name": "chieu-coi.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def policy_violations(page) -> list[str]:
    """Console errors in which Chromium reports a Content-Security-Policy refusal."""
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def register_and_confirm(page, live_server, live_app) -> None:
    page.goto(f"{live_server}/account/register")
    page.get_by_label("Tên của bạn hoặc tên cơ sở").fill("HTX Cói Nga Sơn")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label(re.compile("Cơ sở sản xuất: tôi làm ra")).check()
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư")).to_be_visible()
    mails = [m for m in outbox_messages(live_app) if m["To"] == EMAIL]
    assert mails, "no confirmation mail was written"
    page.goto(VERIFY_LINK.search(mails[-1].get_content()).group(0))
    page.get_by_role("button", name="Xác nhận địa chỉ email").click()
    page.wait_for_url(re.compile(r"/account/login"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")


def create_profile(page) -> None:
    page.get_by_role("link", name="Quản lý cơ sở và sản phẩm của bạn").click()
    page.get_by_role("link", name="Tạo hồ sơ").click()
    page.wait_for_url(re.compile(r"/producers/new$"))
    assert fits_the_screen(page)
    page.get_by_label("Tên cơ sở").fill("HTX Cói Nga Sơn")
    page.get_by_label("Hợp tác xã", exact=True).check()
    page.get_by_label("Mã số thuế").fill("0101243150")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thanh Hóa")
    page.get_by_label("Xã, phường hoặc đặc khu").fill("Nga Sơn")
    page.get_by_role("button", name="Tạo hồ sơ").click()
    expect(page.get_by_text("Đã lưu hồ sơ của HTX Cói Nga Sơn.")).to_be_visible()
    assert fits_the_screen(page)


def add_product_with_photo_and_publish(page) -> None:
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.wait_for_url(re.compile(r"/manage/products/new"))
    page.get_by_label("Mã sản phẩm").fill("NS-SEN")
    page.get_by_label("Tên (tiếng Việt)").fill(PRODUCT)
    page.get_by_label("Thủ công mỹ nghệ").check()
    page.get_by_label("Giá (đồng)").fill("210.000")
    page.get_by_label("Đơn vị tính").fill("chiếc")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url(re.compile(r"/manage/products/\d+/photos$"))

    page.get_by_label("Thêm ảnh").set_input_files(photo_file())
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã thêm 1 ảnh.")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("button", name=re.compile("^Đăng sản phẩm")).click()
    expect(page.get_by_text("Sản phẩm đã được đăng.")).to_be_visible()
    page.locator("summary.menu-button").click()  # on a phone the account links sit in the menu
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()


def test_a_producer_publishes_a_product_that_a_visitor_finds_on_a_phone(phone_page, chromium, live_server, live_app):
    producer_violations = policy_violations(phone_page)
    register_and_confirm(phone_page, live_server, live_app)
    create_profile(phone_page)
    add_product_with_photo_and_publish(phone_page)
    assert producer_violations == []

    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    visitor = context.new_page()
    watch = PageWatch(live_server)
    visitor.on("request", watch.on_request)
    visitor.on("pageerror", lambda error: watch.errors.append(str(error)))
    violations = policy_violations(visitor)
    try:
        visitor.goto(f"{live_server}/")
        visitor.get_by_role("combobox", name="Tìm kiếm trên sàn").fill("chieu coi hoa sen")  # no accents typed
        visitor.get_by_role("button", name="Tìm kiếm").click()
        visitor.wait_for_url(re.compile(r"/products\?q="))
        assert fits_the_screen(visitor)
        visitor.get_by_role("link", name=PRODUCT).click()
        visitor.wait_for_url(re.compile(r"/products/\d+/"))

        expect(visitor.get_by_role("heading", level=1, name=PRODUCT)).to_be_visible()
        expect(visitor.get_by_text("210.000 ₫").first).to_be_visible()
        photo = visitor.locator(".gallery img").first
        photo.wait_for()
        assert visitor.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
        assert visitor.locator('script[type="application/ld+json"]').count() == 1
        assert fits_the_screen(visitor)
        visitor.get_by_role("link", name="HTX Cói Nga Sơn").first.click()
        visitor.wait_for_url(re.compile(r"/producers/\d+$"))
        expect(visitor.get_by_role("heading", level=1, name="HTX Cói Nga Sơn")).to_be_visible()
        assert fits_the_screen(visitor)
        assert violations == [], violations  # the JSON-LD block is data: the strict policy lets it be
        watch.assert_clean()
    finally:
        context.close()
