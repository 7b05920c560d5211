"""A buyer on a phone types without accents, picks a suggestion, and lands on the product."""

import re

import pytest

from marketplace.extensions import db
from tests.browser.conftest import fits_the_screen


@pytest.fixture(scope="module")
def bat_trang(live_app):
    from marketplace.catalogue import services as catalogue
    from marketplace.producers import services as producers

    with live_app.app_context():
        producer = producers.create_producer(
            {
                "name": "Cơ sở Gốm Hùng Phát",
                "establishment_type": "household",
                "province_code": "01",
                "craft_village_name": "Bát Tràng",
            }
        )
        product = catalogue.create_product(
            producer, {"code": "HP-BT1", "name": "Lọ hoa gốm men lam Bát Tràng", "group_number": 1}
        )
        catalogue.publish_product(product)
        db.session.commit()
        product_id = product.id
        db.session.remove()
    return product_id


def test_suggestions_as_you_type_lead_to_the_product(phone_page, live_server, bat_trang):
    page = phone_page
    page.goto(f"{live_server}/")
    box = page.get_by_role("combobox", name="Tìm kiếm trên sàn")
    box.click()
    box.press_sequentially("lo hoa bat tr", delay=30)
    option = page.get_by_role("option").first
    option.wait_for()
    assert "Lọ hoa gốm men lam Bát Tràng" in option.inner_text()
    # "tr" completed; the first suggestion's marks (the live site may hold the demo's pieces too)
    assert option.locator("mark").all_inner_texts() == ["Lọ hoa", "Bát Tràng"]
    assert box.get_attribute("aria-expanded") == "true"
    assert fits_the_screen(page)

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-q-option-0"
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/products/{bat_trang}/lo-hoa-gom-men-lam-bat-trang$"))


def test_the_search_box_works_without_suggestions(phone_page, live_server, bat_trang):
    page = phone_page
    page.goto(f"{live_server}/account/login")
    box = page.get_by_role("combobox", name="Tìm kiếm trên sàn")
    box.fill("GOM BAT TRAG")
    page.locator(".site-search").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/products\?q=GOM\+BAT\+TRAG"))
    assert page.get_by_role("link", name=re.compile("bat trang")).is_visible()  # did you mean
    assert fits_the_screen(page)
