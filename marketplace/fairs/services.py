"""Booking rules: hold, submit, approve, assign, move, cancel, expire; and the payments glue.

Every write that can change who occupies a booth first takes the fair's lock (locking.lock_fair),
then expires lapsed holds, then decides; the partial unique index on live bookings is the last
guard. Functions flush and never commit; the caller commits once, then sends any mail.
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.catalogue.models import ARCHIVED, Product
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.signals import booking_cancelled, booking_payment_due
from marketplace.extensions import db
from marketplace.fairs import locking, rules
from marketplace.fairs.models import (
    ACTIVE,
    APPLIED,
    BOOTH_LIVE,
    BY_APPROVAL,
    CANCELLED,
    EXPIRED,
    HELD,
    LAPSED,
    LAPSING,
    LEFT,
    PAID,
    PENDING_PAYMENT,
    REJECTED,
    REQUESTED,
    TAKEN,
    Booking,
    BookingProduct,
    Booth,
    BoothType,
    Fair,
    WaitlistEntry,
)

MAX_PRODUCTS_SHOWN = 20


class BookingError(Exception):
    """A booking rule said no; str() is the translated reason, `status` the HTTP status to answer."""

    status, code = 422, "unprocessable"

    def __init__(self, message):
        super().__init__(message)
        self.message = message  # lazy: read in the language of whoever is told (the API speaks English)

    def __str__(self) -> str:
        return str(self.message)


class BoothUnavailable(BookingError):
    status, code = 409, "booth_unavailable"


class CapacityReached(BookingError):
    status, code = 409, "capacity_reached"


class NotEligible(BookingError):
    status, code = 403, "not_eligible"


class RegistrationClosed(BookingError):
    status, code = 422, "registration_closed"


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
    raise BookingError(_l("This booking is not waiting for payment."))


def mark_booking_paid(booking: Booking, now: datetime | None = None) -> Booking:
    """The money arrived (payments' word). Idempotent. A booking that lapsed meanwhile gets its
    booth back if nobody took it; otherwise BoothUnavailable tells payments to refund."""
    now = now or utcnow()
    if booking.status == PAID:
        return booking
    locking.lock_fair(booking.fair)
    if booking.status in (HELD, APPLIED, PENDING_PAYMENT):
        _set_paid(booking, now)
    elif booking.status == EXPIRED and booking.booth is not None:
        _revive_paid(booking, now)
    else:
        raise BookingError(_l("This booking was cancelled; the payment must be refunded."))
    db.session.flush()
    return booking


def mark_booking_refunded(booking: Booking, now: datetime | None = None) -> Booking:
    """The money went back (payments' word): the booking is cancelled if it was not already."""
    now = now or utcnow()
    if booking.refunded_at is not None:
        return booking
    locking.lock_fair(booking.fair)
    booking.refunded_at = now
    if booking.status in ACTIVE:
        _end(booking, CANCELLED, now)
        booking.cancel_reason = booking.cancel_reason or "refunded"
        booking.cancelled_at = now
    db.session.flush()
    return booking


# --- the producer's side ----------------------------------------------------------------


def hold_booth(fair: Fair, booth: Booth, producer, user, now: datetime | None = None) -> Booking:
    """Hold a booth for the producer for the fair's hold time, or say why not."""
    now = now or utcnow()
    locking.lock_fair(fair)
    check_may_apply(fair, producer, now)
    if booth.fair_id != fair.id or booth.blocked:
        raise BoothUnavailable(_l("This booth cannot be booked."))
    release_lapsed(fair, now)
    check_capacity(fair, producer)
    _ensure_booth_free(booth, now)
    booking = Booking(
        fair=fair, booth=booth, booth_type=booth.booth_type, producer=producer, user=user, status=HELD,
        origin="plan", expires_at=now + timedelta(minutes=fair.hold_minutes),
    )
    db.session.add(booking)
    price_booking(booking, fair, booth.booth_type, producer)
    flush_guarded()
    return booking


def request_assignment(fair: Fair, booth_type: BoothType, producer, user, products, note: str | None,
                       now: datetime | None = None) -> Booking:
    """Ask the organiser to choose a booth of this type for the producer."""
    now = now or utcnow()
    locking.lock_fair(fair)
    check_may_apply(fair, producer, now)
    if booth_type.fair_id != fair.id:
        raise BookingError(_l("Choose a booth type of this fair."))
    release_lapsed(fair, now)
    check_capacity(fair, producer)
    booking = Booking(
        fair=fair, booth=None, booth_type=booth_type, producer=producer, user=user, status=REQUESTED,
        origin="request", list_price_vnd=booth_type.price_vnd, note=note, submitted_at=now,
    )
    db.session.add(booking)
    _set_products(booking, products)
    db.session.flush()
    return booking


def submit_booking(booking: Booking, products, note: str | None, now: datetime | None = None) -> Booking:
    """Complete a held booking: first come, first served goes on to payment; by approval waits
    for the organiser, keeping the booth. `products=None` keeps the products already chosen."""
    now = now or utcnow()
    locking.lock_fair(booking.fair)
    if booking.status != HELD:
        raise BookingError(_l("This booking has already been submitted or has ended."))
    if booking.is_lapsed(now):
        raise BoothUnavailable(_l("Your hold on this booth has expired. Please choose a booth again."))
    if products is not None:
        _set_products(booking, products)
    booking.note = note
    booking.submitted_at = now
    _settle_waitlist(booking, TAKEN)
    if booking.fair.booking_mode == BY_APPROVAL:
        booking.status, booking.expires_at = APPLIED, None
    else:
        _await_payment(booking, now)
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
    _end(booking, CANCELLED, now)
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
    booking.decided_at, booking.decided_by_id = now, actor.id
    _await_payment(booking, now)
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
    _end(booking, REJECTED, now)
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
    _take_booth(booking, booth, now)
    price_booking(booking, booking.fair, booth.booth_type, booking.producer)
    booking.decided_at, booking.decided_by_id = now, actor.id
    _await_payment(booking, now)
    flush_guarded()
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
    _take_booth(booking, booth, now)
    if booking.status != PAID:
        _release_subsidy(booking)
        price_booking(booking, booking.fair, booth.booth_type, booking.producer)
    flush_guarded()
    record_event("fairs.booking_moved", actor, booking.reference, old=old_code, new=booth.code)
    return booking


# --- expiry -----------------------------------------------------------------------------


def release_lapsed(fair: Fair, now: datetime | None = None) -> list[Booking]:
    """Write down the holds whose time ran out (reads already treat them as expired). Call with
    the fair locked."""
    now = now or utcnow()
    lapsed = list(
        db.session.scalars(
            select(Booking).where(
                Booking.fair_id == fair.id, Booking.status.in_(LAPSING), Booking.expires_at <= now
            )
        )
    )
    for booking in lapsed:
        _end(booking, EXPIRED, now)
    db.session.flush()
    return lapsed


# --- the pieces -------------------------------------------------------------------------


def check_may_apply(fair: Fair, producer, now: datetime) -> None:
    if not rules.registration_open(fair, now):
        raise RegistrationClosed(_l("Registration for this fair is closed."))
    problem = rules.eligibility_problem(fair, producer)
    if problem:
        raise NotEligible(problem)


def check_capacity(fair: Fair, producer) -> None:
    count = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.fair_id == fair.id, Booking.producer_id == producer.id, Booking.status.in_(ACTIVE)
        )
    )
    if count >= fair.max_booths_per_producer:
        raise CapacityReached(
            _l("You already have %(count)s booth(s) at this fair, the most one producer may book.", count=count)
        )


