"""Fixtures for leads: a fair running today where a cooperative (two staff accounts, three published
products and a draft) has a paid booth, and a buyer with a visitor badge."""

from datetime import timedelta

import pytest

from marketplace.catalogue import services as catalogue
from marketplace.fairs import rules
from marketplace.fairs import services as bookings
from marketplace.fairs.onsite.codes import VISITOR, badge_code
from marketplace.producers import services as producers
from tests import factories
from tests.factories import booth, pay


@pytest.fixture
def booth_world(db, make_user, organiser, bank_on):
    staff, coop = factories.producer_account(name="HTX Gốm Bát Tràng", commit=True)
    second = make_user("producer", name="Anh Tuấn")
    producers.add_member(coop, second)
    products = []
    for code, name in (("BT-1", "Bình gốm"), ("BT-2", "Ấm chén"), ("BT-3", '=HYPERLINK("x")')):
        product = catalogue.create_product(coop, {"code": code, "name": name, "group_number": 1})
        catalogue.publish_product(product)
        products.append(product)
    draft = catalogue.create_product(coop, {"code": "BT-9", "name": "Mẫu nháp", "group_number": 1})
    fair = factories.fair(organiser, commit=True)
    booking = bookings.hold_booth(fair, booth(fair, "S01"), coop, staff)
    bookings.submit_booking(booking, products[:1], None)
    pay(booking)
    today = rules.today_in_vietnam()
    fair.starts_on, fair.ends_on = today, today + timedelta(days=2)  # the fair is on: booths scan today
    buyer = make_user("buyer", name="Công ty Sen Việt", email="sen.viet@example.vn", locale="en")
    db.session.commit()
    return {
        "fair": fair,
        "coop": coop,
        "staff": staff,
        "second": second,
        "products": products,
        "draft": draft,
        "buyer": buyer,
        "code": badge_code(VISITOR, buyer.id),
    }
