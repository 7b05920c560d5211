"""Inquiry fixtures: a producer with an account and a published product, buyers, and a thread between them."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import current_app

from marketplace.catalogue import services as catalogue
from marketplace.inquiries import services
from marketplace.inquiries.models import PRODUCER
from marketplace.producers import services as producers
from tests.conftest import csrf_token_from


def forget_mail() -> None:
    """Drop the mail the set-up's commit sent (core.mail writes it to DATA_DIR/outbox)."""
    for path in (Path(current_app.config["DATA_DIR"]) / "outbox").glob("*.eml"):
        path.unlink()


def make_producer(db, account=None, name="HTX Mây tre đan Phú Vinh", **extra):
    producer = producers.create_producer(
        {"name": name, "establishment_type": "cooperative", "province_code": "01",
         "phone": "0912 345 678", "email": f"contact{extra.pop('n', '')}@htx.example.vn", **extra},
        created_by=account,
    )
    db.session.commit()
    return producer


def make_product(db, producer, name="Giỏ mây đan", group=1, price=150_000, code=None):
    product = catalogue.create_product(producer, {
        "code": code or f"P-{name[:4]}-{producer.id}", "name": name, "group_number": group,
        "price_vnd": price, "unit": "chiếc",
    })
    catalogue.publish_product(product)
    db.session.commit()
    return product


@pytest.fixture
def producer_user(make_user):
    return make_user("producer", name="Chị Lan", locale="vi")


@pytest.fixture
def producer(db, producer_user):
    return make_producer(db, producer_user)


@pytest.fixture
def product(db, producer):
    return make_product(db, producer)


@pytest.fixture
def buyer(make_user):
    return make_user("buyer", name="Công ty Sen Việt", locale="en")


@pytest.fixture
def thread(db, buyer, producer, product):
    """A new inquiry from `buyer` about `product`."""
    inquiry = services.start_inquiry(buyer, producer, product, {"message": "Xin báo giá 500 chiếc.", "quantity": 500,
                                                               "unit": "chiếc"})
    db.session.commit()
    forget_mail()  # set up as if in an earlier request: its mail is not this test's
    return inquiry


@pytest.fixture
def quoted(db, thread, producer_user):
    """`thread` answered with one open quote valid for 30 days."""
    quote = services.send_quote(thread, producer_user, {"unit_price_vnd": 120_000, "unit": "chiếc",
                                                        "min_quantity": 100, "lead_time_days": 21,
                                                        "valid_until": date.today() + timedelta(days=30)})
    db.session.commit()
    forget_mail()
    return quote


def post_form(client, page: str, action: str, data: dict, **kwargs):
    """GET `page`, take a CSRF token from it, POST `data` to `action`."""
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data}, **kwargs)


def reply_as_producer(db, inquiry, author, text="Chúng tôi có hàng."):
    services.post_message(inquiry, author, PRODUCER, text)
    db.session.commit()


def visible_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