def _ensure_booth_free(booth: Booth, now: datetime) -> None:
    taken = db.session.scalar(
        select(Booking.id).where(Booking.booth_id == booth.id, Booking.status.in_(BOOTH_LIVE)).limit(1)
    )
    if taken is not None:
        raise BoothUnavailable(_l("Someone else has just taken this booth. Please choose another."))


def _take_booth(booking: Booking, booth: Booth, now: datetime) -> None:
    if booth.fair_id != booking.fair_id or booth.blocked:
        raise BoothUnavailable(_l("This booth cannot be booked."))
    release_lapsed(booking.fair, now)
    _ensure_booth_free(booth, now)
    booking.booth, booking.booth_type = booth, booth.booth_type


def flush_guarded() -> None:
    """Flush; the database's unique index on live bookings has the last word on a booth."""
    try:
        db.session.flush()
    except IntegrityError as error:
        raise BoothUnavailable(_l("Someone else has just taken this booth. Please choose another.")) from error


def price_booking(booking: Booking, fair: Fair, booth_type: BoothType, producer) -> None:
    """List price, then the subsidy if the producer is eligible and the budget allows it whole."""
    booking.list_price_vnd, booking.subsidy_vnd, booking.subsidy_note = booth_type.price_vnd, 0, None
    if not fair.has_subsidy:
        return
    if not rules.subsidy_eligible(fair, producer):
        booking.subsidy_note = rules.NOT_ELIGIBLE
        return
    amount = rules.subsidy_amount(fair, booth_type.price_vnd)
    if amount and _reserve_subsidy(fair, amount):
        booking.subsidy_vnd = amount
    elif amount:
        booking.subsidy_note = rules.BUDGET_EXHAUSTED


