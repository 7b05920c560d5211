"""Whether the money agrees everywhere: every invoice with its own lines and ledger entries, and every
payable thing (a booking) with its invoice; each disagreement named, for `flask payments check`."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.payments import ledger, queries
from marketplace.payments.models import REFUNDED, SUCCEEDED, Invoice
from marketplace.payments.payables import PAYABLE_KINDS


@dataclass(frozen=True)
class Disagreement:
    """One thing that does not add up: a short code (tests and scripts match on it), what it is about
    (e.g. "invoice CNNTAB23CD", "booking HC-000012") and what is wrong, in words."""

    code: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.detail} [{self.code}]"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def check_invoice(invoice: Invoice, standing: ledger.Standing) -> list[Disagreement]:
    """An invoice against its own lines and its ledger: totals, the order of each chain's entries,
    refunds within what came in, and payments (each of which gets a receipt) that are real money."""
    subject = f"invoice {invoice.reference}"
    found = []
    total = sum(line.amount_vnd for line in invoice.lines)
    if total != invoice.amount_vnd:
        found.append(
            Disagreement(
                "invoice_total",
                subject,
                f"lines add up to {_vnd(total)} but the invoice asks {_vnd(invoice.amount_vnd)}",
            )
        )
    for line in invoice.lines:
        if line.amount_vnd != line.list_price_vnd - line.subsidy_vnd:
            found.append(
                Disagreement(
                    "line_amount", subject, f"line {line.description!r} is not its list price less its subsidy"
                )
            )
    for chain in standing.chains:
        where = f"{chain.provider} {chain.provider_ref}"
        state = None
        for entry in chain.entries:
            if not ledger.may_follow(state, entry.status):
                code = "receipt_without_payment" if entry.status in (SUCCEEDED, REFUNDED) else "entry_out_of_order"
                found.append(
                    Disagreement(
                        code,
                        subject,
                        f"{where}: a {entry.status} entry (#{entry.seq}) may not follow {state or 'nothing'}",
                    )
                )
            if entry.status == SUCCEEDED and (entry.amount_vnd <= 0 or entry.currency != invoice.currency):
                found.append(
                    Disagreement(
                        "receipt_without_payment",
                        subject,
                        f"{where}: payment #{entry.seq} counts {entry.amount_vnd} "
                        f"{entry.currency}, which is no payment in {invoice.currency}",
                    )
                )
            state = entry.status
        if chain.refunded > chain.money_in:
            found.append(
                Disagreement(
                    "refund_exceeds_payment",
                    subject,
                    f"{where}: refunded {_vnd(chain.refunded)} of {_vnd(chain.money_in)}",
                )
            )
    if standing.received > invoice.amount_vnd:
        found.append(
            Disagreement(
                "overpaid",
                subject,
                f"the ledger counts {_vnd(standing.received)} received for {_vnd(invoice.amount_vnd)} due",
            )
        )
    return found


def check_all() -> list[Disagreement]:
    """Every disagreement in the database, invoices first, then each payable kind's own audit (called
    for every registered kind, also when it has no invoice: a thing paid without one is a finding)."""
    invoices = list(db.session.scalars(select(Invoice).order_by(Invoice.id)))
    standings = queries.standings_for(invoices)
    found = []
    by_kind: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in invoices:
        found.extend(check_invoice(invoice, standings[invoice.id]))
        by_kind[invoice.payable_kind].append(invoice)
    for kind in sorted(set(by_kind) - set(PAYABLE_KINDS)):
        for invoice in by_kind[kind]:
            found.append(
                Disagreement(
                    "unknown_payable",
                    f"invoice {invoice.reference}",
                    f"it is for a {kind!r}, which nothing in the site pays for",
                )
            )
    for kind, registered in sorted(PAYABLE_KINDS.items()):
        if registered.audit is not None:
            found.extend(registered.audit(by_kind.get(kind, []), standings))
    return found
