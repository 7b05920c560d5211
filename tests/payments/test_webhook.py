"""The Stripe webhook: only a correctly signed, fresh body is believed; each event acts once; events
out of order, mismatched amounts and refunds leave the ledger right; transient failures answer 5xx."""

import time

from sqlalchemy import func, select

from marketplace.payments import ledger
from marketplace.payments.models import PaymentTransaction, StripeEvent
from tests import factories
from tests.payments.conftest import post_event, start_card_payment


def statuses(db, invoice):
    return [
        e.status
        for e in db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.invoice_id == invoice.id)
            .order_by(PaymentTransaction.seq)
        )
    ]


def stored_events(db) -> int:
    return db.session.scalar(select(func.count()).select_from(StripeEvent))


def paid_session(client, login, invoice, standin):
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)
    return standin.pay(session_id)


def test_a_signed_completed_event_marks_the_invoice_paid_once(client, login, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)

    response = post_event(client, stripe_on, stripe_on.event("checkout.session.completed", session))

    assert response.status_code == 200 and response.get_json()["outcome"] == "succeeded"
    assert statuses(db, invoice) == ["pending", "succeeded"]
    assert ledger.standing_of(invoice).status == "paid"
    assert paid_signals == [("paid", invoice.reference)]


def test_forged_unsigned_stale_and_tampered_events_are_400_and_change_nothing(
    client, login, stripe_on, db, paid_signals
):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    event = stripe_on.event("checkout.session.completed", session)
    before = stored_events(db)

    forged = post_event(client, stripe_on, event, secret="whsec_someone_else")
    unsigned = post_event(client, stripe_on, event, signature="")
    garbage = post_event(client, stripe_on, event, signature="t=abc,v1=nothing")
    stale = post_event(client, stripe_on, event, timestamp=int(time.time()) - 600)
    signed_other_body = stripe_on.sign(b'{"id": "evt_other"}')
    tampered = post_event(client, stripe_on, event, signature=signed_other_body)

    assert [r.status_code for r in (forged, unsigned, garbage, stale, tampered)] == [400] * 5
    assert statuses(db, invoice) == ["pending"]
    assert stored_events(db) == before
    assert paid_signals == []


def test_the_same_event_delivered_five_times_acts_once(client, login, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    event = stripe_on.event("checkout.session.completed", paid_session(client, login, invoice, stripe_on))

    answers = [post_event(client, stripe_on, event) for _ in range(5)]

    assert [a.status_code for a in answers] == [200] * 5
    assert [a.get_json().get("duplicate", False) for a in answers] == [False, True, True, True, True]
    assert statuses(db, invoice) == ["pending", "succeeded"]
    assert paid_signals == [("paid", invoice.reference)]


def test_expired_after_completed_changes_nothing(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", session))

    expired = stripe_on.event("checkout.session.expired", {**session, "status": "expired"})
    response = post_event(client, stripe_on, expired)

    assert response.status_code == 200 and response.get_json()["outcome"] == "no_change"
    assert statuses(db, invoice) == ["pending", "succeeded"]
    assert ledger.standing_of(invoice).is_paid


def test_an_abandoned_session_expires_and_the_invoice_can_be_paid_again(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)

    post_event(client, stripe_on, stripe_on.event("checkout.session.expired", stripe_on.expire(session_id)))

    standing = ledger.standing_of(invoice)
    assert statuses(db, invoice) == ["pending", "expired"]
    assert standing.status == "unpaid" and standing.outstanding == invoice.amount_vnd


def test_delayed_payment_pending_then_succeeded_even_when_events_arrive_reversed(
    client, login, stripe_on, db, paid_signals
):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)
    completed_unpaid = stripe_on.event("checkout.session.completed", stripe_on.pay(session_id, delayed=True))
    succeeded = stripe_on.event("checkout.session.async_payment_succeeded", stripe_on.settle_delayed(session_id))

    post_event(client, stripe_on, succeeded)  # the later event first
    post_event(client, stripe_on, completed_unpaid)

    assert statuses(db, invoice) == ["pending", "succeeded"]
    assert paid_signals == [("paid", invoice.reference)]


def test_a_delayed_payment_that_fails_leaves_the_invoice_unpaid(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    session_id = start_card_payment(client, invoice)
    unpaid = stripe_on.pay(session_id, delayed=True)

    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", unpaid))
    post_event(client, stripe_on, stripe_on.event("checkout.session.async_payment_failed", unpaid))

    assert statuses(db, invoice) == ["pending", "failed"]
    assert ledger.standing_of(invoice).status == "unpaid"


def test_a_payment_of_the_wrong_amount_is_held_not_paid(client, login, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)

    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", {**session, "amount_total": 1000}))

    standing = ledger.standing_of(invoice)
    assert statuses(db, invoice) == ["pending", "held"]
    assert standing.status == "held" and not standing.is_paid and standing.needs_attention
    assert paid_signals == []


def test_a_payment_in_another_currency_is_held_not_paid(client, login, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)

    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", {**session, "currency": "usd"}))

    assert statuses(db, invoice) == ["pending", "held"]
    assert paid_signals == []


def test_a_second_paid_session_for_a_paid_invoice_is_held_for_refund(client, login, stripe_on, db, paid_signals):
    """Two tabs, two sessions, both paid: the invoice is paid once, the second payment is held."""
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    first, second = start_card_payment(client, invoice), start_card_payment(client, invoice)

    for session_id in (first, second):
        post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))

    standing = ledger.standing_of(invoice)
    assert standing.received == invoice.amount_vnd and standing.held == invoice.amount_vnd
    assert paid_signals == [("paid", invoice.reference)]


