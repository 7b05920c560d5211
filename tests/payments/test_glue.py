"""What other areas call: request_payment (idempotent, validated), cancel_payment_request, and the
pieces the bookings API will answer with (begin_checkout, payments_summary)."""

import pytest

from marketplace.payments import checkout, queries, services, settlement, vietqr
from tests import factories
from tests.payments.conftest import TEST_KIND


def test_asking_twice_for_the_same_payable_returns_the_same_invoice(db, make_user):
    invoice = factories.invoice(commit=True)
    again = services.request_payment(
        payable_kind=TEST_KIND,
        payable_id=invoice.payable_id,
        payer_user=invoice.payer,
        payer=services.Party("x"),
        seller=services.Party("y"),
        lines=[services.Line("z", 5, 0)],
        description="d",
    )
    assert again.id == invoice.id and again.amount_vnd == 1_000_000


def test_the_reference_is_short_ascii_and_the_total_is_list_price_minus_subsidy(db):
    invoice = factories.invoice(lines=((2_000_000, 800_000), (500_000, 500_000)), commit=True)
    assert invoice.reference.isascii() and invoice.reference.isupper() and len(invoice.reference) == 10
    assert invoice.amount_vnd == 1_200_000
    assert [(x.list_price_vnd, x.subsidy_vnd, x.amount_vnd) for x in invoice.lines] == [
        (2_000_000, 800_000, 1_200_000),
        (500_000, 500_000, 0),
    ]


@pytest.mark.parametrize(
    "lines", [[], [services.Line("a", 100, 200)], [services.Line("a", 100, 100)], [services.Line("a", -5, 0)]]
)
def test_invalid_lines_are_refused(db, make_user, lines):
    with pytest.raises(services.PaymentError):
        services.request_payment(
            payable_kind=TEST_KIND,
            payable_id=999,
            payer_user=make_user(),
            payer=services.Party("x"),
            seller=services.Party("y"),
            lines=lines,
            description="d",
        )


def test_an_unregistered_payable_kind_is_a_programming_error(db, make_user):
    with pytest.raises(ValueError, match="unknown payable kind"):
        services.request_payment(
            payable_kind="bookng",
            payable_id=1,
            payer_user=make_user(),
            payer=services.Party("x"),
            seller=services.Party("y"),
            lines=[services.Line("a", 100)],
            description="d",
        )


def test_begin_checkout_answers_as_the_contract_says(app, db, stripe_on, bank_on):
    invoice = factories.invoice(commit=True)
    with app.test_request_context():
        card = checkout.begin_checkout(
            invoice, "stripe", success_url="http://x/s", cancel_url="http://x/c", locale="vi"
        )
        bank = checkout.begin_checkout(invoice, "bank_transfer", success_url="", cancel_url="", locale="vi")
        with pytest.raises(services.PaymentError):
            checkout.begin_checkout(invoice, "cash", success_url="", cancel_url="", locale="vi")

    assert card["checkout_url"].startswith(stripe_on.base_url + "/pay/cs_test_")
    assert bank["reference"] == invoice.reference and bank["amount_vnd"] == 1_000_000
    assert vietqr.decode(bank["vietqr"])["note"] == invoice.reference
    assert queries.payments_summary(TEST_KIND, invoice.payable_id) == [
        {"provider": "stripe", "status": "pending", "amount_vnd": 1_000_000}
    ]


def test_a_cancelled_request_offers_no_checkout(app, db, bank_on):
    invoice = factories.invoice(commit=True)
    services.cancel_payment_request(invoice)
    with app.test_request_context(), pytest.raises(services.PaymentError) as refused:
        checkout.begin_checkout(invoice, "bank_transfer", success_url="", cancel_url="", locale="vi")
    assert refused.value.status == 409


def test_summary_of_a_paid_invoice(db):
    invoice = factories.invoice(commit=True)
    settlement.confirm_transfer_by_hand(invoice, 1_000_000, None)
    assert queries.payments_summary(TEST_KIND, invoice.payable_id) == [
        {"provider": "bank_transfer", "status": "succeeded", "amount_vnd": 1_000_000}
    ]
    assert queries.payments_summary(TEST_KIND, 10**9) == []
