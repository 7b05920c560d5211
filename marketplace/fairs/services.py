"""Booking rules: hold, submit, approve, assign, move, cancel; and the payments glue.

Every write that can change who occupies a booth first takes the fair's lock (locking.lock_fair),
then expires lapsed holds, then decides; the partial unique index on live bookings is the last
guard (steps.booking_change). Functions flush and never commit: the request, command or job they run
in is one unit of work (core.unitofwork). A refusal is a BookingError (core.rules.RuleError).
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.signals import booking_cancelled, booking_moved
from marketplace.extensions import db
from marketplace.fairs import locking, rules, steps
from marketplace.fairs.models import (
    ACTIVE,
    APPLIED,
    BOOTH_LIVE,
    BY_APPROVAL,
    CANCELLED,
    EXPIRED,
    HELD,
    PAID,
    PENDING_PAYMENT,
    REJECTED,
    REQUESTED,
    TAKEN,
    Booking,
    Booth,
    BoothType,
    Fair,
)
from marketplace.fairs.steps import (  # noqa: F401  (re-exported: callers name them services.*)
    MAX_PRODUCTS_SHOWN,
    NOT_PAYABLE,
    BookingError,
    BoothUnavailable,
    CapacityReached,
    NotEligible,
    RegistrationClosed,
    release_lapsed,
)
from marketplace.ops.metrics import count_on_commit
from marketplace.payments import ledger
from marketplace.payments import queries as payment_queries

PAYABLE_KIND = "booking"  # what a booking's invoice is for, in payments' terms (see payment_link)

# --- what the payments area calls -------------------------------------------------------


def booking_amount_due(booking: Booking) -> int:
    """What the producer pays, in VND, after the programme's subsidy."""
    return booking.amount_due_vnd


def start_payment(booking: Booking, now: datetime | None = None) -> Booking:
    """Make sure the booking awaits payment (a checkout calls this): a held booking of a
    first-come fair is submitted as it stands; an application must be approved first."""
    now = now or utcnow()
    if booking.status == PENDING_PAYMENT and not booking.is_lapsed(now):
        return booking
    if booking.status == HELD and booking.fair.booking_mode != BY_APPROVAL:
        return submit_booking(booking, None, booking.note, now=now)
    raise BookingError(_l("This booking is not waiting for payment."), code=NOT_PAYABLE)


def extend_payment_hold(booking: Booking, hours: int | None = None, now: datetime | None = None) -> Booking:
    """Keep the booth longer while a bank transfer is on its way (it is confirmed hours or days
    later): the hold runs `hours` (default: the FAIRS_TRANSFER_HOLD_HOURS setting, 120) from now,
    never shorter than it already is."""
    now = now or utcnow()
    hours = hours if hours is not None else int(current_app.config.get("FAIRS_TRANSFER_HOLD_HOURS", 120))
    locking.lock_fair(booking.fair)
    if booking.status != PENDING_PAYMENT or booking.is_lapsed(now):
        raise BookingError(_l("This booking is not waiting for payment."))
    booking.expires_at = max(booking.expires_at, now + timedelta(hours=hours))
    db.session.flush()
    return booking


def ledger_says_paid(booking: Booking) -> bool:
    """Whether the booking's invoice is settled in the ledger (a receipt exists for its money)."""
    invoice = payment_queries.invoice_for_payable(PAYABLE_KIND, booking.id)
    return invoice is not None and ledger.standing_of(invoice).is_paid


def mark_booking_paid(booking: Booking, now: datetime | None = None) -> Booking:
    """The money arrived (payments' word, through payment_link's `invoice_paid` handler: nothing else
    marks a booking paid, and a call without a settled invoice is a programming error). Idempotent.
    A booking that lapsed meanwhile gets its booth back if nobody took it; otherwise BoothUnavailable
    tells payments to refund."""
    now = now or utcnow()
    if booking.status == PAID:
        return booking
    if not ledger_says_paid(booking):
        raise RuntimeError(f"booking {booking.reference} is not paid in the ledger: pay its invoice instead")
    locking.lock_fair(booking.fair)
    if booking.status in (HELD, APPLIED, PENDING_PAYMENT):
        steps.set_paid(booking, now)
    elif booking.status == EXPIRED and booking.booth is not None:
        steps.revive_paid(booking, now)
    else:
        raise BookingError(_l("This booking was cancelled; the payment must be refunded."))
    db.session.flush()
    return booking


