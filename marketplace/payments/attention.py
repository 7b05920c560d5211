"""Invoices paid for something that can no longer be provided (a booking whose booth went to someone
else before the money arrived): the area that owns the payable flags them, and the organiser sees
them among the payments needing a decision until the money has gone back."""

from sqlalchemy import select

from marketplace.core.audit import AuditEvent, record_event
from marketplace.extensions import db
from marketplace.payments import ledger
from marketplace.payments.models import Invoice

REFUND_NEEDED = "payments.refund_needed"


def _subject(invoice: Invoice) -> str:
    return f"invoice:{invoice.reference}"  # as the organiser's own actions on the invoice are logged


def flag_refund_needed(invoice: Invoice, reason: str, **detail) -> None:
    """Record, in the current unit of work, that this invoice's money must be refunded, and why
    (`reason` is a short code kept in the audit log with `detail`)."""
    record_event(REFUND_NEEDED, actor=None, subject=_subject(invoice), reason=reason, **detail)


def refunds_needed(invoices: list[Invoice], standings: dict[int, ledger.Standing] | None = None) -> set[int]:
    """The ids of those invoices that were flagged and are not fully refunded yet."""
    by_subject = {_subject(invoice): invoice for invoice in invoices}
    if not by_subject:
        return set()
    flagged = set(
        db.session.scalars(
            select(AuditEvent.subject).where(AuditEvent.action == REFUND_NEEDED, AuditEvent.subject.in_(by_subject))
        )
    )
    standings = standings or {}
    found = set()
    for subject in flagged:
        invoice = by_subject[subject]
        standing = standings.get(invoice.id) or ledger.standing_of(invoice)
        if standing.status != ledger.FULLY_REFUNDED:
            found.add(invoice.id)
    return found
