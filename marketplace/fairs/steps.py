"""The steps every booking write is made of: checks, the booth and budget bookkeeping, expiry.

Callers (services, waitlist) hold the fair's lock (locking.lock_fair) before using them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.catalogue.models import PUBLISHED as PRODUCT_PUBLISHED
from marketplace.catalogue.models import Product
from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.core.signals import booking_payment_due
from marketplace.extensions import db
from marketplace.fairs import rules
from marketplace.fairs.models import (
    ACTIVE,
    BOOTH_LIVE,
    EXPIRED,
    LAPSED,
    LAPSING,
    LEFT,
    PAID,
    PENDING_PAYMENT,
    Booking,
    BookingProduct,
    Booth,
    BoothType,
    Fair,
    WaitlistEntry,
)
from marketplace.ops.metrics import count_on_commit, event_counter

# held, offered (a waiting-list hold), requested, applied, payment_due, paid, cancelled, rejected,
# expired: one per move a booking makes.
BOOKING_EVENTS = event_counter("cnnt_booking_events_total", "Booth booking moves, by the state entered.", ("event",))

MAX_PRODUCTS_SHOWN = 20
NOT_PAYABLE = "not_payable"  # the API's code for a booking that cannot go on to payment (api/booking_checkout)


class BookingError(RuleError):
    """A booking rule said no: the translated reason, the HTTP status and the API's code (core.rules)."""


class BoothUnavailable(BookingError):
    status, code = 409, "booth_unavailable"


class CapacityReached(BookingError):
    status, code = 409, "capacity_reached"


class NotEligible(BookingError):
    status, code = 403, "not_eligible"


class RegistrationClosed(BookingError):
    status, code = 422, "registration_closed"


# --- expiry -----------------------------------------------------------------------------


def release_lapsed(fair: Fair, now: datetime | None = None) -> list[Booking]:
    """Write down the holds whose time ran out (reads already treat them as expired). Call with
    the fair locked."""
    now = now or utcnow()
    lapsed = list(
        db.session.scalars(
            select(Booking).where(Booking.fair_id == fair.id, Booking.status.in_(LAPSING), Booking.expires_at <= now)
        )
    )
    for booking in lapsed:
        end_booking(booking, EXPIRED, now)
    db.session.flush()
    return lapsed


# --- the pieces -------------------------------------------------------------------------


def check_may_apply(fair: Fair, producer, now: datetime) -> None:
    if not rules.registration_open(fair, now):
        raise RegistrationClosed(_l("Registration for this fair is closed."))
    problem = rules.eligibility_problem(fair, producer)
    if problem:
        raise NotEligible(problem)


def check_capacity(fair: Fair, producer, user=None) -> None:
    """The fair's cap holds per account, across every producer profile the account acts for (and
    the bookings it made), as well as per profile: more profiles must not mean more booths."""
    from marketplace.producers.models import ProducerMember

    mine = Booking.producer_id == producer.id
    if user is not None and getattr(user, "id", None) is not None:
        profiles = select(ProducerMember.producer_id).where(ProducerMember.user_id == user.id)
        mine = or_(mine, Booking.producer_id.in_(profiles), Booking.user_id == user.id)
    count = db.session.scalar(
        select(func.count(Booking.id)).where(Booking.fair_id == fair.id, Booking.status.in_(ACTIVE), mine)
    )
    if count >= fair.max_booths_per_producer:
        raise CapacityReached(
            _l("You already have %(count)s booth(s) at this fair, the most one producer may book.", count=count)
        )


def ensure_booth_free(booth: Booth, now: datetime) -> None:
    taken = db.session.scalar(
        select(Booking.id).where(Booking.booth_id == booth.id, Booking.status.in_(BOOTH_LIVE)).limit(1)
    )
    if taken is not None:
        raise BoothUnavailable(_l("Someone else has just taken this booth. Please choose another."))


def take_booth(booking: Booking, booth: Booth, now: datetime) -> None:
    if booth.fair_id != booking.fair_id or booth.blocked:
        raise BoothUnavailable(_l("This booth cannot be booked."))
    release_lapsed(booking.fair, now)
    ensure_booth_free(booth, now)
    booking.booth, booking.booth_type = booth, booth.booth_type