def mark_booking_refunded(booking: Booking, now: datetime | None = None) -> Booking:
    """The money went back (payments' word): the booking is cancelled if it was not already."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.refunded_at is not None:
        return booking
    booking.refunded_at = now
    if booking.status in ACTIVE:
        steps.end_booking(booking, CANCELLED, now)
        booking.cancel_reason = booking.cancel_reason or "refunded"
        booking.cancelled_at = now
    db.session.flush()
    return booking


# --- the producer's side ----------------------------------------------------------------


def hold_booth(fair: Fair, booth: Booth, producer, user, now: datetime | None = None) -> Booking:
    """Hold a booth for the producer for the fair's hold time, or say why not."""
    now = now or utcnow()
    locking.lock_fair(fair)
    steps.check_may_apply(fair, producer, now)
    if booth.fair_id != fair.id or booth.blocked:
        raise BoothUnavailable(_l("This booth cannot be booked."))
    steps.release_lapsed(fair, now)
    steps.check_capacity(fair, producer, user)
    steps.ensure_booth_free(booth, now)
    with steps.booking_change():  # made inside: the savepoint begins by flushing what is pending
        booking = Booking(
            fair=fair,
            booth=booth,
            booth_type=booth.booth_type,
            producer=producer,
            user=user,
            status=HELD,
            origin="plan",
            expires_at=now + timedelta(minutes=fair.hold_minutes),
        )
        db.session.add(booking)
        steps.price_booking(booking, fair, booth.booth_type, producer)
    count_on_commit(steps.BOOKING_EVENTS, event=HELD)
    return booking


def request_assignment(
    fair: Fair, booth_type: BoothType, producer, user, products, note: str | None, now: datetime | None = None
) -> Booking:
    """Ask the organiser to choose a booth of this type for the producer."""
    now = now or utcnow()
    locking.lock_fair(fair)
    steps.check_may_apply(fair, producer, now)
    if booth_type.fair_id != fair.id:
        raise BookingError(_l("Choose a booth type of this fair."))
    steps.release_lapsed(fair, now)
    steps.check_capacity(fair, producer, user)
    chosen = steps.chosen_products(producer, products)  # refused before anything is written
    booking = Booking(
        fair=fair,
        booth=None,
        booth_type=booth_type,
        producer=producer,
        user=user,
        status=REQUESTED,
        origin="request",
        list_price_vnd=booth_type.price_vnd,
        note=note,
        submitted_at=now,
    )
    db.session.add(booking)
    steps.set_products(booking, chosen)
    db.session.flush()
    count_on_commit(steps.BOOKING_EVENTS, event=REQUESTED)
    return booking


def submit_booking(booking: Booking, products, note: str | None, now: datetime | None = None) -> Booking:
    """Complete a held booking: first come, first served goes on to payment; by approval waits
    for the organiser, keeping the booth. `products=None` keeps the products already chosen."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.status != HELD:
        raise BookingError(_l("This booking has already been submitted or has ended."), code=NOT_PAYABLE)
    if booking.is_lapsed(now):
        raise BoothUnavailable(_l("Your hold on this booth has expired. Please choose a booth again."))
    with steps.booking_change():  # payments may refuse the invoice: the submission is then undone whole
        if products is not None:
            steps.set_products(booking, products)
        booking.note = note
        booking.submitted_at = now
        steps.settle_waitlist(booking, TAKEN)
        if booking.fair.booking_mode == BY_APPROVAL:
            booking.status, booking.expires_at = APPLIED, None
            count_on_commit(steps.BOOKING_EVENTS, event=APPLIED)
        else:
            steps.await_payment(booking, now)
    return booking


def products_changeable(booking: Booking, now: datetime | None = None) -> bool:
    """The products to show may change until the organiser decides (an application, a request for a
    booth); in a first-come fair, where nobody approves, while registration is still open."""
    now = now or utcnow()
    if booking.status in (APPLIED, REQUESTED):
        return True
    return (
        booking.fair.booking_mode != BY_APPROVAL
        and booking.status in (PENDING_PAYMENT, PAID)
        and not booking.is_lapsed(now)
        and rules.registration_open(booking.fair, now)
    )


def change_products(booking: Booking, products, now: datetime | None = None) -> Booking:
    """Replace the products the producer will show. Under the fair's lock, so a change never slips
    in after the organiser's approval was committed."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if not products_changeable(booking, now):
        raise BookingError(_l("The products can no longer be changed here: please ask the organiser."))
    steps.set_products(booking, products)
    db.session.flush()
    return booking


