"""A producer books a booth on a phone: opens the fair, picks a booth on the floor plan, holds it,
chooses the products to show and submits, on a 360 px screen with nothing loaded from elsewhere."""

import re

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from tests.browser.conftest import fits_the_screen

PASSWORD = "gian hang hoi cho mua thu"
EMAIL = "htx.maytre.journey@example.vn"


@pytest.fixture(scope="module")
def open_fair(live_app):
    """One fair for the module's journeys (the live server's database lasts the whole run)."""
    from marketplace.accounts import services as accounts
    from marketplace.catalogue import services as catalogue
    from marketplace.fairs import organise
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    with live_app.app_context():
        organiser = accounts.create_account(
            "organiser.fair.journey@example.vn",
            PASSWORD,
            "Trung tâm Khuyến công",
            "organiser",
            verified=True,
            locale="vi",
        )
        account = accounts.create_account(
            EMAIL, PASSWORD, "HTX Mây tre Phú Vinh", "producer", verified=True, locale="vi"
        )
        coop = producers.create_producer(
            {"name": "HTX Mây tre đan Phú Vinh", "establishment_type": "cooperative", "province_code": "01"},
            created_by=account,
        )
        product = catalogue.create_product(coop, {"code": "GM-01", "name": "Giỏ mây đan tay", "group_number": 1})
        catalogue.publish_product(product)  # a draft is not offered for a booth
        fair = organise.create_fair(
            fair_values(
                name="Hội chợ CNNT mùa thu",
                subsidy_percent=50,
                subsidy_cap_vnd=2_000_000,
                subsidy_budget_vnd=40_000_000,
            ),
            organiser,
        )
        standard = organise.save_booth_type(
            fair,
            {
                "code": "standard",
                "name": "Gian tiêu chuẩn 3 × 3 m",
                "price_vnd": 6_000_000,
                "inclusions": "1 bàn\n2 ghế",
            },
        )
        hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 12})
        organise.add_booth_row(hall, standard, {"prefix": "A", "start": 1, "count": 12, "x": 2, "y": 1})
        organise.add_booth_row(hall, standard, {"prefix": "B", "start": 1, "count": 12, "x": 2, "y": 7})
        organise.publish_fair(fair, organiser)
        db.session.commit()
        fair_id = fair.id
        db.session.remove()
    return fair_id


def test_a_producer_picks_a_booth_on_the_plan_holds_it_and_submits_on_a_phone(
    phone_page, live_server, live_app, open_fair
):
    page = phone_page
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")

    page.get_by_role("link", name="Hội chợ CNNT mùa thu").first.click()
    page.wait_for_url(f"{live_server}/fairs/{open_fair}")
    assert page.get_by_role("heading", name="Sơ đồ mặt bằng").is_visible()
    assert page.locator(".plan-legend").is_visible()
    assert fits_the_screen(page)

    booth = page.locator('svg a[data-code="A05"]')
    assert booth.get_attribute("aria-label").startswith("A05: Gian tiêu chuẩn 3 × 3 m, Còn trống")
    box = booth.bounding_box()
    assert box["width"] >= 30 and box["height"] >= 30  # big enough to tap
    booth.click()
    page.wait_for_url(f"{live_server}/fairs/{open_fair}/booths/A05")
    assert page.get_by_role("heading", name="Gian A05").is_visible()
    split = page.locator("dl.split").inner_text()
    assert "6.000.000 ₫" in split and "2.000.000 ₫" in split and "4.000.000 ₫" in split
    assert fits_the_screen(page)

    page.get_by_role("button", name="Giữ gian này").click()
    page.wait_for_url(re.compile(r"/fairs/bookings/\d+$"))
    assert page.get_by_role("heading", name=re.compile(r"Đăng ký HC-\d{6}")).is_visible()
    assert page.locator(".countdown").inner_text().startswith("Còn khoảng")  # the hold counts down
    assert fits_the_screen(page)

    page.get_by_label("Giỏ mây đan tay").check()
    page.get_by_label("Lời nhắn cho ban tổ chức (không bắt buộc)").fill("Xin gian gần lối vào")
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.wait_for_load_state()
    assert "Chờ thanh toán" in page.content()
    assert "Giỏ mây đan tay" in page.content()
    assert fits_the_screen(page)

    page.goto(f"{live_server}/fairs/{open_fair}")
    assert "Tạm giữ" in page.locator('svg a[data-code="A05"]').get_attribute("aria-label")

    from marketplace.fairs.models import Booking

    with live_app.app_context():
        booking = db.session.scalar(select(Booking).where(Booking.fair_id == open_fair))
        assert (booking.status, booking.booth.code, booking.amount_due_vnd) == ("pending_payment", "A05", 4_000_000)
        assert booking.note == "Xin gian gần lối vào"
        db.session.remove()


def test_the_organiser_adds_a_row_and_blocks_booths_picked_on_the_drawing(phone_page, live_server, live_app, open_fair):
    from marketplace.fairs.models import Booth, Hall

    with live_app.app_context():
        hall_id = db.session.scalar(select(Hall.id).where(Hall.fair_id == open_fair))
        db.session.remove()
    page = phone_page
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill("organiser.fair.journey@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/fairs/manage/{open_fair}/halls/{hall_id}")
    page.get_by_label("Tiền tố mã gian").fill("C")
    page.get_by_label("Số gian").fill("4")
    page.get_by_label("Cách tường trên (m)").fill("4")
    page.get_by_role("button", name="Thêm các gian").click()
    page.wait_for_load_state()
    assert "Đã thêm 4 gian: từ C01 đến C04." in page.content()
    assert fits_the_screen(page)

    for code in ("C02", "C03"):  # picked on the drawing: the script ticks the matching boxes
        page.locator(f'svg a[data-code="{code}"]').click()
    assert page.locator('input[name="booths"]:checked').count() == 2
    page.get_by_label("Việc cần làm với các gian đã chọn").select_option("block")
    page.get_by_role("button", name="Áp dụng cho các gian đã chọn").click()
    page.wait_for_load_state()
    assert "Đã thay đổi 2 gian." in page.content()

    with live_app.app_context():
        blocked = set(db.session.scalars(select(Booth.code).where(Booth.fair_id == open_fair, Booth.blocked)))
        db.session.remove()
    assert blocked == {"C02", "C03"}
