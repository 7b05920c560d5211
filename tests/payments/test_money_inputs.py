"""The organiser types a transfer or a refund as the bank and the site write it: '1.000.000 ₫' is a million."""

from sqlalchemy import select

from marketplace.payments.models import PaymentTransaction
from tests import factories
from tests.conftest import post_form


def test_a_transfer_and_its_refund_are_read_as_the_site_writes_money(client, login, make_user, bank_on, db):
    invoice = factories.invoice(commit=True)
    login(make_user("organiser"))
    page = f"/payments/{invoice.reference}"

    confirmed = post_form(client, page, f"{page}/confirm-transfer", {"amount_vnd": "1.000.000 ₫"})
    entry = db.session.scalar(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id))
    refunded = post_form(
        client, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": "250.000", "note": "Gian hàng nhỏ hơn"}
    )

    assert (confirmed.status_code, refunded.status_code) == (303, 303)
    amounts = db.session.scalars(
        select(PaymentTransaction.amount_vnd)
        .where(PaymentTransaction.invoice_id == invoice.id)
        .order_by(PaymentTransaction.id)
    ).all()
    assert amounts == [1_000_000, 250_000]


def test_a_transfer_amount_that_is_not_whole_dong_is_refused_and_nothing_recorded(
    client, login, make_user, bank_on, db
):
    invoice = factories.invoice(commit=True)
    login(make_user("organiser"))
    page = f"/payments/{invoice.reference}"

    refused = post_form(client, page, f"{page}/confirm-transfer", {"amount_vnd": "1.000.000,5"})

    assert refused.status_code in (400, 422)
    assert db.session.scalar(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id)) is None