@contextmanager
def booking_change() -> Iterator[None]:
    """A booking change made all or nothing, inside a savepoint: the database's unique index on live
    bookings has the last word on a booth, and a refusal (the index's, or a rule's raised inside, such
    as payments refusing the invoice) undoes only this change, so the request can still read the fair
    and show why before its unit of work rolls back (core.unitofwork)."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        raise BoothUnavailable(_l("Someone else has just taken this booth. Please choose another.")) from error


def price_booking(booking: Booking, fair: Fair, booth_type: BoothType, producer) -> None:
    """List price, then the subsidy the producer is quoted if eligible and the budget still has room
    for it whole. Only quoted: it counts against the budget once committed (approval or payment)."""
    booking.list_price_vnd, booking.subsidy_vnd, booking.subsidy_note = booth_type.price_vnd, 0, None
    booking.subsidy_committed = False
    if not fair.has_subsidy:
        return
    if not rules.subsidy_eligible(fair, producer):
        booking.subsidy_note = rules.NOT_ELIGIBLE
        return
    amount = rules.subsidy_amount(fair, booth_type.price_vnd)
    if amount and rules.budget_left(fair) >= amount:
        booking.subsidy_vnd = amount
    elif amount:
        booking.subsidy_note = rules.BUDGET_EXHAUSTED


def commit_subsidy(booking: Booking) -> bool:
    """Count the booking's subsidy against the fair's budget (atomically, all or nothing); True when
    it now counts or there is nothing to count, False when the budget cannot take it any more."""
    if not booking.subsidy_vnd or booking.subsidy_committed:
        return True
    if not reserve_subsidy(booking.fair, booking.subsidy_vnd):
        return False
    booking.subsidy_committed = True
    return True


def commit_subsidy_or_drop(booking: Booking) -> None:
    """Before the invoice exists (an approval, an assignment): a subsidy the budget can no longer
    cover is dropped, and the producer is told why on the price split."""
    if not commit_subsidy(booking):
        booking.subsidy_vnd, booking.subsidy_note = 0, rules.BUDGET_EXHAUSTED


def reserve_subsidy(fair: Fair, amount: int) -> bool:
    """Atomically take `amount` from the budget, or nothing at all (a conditional UPDATE)."""
    result = db.session.execute(
        update(Fair)
        .where(Fair.id == fair.id, Fair.subsidy_committed_vnd + amount <= Fair.subsidy_budget_vnd)
        .values(subsidy_committed_vnd=Fair.subsidy_committed_vnd + amount)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(fair, ["subsidy_committed_vnd"])
    return result.rowcount == 1


def release_subsidy(booking: Booking) -> None:
    if booking.subsidy_vnd and booking.subsidy_committed:
        db.session.execute(
            update(Fair)
            .where(Fair.id == booking.fair_id)
            .values(subsidy_committed_vnd=Fair.subsidy_committed_vnd - booking.subsidy_vnd)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(booking.fair, ["subsidy_committed_vnd"])
    booking.subsidy_committed = False


def end_booking(booking: Booking, status: str, now: datetime) -> None:
    """Take the booking out of play: its booth and its subsidy go back to the fair."""
    release_subsidy(booking)
    booking.status, booking.expires_at = status, None
    count_on_commit(BOOKING_EVENTS, event=status)
    settle_waitlist(booking, LAPSED if status == EXPIRED else LEFT)


def settle_waitlist(booking: Booking, outcome: str) -> None:
    if booking.origin != "waitlist" or booking.id is None:
        return
    entry = db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.booking_id == booking.id))
    if entry is not None:
        entry.status = outcome


def await_payment(booking: Booking, now: datetime) -> None:
    """On to payment, keeping the booth for the fair's payment window; nothing to pay: paid (a
    subsidy covering the whole price is committed then, or dropped if the budget is gone)."""
    if booking.amount_due_vnd == 0:
        commit_subsidy_or_drop(booking)
        if booking.amount_due_vnd == 0:
            set_paid(booking, now)
            return
    booking.status = PENDING_PAYMENT
    booking.expires_at = now + timedelta(hours=booking.fair.payment_hold_hours)
    count_on_commit(BOOKING_EVENTS, event="payment_due")
    db.session.flush()  # the booking has its id (and reference) before payments hear of it
    booking_payment_due.send(booking, amount_vnd=booking.amount_due_vnd, reference=booking.reference)


def set_paid(booking: Booking, now: datetime) -> None:
    """The money is in: the subsidy it was priced with counts against the budget from now on."""
    if not commit_subsidy(booking):
        raise BookingError(_l("The subsidy budget is used up; this payment needs the organiser."), code=NOT_PAYABLE)
    booking.status, booking.paid_at, booking.expires_at = PAID, now, None
    count_on_commit(BOOKING_EVENTS, event="paid")
    booking.submitted_at = booking.submitted_at or now


def revive_paid(booking: Booking, now: datetime) -> None:
    """A payment for a booking that lapsed: it gets its booth back if still free (if not, nothing of
    the revival stays: the caller flags the money for a refund and its unit of work goes on)."""
    release_lapsed(booking.fair, now)
    with booking_change():
        ensure_booth_free(booking.booth, now)
        set_paid(booking, now)


def chosen_products(producer, products) -> list[Product]:
    """The products a producer will show, checked (and refused) before anything is written."""
    chosen = list(dict.fromkeys(products or []))
    if len(chosen) > MAX_PRODUCTS_SHOWN:
        raise BookingError(_l("Choose at most %(n)s products.", n=MAX_PRODUCTS_SHOWN))
    for product in chosen:
        if not isinstance(product, Product) or product.producer_id != producer.id:
            raise BookingError(_l("Choose products from your own catalogue."))
        if product.status != PRODUCT_PUBLISHED:
            raise BookingError(_l("Only published products can be shown at a fair: publish it first."))
    return chosen


def set_products(booking: Booking, products) -> None:
    booking.products = [BookingProduct(product=product) for product in chosen_products(booking.producer, products)]
