"""An organiser imports a list from a phone: upload, a status page that refreshes itself while the
import runs in the server's background thread, the report, and the products on the public pages."""

import re

from tests.browser.conftest import fits_the_screen
from tests.catalogue.import_fixtures import csv_bytes, row

PASSWORD = "khuyen cong thanh hoa 2026"


def make_organiser(live_app, email: str) -> None:
    from marketplace.accounts.services import create_account
    from marketplace.extensions import db

    with live_app.app_context():
        create_account(email, PASSWORD, "Trung tâm Khuyến công", "organiser", verified=True, locale="vi")
        db.session.commit()


def test_an_organiser_imports_a_list_on_a_phone_and_its_products_are_found(phone_page, live_server, live_app):
    make_organiser(live_app, "khuyencong.journey@example.vn")
    rows = [
        row(8000 + n // 4, f"NL{n}", product_name=f"Nón lá Chuông {n}", province="Thanh Hóa", commune="")
        for n in range(1200)
    ]
    rows.append(row(9999, "X", ocop_stars="7"))
    page = phone_page
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill("khuyencong.journey@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/manage/imports/new")
    assert fits_the_screen(page)
    page.get_by_label("Danh sách cơ sở sản xuất và sản phẩm").set_input_files(
        {"name": "danh-sach-non-la.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, bom=True)}
    )
    page.get_by_role("button", name="Bắt đầu nhập").click()
    page.wait_for_url(re.compile(r"/manage/imports/\d+$"))

    # The page reloads itself (<meta http-equiv="refresh">) until the job is done; no script needed.
    page.get_by_role("heading", name=re.compile("Nhập tệp danh-sach-non-la.csv")).wait_for()
    page.get_by_text("Đã xong").wait_for(timeout=120_000)
    assert fits_the_screen(page)
    assert "Dòng 1202" in page.content() and "ocop_stars_invalid" in page.content()
    assert page.get_by_role("link", name="Tải báo cáo đầy đủ (CSV)").is_visible()

    page.goto(f"{live_server}/manage/imports")
    assert "1201 dòng: 1200 tạo mới" in page.content()
    assert fits_the_screen(page)

    page.goto(f"{live_server}/products?q=non+la+chuong+1199")
    assert "Nón lá Chuông 1199" in page.content()


def test_an_organiser_checks_a_list_in_a_dry_run_then_imports_it_without_uploading_it_again(
    phone_page, live_server, live_app
):
    make_organiser(live_app, "khuyencong.dryrun@example.vn")
    rows = [
        row(8500, "NL1", product_name="Nón lá Hà Tây", province="Hà Tây", commune="Xã Phú Nghĩa"),
        row(8501, "GM1", product_name="Gốm Hải Hưng", province="Hải Hưng", commune=""),
    ]
    page = phone_page
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill("khuyencong.dryrun@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/manage/imports/new")
    page.get_by_label("Danh sách cơ sở sản xuất và sản phẩm").set_input_files(
        {"name": "danh-sach-cu.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, bom=True)}
    )
    page.get_by_label(re.compile("Chạy thử")).check()
    page.get_by_role("button", name="Bắt đầu nhập").click()
    page.get_by_text("Đã xong").wait_for(timeout=60_000)
    content = page.content()
    assert "là tên tỉnh cũ" in content and "Hải Phòng, Hưng Yên" in content
    assert "(province_split)" not in content

    page.get_by_role("button", name="Nhập tệp này").click()
    page.wait_for_url(re.compile(r"/manage/imports/\d+$"))
    page.get_by_text("Đã xong").wait_for(timeout=60_000)
    assert "Chạy thử: chưa lưu gì" not in page.content()
    assert fits_the_screen(page)
    page.goto(f"{live_server}/products?q=non+la+ha+tay")
    assert "Nón lá Hà Tây" in page.content()
