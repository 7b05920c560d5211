"""Refunds the organiser makes: through Stripe's API for card payments (recorded once Stripe has
accepted them), by hand for bank transfers (the organiser has sent the money back)."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.payments import ledger, settlement, stripe_gateway
from marketplace.payments.models import REFUNDED, STRIPE, Invoice, PaymentTransaction


class RefundNotSent(RuntimeError):
    """Stripe did not accept the refund; nothing was recorded."""


def refund(invoice: Invoice, entry: PaymentTransaction, amount: int, actor, note: str | None = None):
    """Return `amount` from the payment `entry` belongs to; PaymentError if it exceeds what is left."""
    ledger.lock(invoice)
    chain = settlement.check_refund(invoice, entry.provider, entry.provider_ref, amount)
    fields = {"actor_id": getattr(actor, "id", None), "note": (note or None) and note[:500]}
    if entry.provider != STRIPE:
        return settlement.record_refund(invoice, entry.provider, entry.provider_ref, amount, **fields)
    if not chain.payment_ref:
        raise RefundNotSent("no PaymentIntent known for this session")
    number = 1 + db.session.scalar(
        select(func.count()).where(
            PaymentTransaction.invoice_id == invoice.id,
            PaymentTransaction.provider_ref == entry.provider_ref,
            PaymentTransaction.status == REFUNDED,
        )
    )
    try:
        result = stripe_gateway.create_refund(
            payment_intent=chain.payment_ref,
            amount_vnd=amount,
            idempotency_key=f"refund-{entry.provider_ref}-{number}",
            metadata={"invoice_reference": invoice.reference},
        )
    except (stripe_gateway.StripeUnavailable, stripe_gateway.StripeRefused) as error:
        raise RefundNotSent(str(error)) from error
    if result.get("status") in ("failed", "canceled"):
        raise RefundNotSent(f"refund {result.get('id')} {result.get('status')}")
    return settlement.record_refund(
        invoice, STRIPE, entry.provider_ref, amount, data={"refund_id": result.get("id")}, **fields
    )