def cancel_booking(booking: Booking, actor, reason: str, by_staff: bool, now: datetime | None = None) -> Booking:
    """Cancel with the reason recorded: producers until the fair's deadline, organisers at any time."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_l("Please give a reason for the cancellation."))
    locking.lock_fair(booking.fair)
    if booking.status not in ACTIVE or booking.is_lapsed(now):
        raise BookingError(_l("This booking has already ended."))
    if not by_staff and not producer_may_cancel(booking.fair, now):
        raise BookingError(_l("The deadline for cancelling has passed. Please contact the organiser."))
    was_paid = booking.status == PAID
    steps.end_booking(booking, CANCELLED, now)
    booking.cancelled_at, booking.cancelled_by_id, booking.cancel_reason = now, actor.id, reason
    booking_cancelled.send(booking, was_paid=was_paid, reason=reason)
    if by_staff:
        record_event("fairs.booking_cancelled", actor, booking.reference, reason=reason)
    db.session.flush()
    return booking


def producer_may_cancel(fair: Fair, now: datetime | None = None) -> bool:
    today = rules.today_in_vietnam(now)
    return today <= fair.cancel_deadline if fair.cancel_deadline else today < fair.starts_on


# --- the organiser's side ---------------------------------------------------------------


def approve_booking(booking: Booking, actor, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.status != APPLIED:
        raise BookingError(_l("Only an application awaiting a decision can be approved."))
    with steps.booking_change():  # payments may refuse the invoice: the approval is then undone whole
        booking.decided_at, booking.decided_by_id = now, actor.id
        steps.commit_subsidy_or_drop(booking)  # approved: its subsidy now counts against the budget
        steps.await_payment(booking, now)
    record_event("fairs.booking_approved", actor, booking.reference)
    db.session.flush()
    return booking


def reject_booking(booking: Booking, actor, reason: str, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_l("Please give the producer a reason."))
    locking.lock_fair(booking.fair)
    if booking.status not in (APPLIED, REQUESTED):
        raise BookingError(_l("Only an application or a request awaiting a decision can be rejected."))
    steps.end_booking(booking, REJECTED, now)
    booking.decided_at, booking.decided_by_id, booking.decision_reason = now, actor.id, reason
    record_event("fairs.booking_rejected", actor, booking.reference, reason=reason)
    db.session.flush()
    return booking


def assign_booth(booking: Booking, booth: Booth, actor, now: datetime | None = None) -> Booking:
    """Give a requested booking its booth; it then awaits payment."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.status != REQUESTED:
        raise BookingError(_l("Only a request for a booth can be assigned one."))
    with steps.booking_change():
        steps.take_booth(booking, booth, now)
        steps.price_booking(booking, booking.fair, booth.booth_type, booking.producer)
        booking.decided_at, booking.decided_by_id = now, actor.id
        steps.commit_subsidy_or_drop(booking)  # the organiser's assignment approves the request
        steps.await_payment(booking, now)
    record_event("fairs.booth_assigned", actor, booking.reference, booth=booth.code)
    return booking


def move_booking(booking: Booking, booth: Booth, actor, now: datetime | None = None) -> Booking:
    """Move a producer to another booth. An unpaid booking takes the new booth's price and subsidy;
    a paid one keeps what was paid (any difference is settled by hand)."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.status not in BOOTH_LIVE or booking.is_lapsed(now):
        raise BookingError(_l("Only a live booking can be moved."))
    if booth.id == booking.booth_id:
        raise BookingError(_l("The producer is already in this booth."))
    old_code = booking.booth.code
    with steps.booking_change():
        steps.take_booth(booking, booth, now)
        if booking.status != PAID:
            approved = booking.subsidy_committed  # an approved booking keeps its subsidy committed
            steps.release_subsidy(booking)
            steps.price_booking(booking, booking.fair, booth.booth_type, booking.producer)
            if approved:
                steps.commit_subsidy_or_drop(booking)
        booking_moved.send(booking)  # payments may refuse the new price: the move is then undone
    record_event("fairs.booking_moved", actor, booking.reference, old=old_code, new=booth.code)
    return booking
