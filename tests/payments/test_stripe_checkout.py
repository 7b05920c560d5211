"""Paying by card: Checkout Sessions made through the real `stripe` library against the local
stand-in, one per attempt with an idempotency key, and return pages that only show the state."""

from sqlalchemy import select

from marketplace.payments import ledger
from marketplace.payments.models import PaymentTransaction
from tests import factories
from tests.conftest import post_form
from tests.payments.conftest import post_event, start_card_payment


def entries(db, invoice):
    return list(
        db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.invoice_id == invoice.id)
            .order_by(PaymentTransaction.seq)
        )
    )


def test_pay_by_card_opens_a_checkout_session_for_the_amount_owed_in_vnd(client, login, stripe_on, db):
    invoice = factories.invoice(lines=((1_500_000, 500_000), (300_000, 0)), commit=True)
    login(invoice.payer)

    session_id = start_card_payment(client, invoice)

    request = stripe_on.requests[-1]
    assert request["method"] == "POST" and request["path"] == "/v1/checkout/sessions"
    item = request["params"]["line_items"][0]
    assert item["price_data"]["currency"] == "vnd"
    assert item["price_data"]["unit_amount"] == "1300000"  # zero-decimal: đồng, not hundredths
    assert request["params"]["metadata"]["invoice_reference"] == invoice.reference
    assert request["params"]["client_reference_id"] == invoice.reference
    assert request["idempotency_key"] == f"checkout-{invoice.reference}-1"
    assert [(e.status, e.provider_ref, e.amount_vnd) for e in entries(db, invoice)] == [
        ("pending", session_id, 1_300_000)
    ]
    assert ledger.standing_of(invoice).status == "pending"


def test_each_attempt_gets_its_own_session_and_key(client, login, stripe_on):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)

    first = start_card_payment(client, invoice)
    second = start_card_payment(client, invoice)

    assert first != second
    keys = [r["idempotency_key"] for r in stripe_on.requests if r["path"] == "/v1/checkout/sessions"][-2:]
    assert keys == [f"checkout-{invoice.reference}-1", f"checkout-{invoice.reference}-2"]


def test_a_retried_attempt_with_the_same_key_gets_the_same_session(app, db, stripe_on):
    """Idempotency as Stripe implements it: a repeat of a request returns the first answer."""
    from marketplace.payments import stripe_gateway

    invoice = factories.invoice(commit=True)
    with app.test_request_context():
        arguments = dict(
            reference=invoice.reference,
            metadata={"invoice_reference": invoice.reference},
            amount_vnd=1_000_000,
            name="Booth",
            success_url="http://x/s",
            cancel_url="http://x/c",
            idempotency_key=f"checkout-{invoice.reference}-9",
            locale="vi",
        )
        one = stripe_gateway.create_checkout_session(**arguments)
        two = stripe_gateway.create_checkout_session(**arguments)
    assert one["id"] == two["id"]


def test_success_page_with_an_unpaid_session_marks_nothing(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)

    response = client.get(f"/payments/stripe/success?session_id={session_id}")

    assert response.status_code == 200
    assert "Stripe" in response.get_data(as_text=True)
    assert [e.status for e in entries(db, invoice)] == ["pending"]
    assert not ledger.standing_of(invoice).is_paid


def test_success_page_even_for_a_session_stripe_paid_marks_nothing_until_the_webhook(client, login, stripe_on, db):
    """The redirect is not proof: only the signed event records the payment."""
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)
    stripe_on.pay(session_id)

    client.get(f"/payments/stripe/success?session_id={session_id}")

    assert [e.status for e in entries(db, invoice)] == ["pending"]


def test_success_page_with_a_made_up_session_id_is_404_and_marks_nothing(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)

    for fake in ("cs_test_made_up", "x' OR 1=1 --", ""):
        assert client.get("/payments/stripe/success", query_string={"session_id": fake}).status_code == 404
    assert entries(db, invoice) == []


def test_success_page_shows_paid_once_the_webhook_recorded_it(client, login, stripe_on):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)
    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))

    page = client.get(f"/payments/stripe/success?session_id={session_id}").get_data(as_text=True)

    assert "1.000.000 ₫" in page and 'http-equiv="refresh"' not in page


def test_cancel_page_says_nothing_was_charged(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    start_card_payment(client, invoice)

    response = client.get(f"/payments/stripe/cancel?reference={invoice.reference}")

    assert response.status_code == 200
    assert not ledger.standing_of(invoice).is_paid


def test_another_account_cannot_see_or_pay_the_invoice(client, login, make_user, stripe_on):
    invoice = factories.invoice(commit=True)
    login(make_user("producer"))

    assert client.get(f"/payments/{invoice.reference}").status_code == 404
    response = post_form(client, "/payments/mine", f"/payments/{invoice.reference}/stripe")
    assert response.status_code == 404
    assert not any(
        r["path"] == "/v1/checkout/sessions" and r["params"].get("client_reference_id") == invoice.reference
        for r in stripe_on.requests
    )


def test_card_payment_is_not_offered_without_stripe_keys(client, login, bank_on):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)

    page = client.get(f"/payments/{invoice.reference}").get_data(as_text=True)
    response = post_form(client, f"/payments/{invoice.reference}", f"/payments/{invoice.reference}/stripe")

    assert f"/payments/{invoice.reference}/stripe" not in page
    assert f"/payments/{invoice.reference}/bank-transfer" in page
    assert response.status_code == 422


def test_stripe_being_down_is_a_clear_503_and_records_nothing(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    stripe_on.fail_next = 10  # more than the library's retries

    response = post_form(client, f"/payments/{invoice.reference}", f"/payments/{invoice.reference}/stripe")

    assert response.status_code == 503
    assert entries(db, invoice) == []


def test_every_request_names_the_api_version_the_code_was_written_for(client, login, stripe_on, monkeypatch):
    """A newer library defaults to a newer API version; the site keeps asking for its own."""
    from stripe._api_version import _ApiVersion

    from marketplace.payments.stripe_gateway import STRIPE_API_VERSION

    monkeypatch.setattr(_ApiVersion, "CURRENT", "2099-01-01.upgraded")  # as after a library upgrade
    invoice = factories.invoice(commit=True)
    login(invoice.payer)

    start_card_payment(client, invoice)

    assert stripe_on.requests[-1]["stripe_version"] == STRIPE_API_VERSION
