"""Payments' tables: invoices with their lines, the append-only ledger, Stripe events, bank statements."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import UTCDateTime, utcnow
from marketplace.extensions import db

STRIPE, BANK_TRANSFER = "stripe", "bank_transfer"
PROVIDERS = (STRIPE, BANK_TRANSFER)

# A ledger chain (one provider reference) moves through these states; see ledger.ALLOWED.
PENDING, SUCCEEDED, FAILED, EXPIRED, HELD, REFUNDED = (
    "pending",
    "succeeded",
    "failed",
    "expired",
    "held",
    "refunded",
)
TRANSACTION_STATUSES = (PENDING, SUCCEEDED, FAILED, EXPIRED, HELD, REFUNDED)


class Invoice(db.Model):
    """What one payer owes for one payable thing (e.g. ("booking", 17)); its status comes from the ledger."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("payable_kind", "payable_id"),
        CheckConstraint("amount_vnd > 0", name="amount_vnd"),
        Index("ix_invoices_context", "context_kind", "context_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Short, upper-case ASCII: it goes into the bank transfer note (VietQR tag 62/08) unchanged.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    payable_kind: Mapped[str] = mapped_column(String(30))
    payable_id: Mapped[int] = mapped_column(Integer)
    # What the organiser groups payments by, e.g. ("fair", 3, "Hội chợ CNNT 2026").
    context_kind: Mapped[str | None] = mapped_column(String(30))
    context_id: Mapped[int | None] = mapped_column(Integer)
    context_label: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(String(200))
    amount_vnd: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    payer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    payer_producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id", ondelete="SET NULL"), index=True)
    payer_name: Mapped[str] = mapped_column(String(200))
    payer_tax_code: Mapped[str | None] = mapped_column(String(14))
    payer_address: Mapped[str | None] = mapped_column(String(255))
    payer_email: Mapped[str | None] = mapped_column(String(254))
    seller_name: Mapped[str] = mapped_column(String(200))
    seller_tax_code: Mapped[str | None] = mapped_column(String(14))
    seller_address: Mapped[str | None] = mapped_column(String(255))
    # The account transfers go to; empty means the site-wide BANK_* settings.
    bank_bin: Mapped[str | None] = mapped_column(String(6))
    bank_account_number: Mapped[str | None] = mapped_column(String(19))
    bank_account_name: Mapped[str | None] = mapped_column(String(120))
    return_path: Mapped[str | None] = mapped_column(String(255))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the payable no longer wants paying (booking cancelled); money arriving later is held.
    void_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped by every writer before it reads the ledger: the row lock that serialises appends.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)

    lines: Mapped[list["InvoiceLine"]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.position"
    )
    transactions: Mapped[list["PaymentTransaction"]] = relationship(
        back_populates="invoice", order_by="PaymentTransaction.seq", viewonly=True
    )
    payer = relationship("User")

    def __repr__(self) -> str:
        return f"<Invoice {self.reference} {self.payable_kind}:{self.payable_id}>"


class InvoiceLine(db.Model):
    """One thing charged: its list price, the subsidy the programme pays, and what the payer pays."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        CheckConstraint("subsidy_vnd >= 0 AND subsidy_vnd <= list_price_vnd", name="subsidy_vnd"),
        CheckConstraint("amount_vnd = list_price_vnd - subsidy_vnd", name="amount_vnd"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(String(200))
    list_price_vnd: Mapped[int] = mapped_column(Integer)
    subsidy_vnd: Mapped[int] = mapped_column(Integer, default=0)
    amount_vnd: Mapped[int] = mapped_column(Integer)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class PaymentTransaction(db.Model):
    """One entry of the ledger. Rows are only ever added: a chain (provider + provider_ref) moves from
    state to state by appending rows, and every figure an invoice shows is computed from them."""

    __tablename__ = "payment_transactions"
    __table_args__ = (
        # `seq` is taken under the invoice's lock; two writers that skipped the lock still cannot
        # both append the "next" entry.
        UniqueConstraint("invoice_id", "seq"),
        CheckConstraint("amount_vnd >= 0", name="amount_vnd"),
        Index("ix_payment_transactions_chain", "provider", "provider_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(String(20))
    # Stripe: the Checkout Session id; bank transfer: the statement line's fingerprint or "manual-N".
    provider_ref: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(12))
    # In VND for everything that counts; a payment held for arriving in another currency keeps
    # Stripe's amount in that currency's smallest unit, with `currency` saying which.
    amount_vnd: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    # Stripe's PaymentIntent id once known: refunds are addressed to it.
    payment_ref: Mapped[str | None] = mapped_column(String(80), index=True)
    event_id: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(500))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="transactions")
    actor = relationship("User")


@event.listens_for(PaymentTransaction, "before_update")
@event.listens_for(PaymentTransaction, "before_delete")
def _ledger_is_append_only(_mapper, _connection, target):
    raise RuntimeError(f"payment_transactions is append-only (row {target.id})")


class StripeEvent(db.Model):
    """A Stripe event, stored by its id in the same transaction that acts on it: the primary key is
    what makes a duplicate delivery (even a simultaneous one in another process) a no-op."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    created: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)


class BankStatement(db.Model):
    """An uploaded bank statement (CSV), kept so the organiser can preview the matching before applying."""

    __tablename__ = "bank_statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applied_count: Mapped[int] = mapped_column(Integer, default=0)
