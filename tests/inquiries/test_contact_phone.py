"""'Contact me by phone' asks for the number, checks it like every phone field, and shows it to the producer."""

import pytest
from sqlalchemy import select

from marketplace.inquiries import services
from marketplace.inquiries.models import Inquiry
from tests.conftest import post_form


def _send(client, product, **fields):
    page = f"/inquiries/new?product_id={product.id}"
    data = {"message": "Gọi cho tôi để báo giá 200 giỏ.", "contact_preference": "phone", **fields}
    return post_form(client, page, page, data)


def test_the_form_asks_for_the_number(db, client, login, buyer, product):
    login(buyer)

    page = client.get(f"/inquiries/new?product_id={product.id}").get_data(as_text=True)

    assert 'name="contact_phone"' in page and 'inputmode="tel"' in page


@pytest.mark.parametrize("phone", ["", "gọi tôi", "12"])
def test_choosing_phone_without_a_valid_number_is_refused_and_nothing_is_written(
    db, client, login, buyer, product, phone
):
    login(buyer)

    response = _send(client, product, contact_phone=phone)

    assert response.status_code == 422
    assert 'id="contact_phone-error"' in response.get_data(as_text=True)
    assert db.session.execute(select(Inquiry)).first() is None


def test_the_producer_sees_the_number_on_the_thread(db, client, login, buyer, product, producer_user):
    login(buyer)
    sent = _send(client, product, contact_phone="0912 345 678")
    assert sent.status_code == 302
    inquiry = db.session.execute(select(Inquiry)).scalar_one()
    assert (inquiry.contact_preference, inquiry.contact_phone) == ("phone", "0912 345 678")

    login(producer_user)
    page = client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)

    assert 'href="tel:0912345678"' in page and "0912 345 678" in page


def test_a_number_given_for_another_way_of_contact_is_not_kept(db, client, login, buyer, product):
    login(buyer)

    _send(client, product, contact_preference="email", contact_phone="0912 345 678")

    assert db.session.execute(select(Inquiry.contact_phone)).scalar_one() is None


def test_the_service_refuses_phone_contact_without_a_number(db, buyer, producer, product):
    with pytest.raises(services.InquiryError):
        services.start_inquiry(buyer, producer, product, {"message": "Gọi tôi", "contact_preference": "phone"})
