"""Booth fees through payments: a booking awaiting payment gets its invoice, a bank transfer keeps the
booth longer, the ledger's "paid" and "refunded" reach the booking, and a booking cancelled unpaid
leaves an invoice nobody can pay. Fairs own this glue; payments never import fairs."""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from marketplace.core.audit import record_event
from marketplace.core.signals import (
    booking_cancelled,
    booking_moved,
    booking_payment_due,
    checkout_started,
    invoice_paid,
    invoice_refunded,
)
from marketplace.extensions import db
from marketplace.fairs import payment_check, queries, services
from marketplace.fairs.models import PAID, PENDING_PAYMENT, Booking
from marketplace.payments import attention, ledger
from marketplace.payments import queries as payment_queries
from marketplace.payments import services as payment_services
from marketplace.payments.models import BANK_TRANSFER, Invoice
from marketplace.payments.payables import register_payable_kind

KIND = services.PAYABLE_KIND
BOOTH_LOST = "booking_unavailable"  # the refund flag's reason: paid after the booth went to someone else


# --- what payments ask of bookings --------------------------------------------------------------


def _link(booking_id: int) -> str:
    return url_for("fairs.booking", booking_id=booking_id)


def _refusal(booking_id: int):
    """A new checkout only while the booking awaits payment: once its hold ran out the booth may be
    someone else's (money already on its way is still recorded, see `_on_invoice_paid`)."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.current_status() != PENDING_PAYMENT:
        return _l("This booking is not waiting for payment.")
    return None


def _payments_of(booking: Booking) -> list[dict]:
    return payment_queries.payments_summary(KIND, booking.id)


# --- the invoice ---------------------------------------------------------------------------------


def seller() -> payment_services.Party:
    config = current_app.config
    return payment_services.Party(config["CENTRE_NAME"], config.get("CENTRE_TAX_CODE"), config.get("CENTRE_ADDRESS"))


def payer(booking: Booking) -> payment_services.Party:
    producer = booking.producer
    address = ", ".join(part for part in (producer.address, producer.place_name) if part)
    return payment_services.Party(producer.name, producer.tax_code, address[:255] or None, producer.email)


def _line(booking: Booking) -> payment_services.Line:
    """Booth type and code at list price, the programme's subsidy, what the producer pays."""
    code, type_name = booking.booth.code, booking.booth_type.name
    return payment_services.Line(
        f"{type_name} {code}", booking.list_price_vnd, booking.subsidy_vnd, description_en=f"Booth {code} ({type_name})"
    )


def _descriptions(booking: Booking) -> tuple[str, str]:
    code, fair = booking.booth.code, booking.fair
    return f"Gian hàng {code} · {fair.name}", f"Booth {code} · {fair.name}"


def request_booking_payment(booking: Booking) -> Invoice:
    """The booking's invoice (the same one when asked again). Fairs have no account of their own:
    transfers go to the site's BANK_* account."""
    fair = booking.fair
    description, description_en = _descriptions(booking)
    return payment_services.request_payment(
        payable_kind=KIND,
        payable_id=booking.id,
        payer_user=booking.user,
        payer=payer(booking),
        seller=seller(),
        lines=[_line(booking)],
        description=description,
        description_en=description_en,
        payer_producer_id=booking.producer_id,
        context=("fair", fair.id, fair.name),
        due_at=booking.expires_at,
    )


def invoice_of(booking: Booking) -> Invoice | None:
    return payment_queries.invoice_for_payable(KIND, booking.id)


def _booking_of(invoice: Invoice) -> Booking | None:
    return db.session.get(Booking, invoice.payable_id) if invoice.payable_kind == KIND else None


@dataclass(frozen=True)
class PaymentState:
    """What the booking pages show of the booking's invoice."""

    reference: str
    status: str  # the invoice's status (payments' labels name it)
    outstanding: int
    refund_needed: bool


def payment_state(booking: Booking) -> PaymentState | None:
    invoice = invoice_of(booking)
    if invoice is None:
        return None
    standing = ledger.standing_of(invoice)
    flagged = invoice.id in attention.refunds_needed([invoice], {invoice.id: standing})
    return PaymentState(invoice.reference, standing.status, standing.outstanding, flagged)


# --- reactions -----------------------------------------------------------------------------------


def _on_payment_due(booking: Booking, **_) -> None:
    """An invoice payments refuse (an amount it cannot carry) is the booking's refusal: a clear
    message and nothing written, never a 500."""
    try:
        request_booking_payment(booking)
    except payment_services.PaymentError as error:
        raise services.BookingError(error.message, code=services.NOT_PAYABLE) from error


def _on_checkout_started(invoice: Invoice, provider: str, **_) -> None:
    booking = _booking_of(invoice)
    if booking is None or provider != BANK_TRANSFER:
        return
    try:
        services.extend_payment_hold(booking)
    except services.BookingError as error:
        raise payment_services.PaymentError(error.message, 409, code=services.NOT_PAYABLE) from error
    invoice.due_at = booking.expires_at  # the invoice page's "pay by" follows the longer hold
    db.session.flush()


def _on_invoice_paid(invoice: Invoice, **_) -> None:
    """Never raises for a booking that cannot be honoured: the webhook would answer 5xx and Stripe retry
    for days, while the money is already in. The invoice is flagged for a refund instead."""
    booking = _booking_of(invoice)
    if booking is None:
        return
    try:
        services.mark_booking_paid(booking)
    except services.BookingError as error:
        attention.flag_refund_needed(invoice, BOOTH_LOST, booking=booking.reference, status=booking.status)
        record_event(
            "fairs.paid_booking_unavailable",
            subject=booking.reference,
            invoice=invoice.reference,
            why=str(error.message),
        )


def _on_invoice_refunded(invoice: Invoice, fully: bool = False, **_) -> None:
    booking = _booking_of(invoice)
    if booking is not None and fully:
        services.mark_booking_refunded(booking)


def _on_booking_moved(booking: Booking, **_) -> None:
    """An unpaid booking moved to another booth: its invoice names the new booth and asks its price.
    Refused while money for the old one is in or held (the organiser settles that first)."""
    invoice = invoice_of(booking)
    if invoice is None or booking.status == PAID:
        return
    description, description_en = _descriptions(booking)
    try:
        payment_services.reprice_payment_request(invoice, [_line(booking)], description, description_en)
    except payment_services.PaymentError as error:
        raise services.BookingError(error.message) from error


def _on_booking_cancelled(booking: Booking, was_paid: bool = False, **_) -> None:
    """Cancelled before paying: the invoice can no longer be paid (money still arriving is held for
    the organiser). Cancelled after paying: the organiser decides on the refund from the invoice."""
    invoice = invoice_of(booking)
    if invoice is not None and not was_paid:
        payment_services.cancel_payment_request(invoice)


def connect() -> None:
    """At app start (create_app): connecting twice changes nothing."""
    register_payable_kind(KIND, link=_link, refusal=_refusal, audit=payment_check.audit)
    if _payments_of not in queries.PAYMENT_SOURCES:
        queries.register_payment_source(_payments_of)
    booking_payment_due.connect(_on_payment_due)
    checkout_started.connect(_on_checkout_started)
    invoice_paid.connect(_on_invoice_paid)
    invoice_refunded.connect(_on_invoice_refunded)
    booking_cancelled.connect(_on_booking_cancelled)
    booking_moved.connect(_on_booking_moved)
