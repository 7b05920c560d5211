"""Whether bookings and their invoices agree (payments' `check` calls this through the payable kind):
a booking is paid exactly when its invoice is settled, for the booking's price less its subsidy."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.fairs.models import CANCELLED, PAID, PENDING_PAYMENT, Booking
from marketplace.payments import attention, ledger
from marketplace.payments.check import Disagreement
from marketplace.payments.models import Invoice

SETTLED = (ledger.PAID, ledger.PARTLY_REFUNDED)  # the money is in and (at least partly) kept


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def _money_question(booking: Booking, invoice: Invoice, standing: ledger.Standing, flagged: set[int]):
    """The booking's status against its invoice's, or None when they agree."""
    subject = f"booking {booking.reference}"
    settled = standing.status in SETTLED
    if booking.status == PAID:
        if not settled:
            return Disagreement(
                "booking_paid_invoice_not_settled",
                subject,
                f"paid, but its invoice {invoice.reference} is {standing.status}",
            )
        return None
    if settled and invoice.id not in flagged:
        # Cancelled after paying: the money stays until the organiser refunds it (their decision).
        if booking.status == CANCELLED and booking.paid_at is not None:
            return None
        return Disagreement(
            "invoice_settled_booking_not_paid",
            subject,
            f"{booking.status}, but its invoice {invoice.reference} is {standing.status} and not flagged for a refund",
        )
    if standing.status == ledger.FULLY_REFUNDED and booking.refunded_at is None:
        return Disagreement(
            "refund_not_on_booking",
            subject,
            f"its invoice {invoice.reference} is refunded, but the booking does not say so",
        )
    if booking.status == CANCELLED and booking.paid_at is None and invoice.void_at is None:
        return Disagreement(
            "cancelled_booking_invoice_open",
            subject,
            f"cancelled before paying, but its invoice {invoice.reference} can still be paid",
        )
    return None


def _amounts(booking: Booking, invoice: Invoice) -> list[Disagreement]:
    subject = f"booking {booking.reference}"
    found = []
    if invoice.amount_vnd != booking.amount_due_vnd:
        found.append(
            Disagreement(
                "amount_differs",
                subject,
                f"costs {_vnd(booking.list_price_vnd)} less {_vnd(booking.subsidy_vnd)} "
                f"subsidy, but its invoice {invoice.reference} asks {_vnd(invoice.amount_vnd)}",
            )
        )
    listed = sum(line.list_price_vnd for line in invoice.lines)
    subsidy = sum(line.subsidy_vnd for line in invoice.lines)
    if (listed, subsidy) != (booking.list_price_vnd, booking.subsidy_vnd):
        found.append(
            Disagreement(
                "split_differs",
                subject,
                f"list price {_vnd(booking.list_price_vnd)} and subsidy {_vnd(booking.subsidy_vnd)}, "
                f"but its invoice says {_vnd(listed)} and {_vnd(subsidy)}",
            )
        )
    return found


def audit(invoices: list[Invoice], standings: dict[int, ledger.Standing]) -> list[Disagreement]:
    """Every booking against its invoice, and every booking invoice against its booking."""
    by_booking = {invoice.payable_id: invoice for invoice in invoices}
    flagged = attention.refunds_needed(invoices, standings)
    bookings = {b.id: b for b in db.session.scalars(select(Booking).order_by(Booking.id))}
    found = [
        Disagreement(
            "invoice_without_booking",
            f"invoice {invoice.reference}",
            f"it is for booking #{invoice.payable_id}, which does not exist",
        )
        for invoice in invoices
        if invoice.payable_id not in bookings
    ]
    for booking in bookings.values():
        invoice = by_booking.get(booking.id)
        if invoice is None:
            if booking.status == PAID and booking.amount_due_vnd > 0:
                found.append(
                    Disagreement(
                        "booking_paid_without_invoice",
                        f"booking {booking.reference}",
                        f"paid, with {_vnd(booking.amount_due_vnd)} to pay and no invoice",
                    )
                )
            elif booking.status == PENDING_PAYMENT:
                found.append(
                    Disagreement(
                        "booking_due_without_invoice",
                        f"booking {booking.reference}",
                        "awaiting payment, with no invoice to pay",
                    )
                )
            continue
        question = _money_question(booking, invoice, standings[invoice.id], flagged)
        if question is not None:
            found.append(question)
        found.extend(_amounts(booking, invoice))
    return found
