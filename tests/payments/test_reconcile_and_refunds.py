"""Repairing what a lost webhook missed (`flask payments reconcile-stripe`), and the organiser's
refunds: through Stripe's API for cards, recorded by hand for transfers, never more than was paid."""

from sqlalchemy import select

from marketplace.core.audit import AuditEvent
from marketplace.payments import ledger
from marketplace.payments.models import PaymentTransaction
from tests import factories
from tests.conftest import post_form
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


def reconcile(app):
    return app.test_cli_runner().invoke(args=["payments", "reconcile-stripe", "--days", "2"])


def test_reconcile_records_a_payment_whose_webhook_never_came_and_only_once(
    app, client, login, stripe_on, db, paid_signals
):
    paid, abandoned, untouched = (
        factories.invoice(commit=True),
        factories.invoice(commit=True),
        factories.invoice(commit=True),
    )
    login(paid.payer)
    stripe_on.pay(start_card_payment(client, paid))
    login(abandoned.payer)
    stripe_on.expire(start_card_payment(client, abandoned))
    login(untouched.payer)
    start_card_payment(client, untouched)

    first = reconcile(app)
    second = reconcile(app)

    assert first.exit_code == 0, first.output
    assert f"{paid.reference}: " in first.output and "succeeded" in first.output
    assert statuses(db, paid) == ["pending", "succeeded"]
    assert statuses(db, abandoned) == ["pending", "expired"]
    assert statuses(db, untouched) == ["pending"]
    assert "repaired: 0" in second.output
    assert paid_signals.count(("paid", paid.reference)) == 1


def test_reconcile_fails_clearly_when_stripe_does_not_answer(app, db, stripe_on):
    stripe_on.fail_next = 10
    result = reconcile(app)
    assert result.exit_code != 0 and "Stripe did not answer" in result.output


def test_reconcile_says_when_stripe_is_not_configured(app, db):
    result = reconcile(app)
    assert result.exit_code != 0 and "not configured" in result.output


def paid_by_card(client, login, invoice, standin):
    login(invoice.payer)
    session = standin.pay(start_card_payment(client, invoice))
    post_event(client, standin, standin.event("checkout.session.completed", session))
    return session


def refund(client, invoice, entry_id, amount, note="Gian hàng bị hủy"):
    page = f"/payments/{invoice.reference}"
    return post_form(client, page, f"{page}/refund", {"entry_id": entry_id, "amount_vnd": amount, "note": note})


def payment_entry(db, invoice):
    return db.session.scalar(
        select(PaymentTransaction).where(
            PaymentTransaction.invoice_id == invoice.id, PaymentTransaction.status == "succeeded"
        )
    )


def test_organiser_refunds_a_card_payment_partly_through_stripe(client, login, make_user, stripe_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    session = paid_by_card(client, login, invoice, stripe_on)
    login(make_user("organiser"))

    response = refund(client, invoice, payment_entry(db, invoice).id, 300_000)

    assert response.status_code == 303
    sent = [r for r in stripe_on.requests if r["path"] == "/v1/refunds"][-1]
    assert sent["params"]["payment_intent"] == session["payment_intent"]
    assert sent["params"]["amount"] == "300000"
    assert sent["idempotency_key"] == f"refund-{session['id']}-1"
    assert statuses(db, invoice) == ["pending", "succeeded", "refunded"]
    assert ledger.standing_of(invoice).status == "partly_refunded"
    assert paid_signals[-1] == ("refunded", invoice.reference, 300_000, False)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "payments.refunded")) is not None
    # Stripe's charge.refunded for the same refund then changes nothing.
    charge = stripe_on.charge(session["payment_intent"])
    echo = post_event(client, stripe_on, stripe_on.event("charge.refunded", charge))
    assert echo.get_json()["outcome"] == "no_change"
    assert statuses(db, invoice) == ["pending", "succeeded", "refunded"]


def test_a_refund_larger_than_what_is_left_is_refused_and_nothing_is_sent(client, login, make_user, stripe_on, db):
    invoice = factories.invoice(commit=True)
    paid_by_card(client, login, invoice, stripe_on)
    login(make_user("organiser"))
    sent_before = sum(1 for r in stripe_on.requests if r["path"] == "/v1/refunds")

    response = refund(client, invoice, payment_entry(db, invoice).id, 1_000_001)

    assert response.status_code == 422
    assert sum(1 for r in stripe_on.requests if r["path"] == "/v1/refunds") == sent_before
    assert statuses(db, invoice) == ["pending", "succeeded"]


def test_when_stripe_refuses_the_refund_nothing_is_recorded(client, login, make_user, stripe_on, db):
    invoice = factories.invoice(commit=True)
    paid_by_card(client, login, invoice, stripe_on)
    login(make_user("organiser"))
    stripe_on.fail_next = 10

    response = refund(client, invoice, payment_entry(db, invoice).id, 100_000)

    assert response.status_code == 503
    assert statuses(db, invoice) == ["pending", "succeeded"]


def test_a_bank_transfer_is_confirmed_then_refunded_by_hand(client, login, make_user, bank_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    login(make_user("organiser"))
    page = f"/payments/{invoice.reference}"

    confirmed = post_form(client, page, f"{page}/confirm-transfer", {"amount_vnd": 1_000_000, "note": "VCB 12/03"})
    refunded = refund(client, invoice, payment_entry(db, invoice).id, 1_000_000)

    assert (confirmed.status_code, refunded.status_code) == (303, 303)
    assert statuses(db, invoice) == ["succeeded", "refunded"]
    assert paid_signals == [("paid", invoice.reference), ("refunded", invoice.reference, 1_000_000, True)]


def test_a_short_transfer_is_held_until_the_organiser_accepts_it(client, login, make_user, bank_on, db, paid_signals):
    invoice = factories.invoice(commit=True)
    login(make_user("organiser"))
    page = f"/payments/{invoice.reference}"
    post_form(client, page, f"{page}/confirm-transfer", {"amount_vnd": 1_000_000 - 11_000})
    held = db.session.scalar(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id))
    assert (held.status, held.reason, paid_signals) == ("held", "amount_mismatch", [])

    accepted = post_form(client, page, f"{page}/accept", {"entry_id": held.id})

    assert accepted.status_code == 303
    standing = ledger.standing_of(invoice)
    assert standing.status == "partly_paid" and standing.outstanding == 11_000


def test_only_organisers_may_confirm_accept_or_refund(client, login, make_user, bank_on, db):
    invoice = factories.invoice(commit=True)
    page = f"/payments/{invoice.reference}"
    for intruder in (invoice.payer, make_user("buyer"), make_user("juror")):
        login(intruder)
        response = post_form(client, "/payments/mine", f"{page}/confirm-transfer", {"amount_vnd": 1_000_000})
        assert response.status_code == 403
    assert statuses(db, invoice) == []


def test_the_ledger_cannot_be_edited_or_deleted(db, app):
    import pytest

    from marketplace.payments import settlement

    invoice = factories.invoice(commit=True)
    entry = settlement.confirm_transfer_by_hand(invoice, 1_000_000, None)
    db.session.commit()

    entry.amount_vnd = 1
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(PaymentTransaction, entry.id))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
