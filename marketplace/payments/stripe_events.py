"""What Stripe tells us: webhook events stored once by id and turned into ledger entries, and the
reconciliation that asks Stripe for recent sessions and repairs what a lost webhook missed."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.payments import ledger, settlement, stripe_gateway
from marketplace.payments.models import EXPIRED, FAILED, STRIPE, Invoice, StripeEvent


class DuplicateEvent(Exception):
    """This event id was already processed (or is being processed by another request right now)."""


def invoice_for_session(session: dict) -> Invoice | None:
    metadata = session.get("metadata") or {}
    reference = metadata.get("invoice_reference") or session.get("client_reference_id")
    if not reference:
        return None
    return db.session.scalar(select(Invoice).where(Invoice.reference == reference))


def _paid(session: dict, event_id: str | None) -> str:
    invoice = invoice_for_session(session)
    if invoice is None:
        return "unknown_invoice"
    entry = settlement.record_received(
        invoice,
        STRIPE,
        session["id"],
        int(session.get("amount_total") or 0),
        str(session.get("currency") or ""),
        payment_ref=session.get("payment_intent"),
        event_id=event_id,
    )
    return entry.status if entry is not None else "no_change"


def _completed(session: dict, event_id: str | None) -> str:
    if session.get("payment_status") == "paid":
        return _paid(session, event_id)
    # "unpaid": a delayed method (bank debit); async_payment_succeeded/failed will follow.
    invoice = invoice_for_session(session)
    if invoice is None:
        return "unknown_invoice"
    entry = settlement.record_pending(
        invoice,
        STRIPE,
        session["id"],
        int(session.get("amount_total") or 0),
        currency=str(session.get("currency") or "vnd").upper(),
        payment_ref=session.get("payment_intent"),
        event_id=event_id,
    )
    return entry.status if entry is not None else "no_change"


def _closed(status: str):
    def handle(session: dict, event_id: str | None) -> str:
        invoice = invoice_for_session(session)
        if invoice is None:
            return "unknown_invoice"
        entry = settlement.record_closed(invoice, STRIPE, session["id"], status, event_id=event_id)
        return entry.status if entry is not None else "no_change"

    return handle


def _refunded(charge: dict, event_id: str | None) -> str:
    """Refunds are addressed to the PaymentIntent; if its payment is not in the ledger yet (events
    out of order), the session is fetched from Stripe and recorded first."""
    payment_intent = charge.get("payment_intent")
    if not payment_intent:
        return "no_payment_intent"
    invoice, chain = _chain_for_payment_intent(payment_intent)
    if chain is None:
        session = stripe_gateway.session_for_payment_intent(payment_intent)  # StripeUnavailable -> 5xx
        if session is None or session.get("payment_status") != "paid":
            return "unknown_payment"
        _paid(session, None)
        invoice, chain = _chain_for_payment_intent(payment_intent)
        if chain is None:
            return "unknown_invoice"
    entry = settlement.record_refund_total(
        invoice,
        chain,
        int(charge.get("amount_refunded") or 0),
        event_id=event_id,
    )
    return entry.status if entry is not None else "no_change"


def _chain_for_payment_intent(payment_intent: str):
    from marketplace.payments.models import PaymentTransaction

    entry = db.session.scalar(
        select(PaymentTransaction).where(PaymentTransaction.payment_ref == payment_intent).limit(1)
    )
    if entry is None:
        return None, None
    invoice = entry.invoice
    ledger.lock(invoice)
    return invoice, ledger.find_chain(invoice, entry.provider, entry.provider_ref)


HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": _closed(FAILED),
    "checkout.session.expired": _closed(EXPIRED),
    "charge.refunded": _refunded,
}


def receive_event(payload: bytes, signature: str | None) -> StripeEvent:
    """Verify, store by id, act. The event row is written first and committed with the ledger
    entries it causes, so an event is acted on once; a duplicate raises DuplicateEvent at the insert
    (a concurrent one waits for the first to commit, then fails the primary key). Raises BadSignature
    for a forged/unsigned/stale body and StripeUnavailable when Stripe must be asked and cannot be."""
    event = stripe_gateway.verify_event(payload, signature)
    try:
        with db.session.begin_nested():  # a savepoint: a duplicate takes back only its own insert
            record = StripeEvent(
                id=event["id"],
                type=str(event.get("type", ""))[:80],
                created=event.get("created"),
                payload=event,
            )
            db.session.add(record)
    except IntegrityError:
        raise DuplicateEvent(event["id"]) from None
    handler = HANDLERS.get(record.type)
    obj = (event.get("data") or {}).get("object") or {}
    record.outcome = handler(obj, record.id) if handler and obj.get("id") else "ignored"
    db.session.flush()
    return record


def reconcile(days: int = 3, echo=print) -> dict:
    """Ask Stripe for the Checkout Sessions of the last `days` days and record in the ledger what the
    webhook should have brought: payments, failures, expiries. Recording twice changes nothing."""
    since = int((utcnow() - timedelta(days=days)).timestamp())
    counts = {"seen": 0, "repaired": 0, "unknown": 0}
    for session in stripe_gateway.sessions_created_since(since):
        counts["seen"] += 1
        invoice = invoice_for_session(session)
        if invoice is None:
            counts["unknown"] += 1
            continue
        if session.get("status") == "complete" and session.get("payment_status") == "paid":
            outcome = _paid(session, None)
        elif session.get("status") == "expired":
            outcome = _closed(EXPIRED)(session, None)
        else:
            continue
        if outcome not in ("no_change", "unknown_invoice"):
            counts["repaired"] += 1
            echo(f"{invoice.reference}: {session['id']} -> {outcome}")
    return counts
