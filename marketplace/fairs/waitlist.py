"""Waiting lists per booth type: join when a type is full; a freed booth is held for the first in line."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs import locking, queries, rules, steps
from marketplace.fairs.models import HELD, LEFT, OFFERED, WAITING, Booking, BoothType, Fair, WaitlistEntry
from marketplace.fairs.steps import BookingError
from marketplace.ops.metrics import count_on_commit


def join_waitlist(fair: Fair, booth_type: BoothType, producer, user, now: datetime | None = None) -> WaitlistEntry:
    now = now or utcnow()
    locking.lock_fair(fair)
    steps.check_may_apply(fair, producer, now)
    if booth_type.fair_id != fair.id:
        raise BookingError(_l("Choose a booth type of this fair."))
    # Free booths already owed to those waiting (a lapsed hold not yet offered) do not count as free.
    if len(queries.available_booths(fair, booth_type, now)) > queries.waiting_per_type(fair).get(booth_type.id, 0):
        raise BookingError(_l("Booths of this type are still available: choose one on the plan."))
    entry = db.session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.booth_type_id == booth_type.id, WaitlistEntry.producer_id == producer.id
        )
    )
    if entry is not None and entry.status in (WAITING, OFFERED):
        raise BookingError(_l("You are already on the waiting list for this booth type."))
    if entry is None:
        entry = WaitlistEntry(fair=fair, booth_type=booth_type, producer=producer)
        db.session.add(entry)
    entry.user, entry.status, entry.joined_at, entry.offered_at, entry.booking = user, WAITING, now, None, None
    db.session.flush()
    return entry


def leave_waitlist(entry: WaitlistEntry) -> None:
    if entry.status == WAITING:
        entry.status = LEFT
        db.session.flush()


def offer_freed_booths(fair: Fair, now: datetime | None = None) -> list[WaitlistEntry]:
    """Hold each free booth for the first producer waiting for its type, for the fair's offer time.
    Call with the fair locked (after release_lapsed). Returns the entries offered, to be mailed."""
    now = now or utcnow()
    if not fair.is_published:
        return []
    offered = []
    for booth_type in fair.booth_types:
        free = queries.available_booths(fair, booth_type, now)
        if not free:
            continue
        for entry in _waiting(booth_type):
            if not free:
                break
            booking = _offer(fair, entry, free[0], now)
            if booking is not None:
                free.pop(0)
                offered.append(entry)
    db.session.flush()
    return offered


def offers_due(fair: Fair, now: datetime | None = None) -> bool:
    """Is a booth free that a producer is waiting for? It happens without any booking write when a
    hold lapses (and when an organiser unblocks or adds booths)."""
    if not fair.is_published:
        return False
    waited = set(
        db.session.scalars(
            select(WaitlistEntry.booth_type_id).where(WaitlistEntry.fair_id == fair.id, WaitlistEntry.status == WAITING)
        )
    )
    return bool(waited) and any(b.booth_type_id in waited for b in queries.available_booths(fair, None, now))


def offer_before_reading(fair: Fair, now: datetime | None = None) -> list[WaitlistEntry] | None:
    """At the next read of the fair: when a free booth is waited for, take the lock, write lapsed holds
    down and offer the booths to the first in line, so nobody else sees them free first. None when
    nothing was due (no lock taken); else the entries offered (maybe none), for the caller to mail."""
    now = now or utcnow()
    if not offers_due(fair, now):
        return None
    locking.lock_fair(fair)
    steps.release_lapsed(fair, now)
    return offer_freed_booths(fair, now)


def _waiting(booth_type: BoothType) -> list[WaitlistEntry]:
    return list(
        db.session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.booth_type_id == booth_type.id, WaitlistEntry.status == WAITING)
            .order_by(WaitlistEntry.joined_at, WaitlistEntry.id)
        )
    )


def _offer(fair: Fair, entry: WaitlistEntry, booth, now: datetime) -> Booking | None:
    """Hold `booth` for the entry's producer; None (and they keep their place) if they may not book."""
    producer = entry.producer
    if rules.eligibility_problem(fair, producer):
        return None
    try:
        steps.check_capacity(fair, producer, entry.user)
    except steps.CapacityReached:
        return None
    with steps.booking_change():  # made inside: the savepoint begins by flushing what is pending
        booking = Booking(
            fair=fair,
            booth=booth,
            booth_type=booth.booth_type,
            producer=producer,
            user=entry.user,
            status=HELD,
            origin="waitlist",
            expires_at=now + timedelta(hours=fair.offer_hours),
        )
        db.session.add(booking)
        steps.price_booking(booking, fair, booth.booth_type, producer)
        entry.status, entry.offered_at, entry.booking = OFFERED, now, booking
    count_on_commit(steps.BOOKING_EVENTS, event="offered")  # a hold made for the first in line
    return booking
