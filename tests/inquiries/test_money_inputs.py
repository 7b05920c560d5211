"""Buyers and producers write prices as the site shows them: '45.000 ₫' in a quote, '1.250.000' as a target."""

from sqlalchemy import select

from marketplace.inquiries.models import Inquiry, Quote
from tests.conftest import post_form


def test_a_target_price_is_read_as_the_site_writes_money(db, client, login, buyer, product):
    login(buyer)
    page = f"/inquiries/new?product_id={product.id}"

    sent = post_form(
        client,
        page,
        page,
        {"message": "Xin báo giá 200 giỏ.", "contact_preference": "site", "target_price_vnd": "1.250.000 ₫"},
    )

    assert sent.status_code == 302, sent.get_data(as_text=True)
    assert db.session.scalar(select(Inquiry.target_price_vnd)) == 1_250_000


def test_a_quote_s_price_is_read_as_the_site_writes_money_and_a_fraction_is_refused(
    db, client, login, thread, producer_user
):
    login(producer_user)
    page = f"/inquiries/{thread.id}"
    valid = (thread.created_at.date().replace(year=thread.created_at.year + 1)).isoformat()

    refused = post_form(client, page, f"{page}/quotes", {"unit_price_vnd": "45.000,5", "valid_until": valid})
    assert refused.status_code == 422
    assert db.session.scalar(select(Quote)) is None

    sent = post_form(client, page, f"{page}/quotes", {"unit_price_vnd": "45.000 ₫", "valid_until": valid})
    assert sent.status_code == 302
    assert db.session.scalar(select(Quote.unit_price_vnd)) == 45_000