def test_money_for_a_cancelled_invoice_is_held(client, login, stripe_on, db, paid_signals):
    from marketplace.payments.services import cancel_payment_request

    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    cancel_payment_request(invoice)
    db.session.commit()

    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", session))

    assert statuses(db, invoice) == ["pending", "held"]
    assert paid_signals == []


def test_a_refund_made_at_stripe_is_recorded_once_and_announced(client, login, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", session))

    partial = stripe_on.event("charge.refunded", stripe_on.refund_in_dashboard(session["payment_intent"], 400_000))
    post_event(client, stripe_on, partial)
    post_event(client, stripe_on, partial)  # duplicate delivery
    rest = stripe_on.event("charge.refunded", stripe_on.refund_in_dashboard(session["payment_intent"], 600_000))
    post_event(client, stripe_on, rest)

    standing = ledger.standing_of(invoice)
    assert statuses(db, invoice) == ["pending", "succeeded", "refunded", "refunded"]
    assert standing.refunded == 1_000_000 and standing.status == "refunded"
    assert paid_signals == [
        ("paid", invoice.reference),
        ("refunded", invoice.reference, 400_000, False),
        ("refunded", invoice.reference, 600_000, True),
    ]


def test_a_refund_event_before_the_payment_event_records_both_in_order(client, login, stripe_on, db):
    """Out of order: the refund arrives first; the payment is fetched from Stripe and recorded before it."""
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    refund = stripe_on.event("charge.refunded", stripe_on.refund_in_dashboard(session["payment_intent"], 250_000))

    post_event(client, stripe_on, refund)
    late = post_event(client, stripe_on, stripe_on.event("checkout.session.completed", session))

    assert late.get_json()["outcome"] == "no_change"
    assert statuses(db, invoice) == ["pending", "succeeded", "refunded"]
    assert ledger.standing_of(invoice).status == "partly_refunded"


def test_a_transient_failure_answers_503_and_keeps_nothing_so_the_retry_works(client, login, stripe_on, db):
    invoice = factories.invoice(commit=True)
    session = paid_session(client, login, invoice, stripe_on)
    refund = stripe_on.event("charge.refunded", stripe_on.refund_in_dashboard(session["payment_intent"], 250_000))
    before = stored_events(db)
    stripe_on.fail_next = 10  # Stripe cannot be asked about the unknown payment

    failed = post_event(client, stripe_on, refund)

    assert failed.status_code == 503
    assert stored_events(db) == before and statuses(db, invoice) == ["pending"]
    stripe_on.fail_next = 0
    retried = post_event(client, stripe_on, refund)
    assert retried.status_code == 200
    assert statuses(db, invoice) == ["pending", "succeeded", "refunded"]


def test_events_of_other_kinds_or_for_unknown_invoices_are_acknowledged_and_ignored(client, stripe_on, db):
    other = post_event(client, stripe_on, stripe_on.event("customer.created", {"id": "cus_1", "object": "customer"}))
    unknown = post_event(
        client,
        stripe_on,
        stripe_on.event(
            "checkout.session.completed",
            {
                "id": "cs_test_not_ours",
                "metadata": {"invoice_reference": "CNNTZZZZZZ"},
                "payment_status": "paid",
                "amount_total": 5,
                "currency": "vnd",
            },
        ),
    )

    assert (other.status_code, other.get_json()["outcome"]) == (200, "ignored")
    assert (unknown.status_code, unknown.get_json()["outcome"]) == (200, "unknown_invoice")


def test_the_webhook_refuses_everything_when_no_secret_is_configured(client, app, db):
    assert app.config.get("STRIPE_WEBHOOK_SECRET") is None
    response = client.post("/payments/stripe/webhook", data=b"{}", headers={"Stripe-Signature": "t=1,v1=0"})
    assert response.status_code == 400