def _reserve_subsidy(fair: Fair, amount: int) -> bool:
    """Atomically take `amount` from the budget, or nothing at all (a conditional UPDATE)."""
    result = db.session.execute(
        update(Fair)
        .where(Fair.id == fair.id, Fair.subsidy_committed_vnd + amount <= Fair.subsidy_budget_vnd)
        .values(subsidy_committed_vnd=Fair.subsidy_committed_vnd + amount)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(fair, ["subsidy_committed_vnd"])
    return result.rowcount == 1


def _release_subsidy(booking: Booking) -> None:
    if booking.subsidy_vnd:
        db.session.execute(
            update(Fair).where(Fair.id == booking.fair_id)
            .values(subsidy_committed_vnd=Fair.subsidy_committed_vnd - booking.subsidy_vnd)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(booking.fair, ["subsidy_committed_vnd"])


def _end(booking: Booking, status: str, now: datetime) -> None:
    """Take the booking out of play: its booth and its subsidy go back to the fair."""
    _release_subsidy(booking)
    booking.status, booking.expires_at = status, None
    _settle_waitlist(booking, LAPSED if status == EXPIRED else LEFT)


def _settle_waitlist(booking: Booking, outcome: str) -> None:
    if booking.origin != "waitlist" or booking.id is None:
        return
    entry = db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.booking_id == booking.id))
    if entry is not None:
        entry.status = outcome


def _await_payment(booking: Booking, now: datetime) -> None:
    """On to payment, keeping the booth for the fair's payment window; nothing to pay: paid."""
    if booking.amount_due_vnd == 0:
        _set_paid(booking, now)
        return
    booking.status = PENDING_PAYMENT
    booking.expires_at = now + timedelta(hours=booking.fair.payment_hold_hours)
    db.session.flush()  # the booking has its id (and reference) before payments hear of it
    booking_payment_due.send(booking, amount_vnd=booking.amount_due_vnd, reference=booking.reference)


def _set_paid(booking: Booking, now: datetime) -> None:
    booking.status, booking.paid_at, booking.expires_at = PAID, now, None
    booking.submitted_at = booking.submitted_at or now


def _revive_paid(booking: Booking, now: datetime) -> None:
    """A payment for a booking that lapsed: it gets its booth back if still free."""
    release_lapsed(booking.fair, now)
    _ensure_booth_free(booking.booth, now)
    amount = booking.subsidy_vnd
    if amount and not _reserve_subsidy(booking.fair, amount):
        raise BookingError(_l("The subsidy budget is used up; this payment needs the organiser."))
    _set_paid(booking, now)
    flush_guarded()


def _set_products(booking: Booking, products) -> None:
    chosen = list(dict.fromkeys(products or []))
    if len(chosen) > MAX_PRODUCTS_SHOWN:
        raise BookingError(_l("Choose at most %(n)s products.", n=MAX_PRODUCTS_SHOWN))
    for product in chosen:
        if not isinstance(product, Product) or product.producer_id != booking.producer_id or product.status == ARCHIVED:
            raise BookingError(_l("Choose products from your own catalogue."))
    booking.products = [BookingProduct(product=product) for product in chosen]
