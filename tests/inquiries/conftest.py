"""Inquiry fixtures: a producer with an account and a published product, buyers, and a thread between them."""

import re
from pathlib import Path

import pytest
from flask import current_app

from marketplace.inquiries import services
from marketplace.inquiries.models import PRODUCER
from tests import factories


def forget_mail() -> None:
    """Drop the mail the set-up's commit sent (core.mail writes it to DATA_DIR/outbox)."""
    for path in (Path(current_app.config["DATA_DIR"]) / "outbox").glob("*.eml"):
        path.unlink()


@pytest.fixture
def producer_user(make_user):
    return make_user("producer", name="Chị Lan", locale="vi")


@pytest.fixture
def producer(db, producer_user):
    return factories.producer(name="HTX Mây tre đan Phú Vinh", created_by=producer_user, commit=True)


@pytest.fixture
def product(db, producer):
    return factories.product(producer, name="Giỏ mây đan", commit=True)


@pytest.fixture
def buyer(make_user):
    return make_user("buyer", name="Công ty Sen Việt", locale="en")


@pytest.fixture
def thread(db, buyer, producer, product):
    """A new inquiry from `buyer` about `product`."""
    inquiry = factories.inquiry(buyer, producer, product, commit=True)
    forget_mail()  # set up as if in an earlier request: its mail is not this test's
    return inquiry


@pytest.fixture
def quoted(db, thread, producer_user):
    """`thread` answered with one open quote valid for 30 days."""
    quote = factories.quote(thread, producer_user, commit=True)
    forget_mail()
    return quote


def reply_as_producer(db, inquiry, author, text="Chúng tôi có hàng."):
    services.post_message(inquiry, author, PRODUCER, text)
    db.session.commit()


def visible_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
