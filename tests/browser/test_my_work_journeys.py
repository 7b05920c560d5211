"""Each role of the demo on a 360 px phone: sign in, open the Menu, go to 'My work', follow one item to
the role's own page (two clicks from any page), and every page on the way fits the screen."""

import pytest
from flask import url_for

from tests.browser.conftest import fits_the_screen
from tests.browser.test_phone_header import demo_site, log_in  # noqa: F401

# role's account → (the endpoint its item on 'My work' leads to, with its arguments)
JOURNEYS = {
    "producer@demo.cnnt.vn": ("fairs.my_bookings", {}),
    "buyer@demo.cnnt.vn": ("inquiries.inbox", {}),
    "organiser@demo.cnnt.vn": ("awards.manage", {}),
    "juror@demo.cnnt.vn": ("awards.jury_home", {}),
    "admin@demo.cnnt.vn": ("admin.users", {}),
}


@pytest.mark.parametrize("email", list(JOURNEYS))
def test_each_role_reaches_its_page_through_the_menu_and_my_work(
    phone_page,
    demo_site,  # noqa: F811  (the fixture imported above)
    live_app,
    email,
):
    page = phone_page
    endpoint, values = JOURNEYS[email]
    with live_app.test_request_context():
        target = url_for(endpoint, **values)
    log_in(page, demo_site, email)

    page.locator("summary.menu-button").click()
    page.get_by_role("link", name="Việc của tôi").click()
    page.wait_for_url(f"{demo_site}/my-work")
    assert fits_the_screen(page)
    page.locator(f"main a[href^='{target}']").first.click()

    page.wait_for_url(f"{demo_site}{target}*")
    assert page.locator("main h1").first.is_visible()
    assert fits_the_screen(page)
