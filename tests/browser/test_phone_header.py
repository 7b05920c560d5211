"""The header on a 360 × 740 phone: one bar, products on the first screen of /products, a Menu that
opens without JavaScript and leads to 'My work', from which each role's pages are one click away."""

import pytest

from marketplace.core.demo import DEMO_PASSWORD, seed_demo
from marketplace.extensions import db
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, fits_the_screen  # noqa: F401


@pytest.fixture(scope="module")
def demo_site(live_app, live_server):
    with live_app.app_context():
        seed_demo()
        db.session.commit()
        db.session.remove()
    return live_server


def log_in(page, base, email):
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_products_show_on_the_first_screen_under_a_one_bar_header(phone_page, demo_site):
    page = phone_page
    log_in(page, demo_site, "producer@demo.cnnt.vn")
    page.goto(f"{demo_site}/products")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 72, header  # one bar, not five lines of links
    first_card = page.locator("main .product-card, main .card").first.bounding_box()
    assert first_card is not None and first_card["y"] < PHONE["height"], first_card
    assert fits_the_screen(page)


def test_menu_leads_to_my_work_and_on_to_the_roles_pages(phone_page, demo_site):
    page = phone_page
    log_in(page, demo_site, "organiser@demo.cnnt.vn")
    assert not page.get_by_role("link", name="Việc của tôi").is_visible()  # inside the closed menu
    page.locator("summary.menu-button").click()
    page.get_by_role("link", name="Việc của tôi").click()  # click 1
    page.wait_for_url(f"{demo_site}/my-work")
    assert fits_the_screen(page)
    page.locator("a[href^='/payments/manage']").first.click()  # click 2: the organiser's payments
    page.wait_for_url(f"{demo_site}/payments/manage*")


def test_the_menu_opens_without_javascript(chromium, demo_site):
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{demo_site}/products")
        page.locator("summary.menu-button").click()
        page.get_by_role("link", name="Hội chợ").first.click()
        page.wait_for_url(f"{demo_site}/fairs/")
    finally:
        context.close()
