"""The ledger's rules: which state may follow which, appending under the invoice's lock, and every
figure an invoice shows (received, refunded, held, outstanding, status) derived from the entries."""

from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from marketplace.extensions import db
from marketplace.ops.metrics import count_on_commit, event_counter
from marketplace.payments.models import (
    EXPIRED,
    FAILED,
    HELD,
    PENDING,
    REFUNDED,
    SUCCEEDED,
    Invoice,
    PaymentTransaction,
)

ENTRIES = event_counter(
    "cnnt_payment_entries_total", "Payment ledger entries recorded, by provider and status.", ("provider", "status")
)
AMOUNTS = event_counter(
    "cnnt_payment_vnd_total", "VND in ledger entries recorded, by provider and status.", ("provider", "status")
)

# From a chain's current state (None: no entry yet) to the states that may follow it. Anything else
# is refused: an `expired` after `succeeded`, a second `succeeded`, a failure after a payment.
ALLOWED: dict[str | None, frozenset[str]] = {
    None: frozenset({PENDING, SUCCEEDED, HELD, FAILED, EXPIRED}),
    PENDING: frozenset({SUCCEEDED, HELD, FAILED, EXPIRED}),
    HELD: frozenset({SUCCEEDED, REFUNDED}),  # the organiser accepts the money, or sends it back
    SUCCEEDED: frozenset({REFUNDED}),
    REFUNDED: frozenset({REFUNDED}),  # further partial refunds, up to what was received
    FAILED: frozenset(),
    EXPIRED: frozenset(),
}

# Invoice statuses, derived; never stored.
UNPAID, PENDING_PAYMENT, PARTLY_PAID, PAID, HELD_FOR_REVIEW, VOID, PARTLY_REFUNDED, FULLY_REFUNDED = (
    "unpaid",
    "pending",
    "partly_paid",
    "paid",
    "held",
    "void",
    "partly_refunded",
    "refunded",
)


def may_follow(current: str | None, new: str) -> bool:
    return new in ALLOWED[current]


@dataclass
class Chain:
    """One provider reference's history: a Checkout Session, a statement line, a manual entry."""

    provider: str
    provider_ref: str
    entries: list[PaymentTransaction] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.entries[-1].status

    @property
    def received(self) -> int:
        """What this chain brought in and the organiser kept as payment (0 while only held)."""
        return sum(e.amount_vnd for e in self.entries if e.status == SUCCEEDED)

    @property
    def held(self) -> int:
        last = self.entries[-1]
        return last.amount_vnd if self.status == HELD and last.currency == "VND" else 0

    @property
    def money_in(self) -> int:
        """What arrived at all, kept or held: the ceiling for refunds."""
        return max((e.amount_vnd for e in self.entries if e.status in (SUCCEEDED, HELD)), default=0)

    @property
    def refunded(self) -> int:
        return sum(e.amount_vnd for e in self.entries if e.status == REFUNDED)

    @property
    def payment_ref(self) -> str | None:
        return next((e.payment_ref for e in reversed(self.entries) if e.payment_ref), None)

    @property
    def first(self) -> PaymentTransaction:
        return self.entries[0]

    @property
    def last(self) -> PaymentTransaction:
        return self.entries[-1]

    @property
    def payment_entry(self) -> PaymentTransaction | None:
        """The entry that counted the money as paid: a receipt is issued for it."""
        return next((e for e in self.entries if e.status == SUCCEEDED), None)

    @property
    def refundable(self) -> int:
        return self.money_in - self.refunded if self.status in (SUCCEEDED, REFUNDED, HELD) else 0


@dataclass
class Standing:
    """An invoice's figures at one moment, all computed from its ledger."""

    due: int
    received: int
    refunded: int
    held: int
    pending: bool
    void: bool
    chains: list[Chain]

    @property
    def outstanding(self) -> int:
        if self.void or self.refunded:
            return 0
        return max(0, self.due - self.received)

    @property
    def status(self) -> str:
        if self.refunded and self.received:
            return FULLY_REFUNDED if self.refunded >= self.received else PARTLY_REFUNDED
        if self.received >= self.due:
            return PAID
        if self.void:
            return VOID
        if self.needs_attention:
            return HELD_FOR_REVIEW
        if self.received:
            return PARTLY_PAID
        return PENDING_PAYMENT if self.pending else UNPAID

    @property
    def is_paid(self) -> bool:
        return self.received >= self.due

    @property
    def payable(self) -> bool:
        return self.outstanding > 0

    @property
    def needs_attention(self) -> bool:
        return any(c.status == HELD for c in self.chains)


def entries_of(invoice: Invoice) -> list[PaymentTransaction]:
    return list(
        db.session.scalars(
            select(PaymentTransaction)
            .where(PaymentTransaction.invoice_id == invoice.id)
            .order_by(PaymentTransaction.seq)
        )
    )


def chains_of(entries: list[PaymentTransaction]) -> list[Chain]:
    chains: dict[tuple[str, str], Chain] = {}
    for entry in entries:
        key = (entry.provider, entry.provider_ref)
        chains.setdefault(key, Chain(entry.provider, entry.provider_ref)).entries.append(entry)
    return list(chains.values())


def standing_of(invoice: Invoice, entries: list[PaymentTransaction] | None = None) -> Standing:
    chains = chains_of(entries_of(invoice) if entries is None else entries)
    received = sum(c.received for c in chains)
    # Refunds of money that was only held do not turn a paid invoice into a refunded one.
    refunded = sum(c.refunded for c in chains if c.received)
    return Standing(
        due=invoice.amount_vnd,
        received=received,
        refunded=refunded,
        held=sum(c.held for c in chains),
        pending=any(c.status == PENDING for c in chains),
        void=invoice.void_at is not None,
        chains=chains,
    )


def lock(invoice: Invoice) -> None:
    """Take the invoice's row lock before reading its ledger, so that concurrent writers (two webhook
    deliveries, a webhook and the organiser) append one after the other, each seeing the other's
    entries. An UPDATE locks the row on PostgreSQL and takes SQLite's write lock."""
    db.session.execute(
        update(Invoice)
        .where(Invoice.id == invoice.id)
        .values(lock_version=Invoice.lock_version + 1)
        .execution_options(synchronize_session=False)
    )


def find_chain(invoice: Invoice, provider: str, provider_ref: str) -> Chain | None:
    for chain in chains_of(entries_of(invoice)):
        if (chain.provider, chain.provider_ref) == (provider, provider_ref):
            return chain
    return None


def append(invoice: Invoice, provider: str, provider_ref: str, status: str, amount_vnd: int, **fields):
    """Add the next entry of a chain if the move is allowed; return it, or None when refused.
    The caller holds the lock (see `lock`)."""
    chain = find_chain(invoice, provider, provider_ref)
    if not may_follow(chain.status if chain else None, status):
        return None
    last_seq = db.session.scalar(
        select(func.max(PaymentTransaction.seq)).where(PaymentTransaction.invoice_id == invoice.id)
    )
    entry = PaymentTransaction(
        invoice_id=invoice.id,
        seq=(last_seq or 0) + 1,
        provider=provider,
        provider_ref=provider_ref,
        status=status,
        amount_vnd=amount_vnd,
        currency=fields.pop("currency", None) or invoice.currency,
        **fields,
    )
    db.session.add(entry)
    db.session.flush()
    count_on_commit(ENTRIES, provider=provider, status=status)
    count_on_commit(AMOUNTS, amount_vnd, provider=provider, status=status)
    return entry
