"""Recording money against an invoice: payments that arrive (checked against what is due), closed
attempts, held money the organiser accepts, refunds. Each runs under the invoice's lock and
announces "paid" or "refunded" exactly when the ledger's figures cross that line."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.core.signals import invoice_paid, invoice_refunded
from marketplace.extensions import db
from marketplace.payments import ledger
from marketplace.payments.models import (
    BANK_TRANSFER,
    EXPIRED,
    FAILED,
    HELD,
    PENDING,
    REFUNDED,
    SUCCEEDED,
    Invoice,
    PaymentTransaction,
)
from marketplace.payments.services import PaymentError

# Why money was held rather than counted (shown to the organiser, translated in the views).
HOLD_REASONS = ("currency_mismatch", "invoice_void", "invoice_refunded", "already_paid", "amount_mismatch")


def _chain(standing: ledger.Standing, provider: str, ref: str) -> ledger.Chain | None:
    return next((c for c in standing.chains if (c.provider, c.provider_ref) == (provider, ref)), None)


def _hold_reason(invoice: Invoice, standing: ledger.Standing, amount: int, currency: str) -> str | None:
    if currency.upper() != invoice.currency:
        return "currency_mismatch"
    if standing.void:
        return "invoice_void"
    if standing.refunded:
        return "invoice_refunded"
    if standing.outstanding == 0:
        return "already_paid"
    if amount != standing.outstanding:
        return "amount_mismatch"
    return None


def _announce_paid(invoice: Invoice, before: ledger.Standing) -> None:
    if not before.is_paid and ledger.standing_of(invoice).is_paid:
        invoice_paid.send(invoice)


def record_pending(invoice: Invoice, provider: str, ref: str, amount: int, **fields) -> PaymentTransaction | None:
    """A payment attempt has started (a Checkout Session exists); nothing is owed less yet."""
    ledger.lock(invoice)
    return ledger.append(invoice, provider, ref, PENDING, amount, **fields)


def record_received(
    invoice: Invoice, provider: str, ref: str, amount: int, currency: str = "VND", **fields
) -> PaymentTransaction | None:
    """Money has verifiably arrived. It counts as payment only if it is exactly what is outstanding,
    in VND, for an invoice still wanting it; otherwise it is held for the organiser. A chain that
    already arrived, failed or expired is left alone (None): a repeated or late word changes nothing."""
    ledger.lock(invoice)
    before = ledger.standing_of(invoice)
    chain = _chain(before, provider, ref)
    if chain is not None and chain.status != PENDING:
        return None
    reason = _hold_reason(invoice, before, amount, currency)
    entry = ledger.append(
        invoice,
        provider,
        ref,
        HELD if reason else SUCCEEDED,
        amount,
        currency=currency.upper(),
        reason=reason,
        **fields,
    )
    _announce_paid(invoice, before)
    return entry


def record_closed(invoice: Invoice, provider: str, ref: str, status: str, **fields) -> PaymentTransaction | None:
    """An attempt ended without money (failed, expired); ignored once money arrived on that chain."""
    if status not in (FAILED, EXPIRED):
        raise ValueError(f"an attempt closes as failed or expired, not {status!r}")
    ledger.lock(invoice)
    chain = ledger.find_chain(invoice, provider, ref)
    amount = chain.first.amount_vnd if chain else 0
    return ledger.append(invoice, provider, ref, status, amount, **fields)


def accept_held(invoice: Invoice, entry: PaymentTransaction, actor) -> PaymentTransaction:
    """The organiser counts held money as payment (e.g. a transfer short by a bank fee they accept)."""
    ledger.lock(invoice)
    before = ledger.standing_of(invoice)
    chain = _chain(before, entry.provider, entry.provider_ref)
    if chain is None or chain.status != HELD or chain.entries[-1].currency != invoice.currency:
        raise PaymentError(_l("Only money held in VND can be accepted."), 409)
    if before.void or before.refunded or chain.held > before.outstanding:
        raise PaymentError(_l("This would be more than is owed: refund it instead."), 409)
    accepted = ledger.append(
        invoice,
        chain.provider,
        chain.provider_ref,
        SUCCEEDED,
        chain.held,
        reason="accepted",
        actor_id=getattr(actor, "id", None),
        payment_ref=chain.payment_ref,
    )
    _announce_paid(invoice, before)
    return accepted


def check_refund(invoice: Invoice, provider: str, ref: str, amount: int) -> ledger.Chain:
    """The chain to refund from, if `amount` may go back (PaymentError otherwise); the caller holds the lock."""
    chain = _chain(ledger.standing_of(invoice), provider, ref)
    if chain is None or chain.status not in (SUCCEEDED, REFUNDED, HELD):
        raise PaymentError(_l("There is no payment here to refund."), 409)
    refundable = chain.money_in - chain.refunded
    if not 0 < amount <= refundable or (chain.status == HELD and amount != refundable):
        raise PaymentError(_l("The refund must be between 1 đ and what was received and not yet refunded."))
    return chain


def record_refund(invoice: Invoice, provider: str, ref: str, amount: int, **fields) -> PaymentTransaction:
    """Money returned to the payer from one chain: at most what that chain brought in; held money
    goes back whole."""
    ledger.lock(invoice)
    chain = check_refund(invoice, provider, ref, amount)
    entry = ledger.append(
        invoice,
        provider,
        ref,
        REFUNDED,
        amount,
        currency=chain.entries[-1].currency,
        payment_ref=chain.payment_ref,
        **fields,
    )
    if chain.received:
        after = ledger.standing_of(invoice)
        invoice_refunded.send(invoice, amount_vnd=amount, fully=after.status == ledger.FULLY_REFUNDED)
    return entry


def record_refund_total(invoice: Invoice, chain: ledger.Chain, total_refunded: int, **fields):
    """The provider says `total_refunded` has been returned on this chain so far: record what the
    ledger does not know yet (refunds made in Stripe's dashboard); nothing when it already does."""
    missing = min(total_refunded, chain.money_in) - chain.refunded
    if missing <= 0:
        return None
    return record_refund(invoice, chain.provider, chain.provider_ref, missing, **fields)


def confirm_transfer_by_hand(invoice: Invoice, amount: int, actor, note: str | None = None):
    """The organiser saw a transfer on the account; counted, or held if it is not what is owed."""
    ledger.lock(invoice)  # before counting: two confirmations must not take the same number
    count = db.session.scalar(
        select(func.count(func.distinct(PaymentTransaction.provider_ref))).where(
            PaymentTransaction.invoice_id == invoice.id,
            PaymentTransaction.provider == BANK_TRANSFER,
            PaymentTransaction.provider_ref.like("manual-%"),
        )
    )
    return record_received(
        invoice,
        BANK_TRANSFER,
        f"manual-{count + 1}",
        amount,
        "VND",
        actor_id=getattr(actor, "id", None),
        note=(note or None) and note[:500],
    )
