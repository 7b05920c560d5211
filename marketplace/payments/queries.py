"""Reads for the payment pages: invoices by reference or payer, the organiser's groups, ledger figures."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from marketplace.extensions import db
from marketplace.payments import ledger
from marketplace.payments.models import Invoice, PaymentTransaction
from marketplace.producers.models import ProducerMember


def invoice_by_reference(reference: str) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.reference == reference.strip().upper()))


def invoice_for_session_id(session_id: str) -> Invoice | None:
    return db.session.scalar(
        select(Invoice).join(PaymentTransaction).where(PaymentTransaction.provider_ref == session_id).limit(1)
    )


def invoice_for_payable(kind: str, payable_id: int) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.payable_kind == kind, Invoice.payable_id == payable_id))


def standings_for(invoices: list[Invoice]) -> dict[int, ledger.Standing]:
    """Every invoice's figures from one query over their ledger entries."""
    entries: dict[int, list[PaymentTransaction]] = {invoice.id: [] for invoice in invoices}
    if invoices:
        rows = db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.invoice_id.in_(list(entries)))
            .order_by(PaymentTransaction.invoice_id, PaymentTransaction.seq)
        )
        for entry in rows:
            entries[entry.invoice_id].append(entry)
    return {invoice.id: ledger.standing_of(invoice, entries[invoice.id]) for invoice in invoices}


def invoices_of_payer(user) -> list[Invoice]:
    producer_ids = select(ProducerMember.producer_id).where(ProducerMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(Invoice)
            .where(or_(Invoice.payer_user_id == user.id, Invoice.payer_producer_id.in_(producer_ids)))
            .order_by(Invoice.created_at.desc())
            .limit(200)
        )
    )


@dataclass(frozen=True)
class Group:
    kind: str | None
    id: int | None
    label: str
    count: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}" if self.kind else "none"


def groups() -> list[Group]:
    """The organiser's groups of invoices (one per fair), newest first; ungrouped invoices last."""
    rows = db.session.execute(
        select(
            Invoice.context_kind,
            Invoice.context_id,
            func.max(Invoice.context_label),
            func.count(),
            func.max(Invoice.id),
        )
        .group_by(Invoice.context_kind, Invoice.context_id)
        .order_by(func.max(Invoice.id).desc())
    )
    found = [Group(kind, cid, label or "", count) for kind, cid, label, count, _ in rows]
    return [g for g in found if g.kind] + [g for g in found if not g.kind]


def invoices_in_group(key: str) -> list[Invoice]:
    stmt = select(Invoice).order_by(Invoice.created_at)
    if key == "none":
        stmt = stmt.where(Invoice.context_kind.is_(None))
    else:
        kind, _, raw_id = key.partition(":")
        if not raw_id.isdigit():
            return []
        stmt = stmt.where(Invoice.context_kind == kind, Invoice.context_id == int(raw_id))
    return list(db.session.scalars(stmt))


def entries_in(invoices: list[Invoice]) -> list[PaymentTransaction]:
    if not invoices:
        return []
    return list(
        db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.invoice_id.in_([i.id for i in invoices]))
            .order_by(PaymentTransaction.created_at, PaymentTransaction.id)
        )
    )


def payments_summary(kind: str, payable_id: int) -> list[dict]:
    """The `payments` list of `GET /api/v1/bookings/{id}` (api-v1.md): one item per payment attempt."""
    invoice = invoice_for_payable(kind, payable_id)
    if invoice is None:
        return []
    return [
        {"provider": chain.provider, "status": chain.status, "amount_vnd": chain.money_in or chain.first.amount_vnd}
        for chain in ledger.standing_of(invoice).chains
    ]
