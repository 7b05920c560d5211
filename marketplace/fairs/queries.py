"""Reads: booth statuses as of now (lapsed holds count as free), fair lists, a producer's bookings."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import PUBLISHED as PRODUCT_PUBLISHED
from marketplace.catalogue.models import Product
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs import rules
from marketplace.fairs.models import (
    APPLIED,
    BOOTH_LIVE,
    CANCELLED,
    EXPIRED,
    HELD,
    PAID,
    PENDING_PAYMENT,
    PUBLISHED,
    REJECTED,
    REQUESTED,
    WAITING,
    Booking,
    Booth,
    BoothType,
    Fair,
    Hall,
    WaitlistEntry,
)

AVAILABLE, BOOKED, BLOCKED = "available", "booked", "blocked"
BOOTH_STATUSES = (AVAILABLE, HELD, BOOKED, BLOCKED)  # the contract's public booth statuses
# Internal booking statuses as the API's contract names them.
API_STATUS = {
    HELD: HELD,
    APPLIED: HELD,
    REQUESTED: HELD,
    PENDING_PAYMENT: PENDING_PAYMENT,
    PAID: PAID,
    CANCELLED: CANCELLED,
    REJECTED: CANCELLED,
    EXPIRED: EXPIRED,
}


def live_bookings(fair: Fair, now: datetime | None = None) -> dict[int, Booking]:
    """booth id -> the booking occupying it now; a hold past its time occupies nothing."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(Booking).where(
            Booking.fair_id == fair.id,
            Booking.status.in_(BOOTH_LIVE),
            or_(Booking.expires_at.is_(None), Booking.expires_at > now),
        )
    )
    return {booking.booth_id: booking for booking in rows}


def booth_status(booth: Booth, booking: Booking | None) -> str:
    if booth.blocked:
        return BLOCKED
    if booking is None:
        return AVAILABLE
    return BOOKED if booking.status == PAID else HELD


@dataclass
class BoothView:
    booth: Booth
    status: str
    booking: Booking | None = None

    @property
    def code(self) -> str:
        return self.booth.code


@dataclass
class HallPlan:
    hall: Hall
    booths: list[BoothView] = field(default_factory=list)


def fair_booths(fair: Fair, now: datetime | None = None, for_readers: bool = False) -> list[BoothView]:
    """Every booth of the fair with its status now. `for_readers`: as the public sees it, with each free
    booth somebody waits for shown held (see `_keep_for_the_waiting_list`)."""
    live = live_bookings(fair, now)
    booths = db.session.scalars(select(Booth).where(Booth.fair_id == fair.id).order_by(Booth.code))
    views = [BoothView(b, booth_status(b, live.get(b.id)), live.get(b.id)) for b in booths]
    if for_readers:
        _keep_for_the_waiting_list(fair, views)
    return views


def waiting_per_type(fair: Fair) -> dict[int, int]:
    """booth type id -> how many producers wait for a booth of that type."""
    return dict(
        db.session.execute(
            select(WaitlistEntry.booth_type_id, func.count())
            .where(
                WaitlistEntry.fair_id == fair.id,
                WaitlistEntry.status == WAITING,
            )
            .group_by(WaitlistEntry.booth_type_id)
        ).all()
    )


def _keep_for_the_waiting_list(fair: Fair, views: list[BoothView]) -> None:
    """A booth freed without a write (a hold lapsed) belongs to the first in line, not to whoever reads
    the plan first. A read never writes (GET is safe), so it shows such a booth held, in the order the
    offer will take them; the sweep or the next booking write of the fair makes the offer for real."""
    if not fair.is_published:
        return
    waiting = waiting_per_type(fair)
    for view in views:
        if view.status == AVAILABLE and waiting.get(view.booth.booth_type_id, 0) > 0:
            view.status = HELD
            waiting[view.booth.booth_type_id] -= 1


def fair_plan(fair: Fair, now: datetime | None = None, for_readers: bool = False) -> list[HallPlan]:
    plans = {hall.id: HallPlan(hall) for hall in fair.halls}
    for view in fair_booths(fair, now, for_readers):
        plans[view.booth.hall_id].booths.append(view)
    return list(plans.values())


def status_counts(views: list[BoothView]) -> dict[str, int]:
    counts = dict.fromkeys(BOOTH_STATUSES, 0)
    for view in views:
        counts[view.status] += 1
    return counts


def available_booths(fair: Fair, booth_type: BoothType | None = None, now: datetime | None = None) -> list[Booth]:
    views = fair_booths(fair, now)
    return [
        v.booth
        for v in views
        if v.status == AVAILABLE and (booth_type is None or v.booth.booth_type_id == booth_type.id)
    ]


def booth_by_code(fair: Fair, code: str) -> Booth | None:
    return db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == code))


def published_fair(fair_id: int) -> Fair | None:
    fair = db.session.get(Fair, fair_id)
    return fair if fair is not None and fair.status == PUBLISHED else None


def public_fairs(include_past: bool = False, limit: int | None = None, now: datetime | None = None) -> list[Fair]:
    """Published fairs, soonest first; past fairs only when asked."""
    stmt = select(Fair).where(Fair.status == PUBLISHED).order_by(Fair.starts_on, Fair.id)
    if not include_past:
        stmt = stmt.where(Fair.ends_on >= rules.today_in_vietnam(now))
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def all_fairs() -> list[Fair]:
    return list(db.session.scalars(select(Fair).order_by(Fair.starts_on.desc(), Fair.id.desc())))


def bookings_of(producers, now: datetime | None = None) -> list[Booking]:
    ids = [p.id for p in producers]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.producer_id.in_(ids))
            .options(selectinload(Booking.products))
            .order_by(Booking.created_at.desc())
        )
    )


def waitlist_of(producers) -> list[WaitlistEntry]:
    ids = [p.id for p in producers]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(WaitlistEntry).where(WaitlistEntry.producer_id.in_(ids)).order_by(WaitlistEntry.joined_at.desc())
        )
    )


def waitlist_position(entry: WaitlistEntry) -> int | None:
    if entry.status != WAITING:
        return None
    ahead = db.session.scalars(
        select(WaitlistEntry.id).where(
            WaitlistEntry.booth_type_id == entry.booth_type_id,
            WaitlistEntry.status == WAITING,
            or_(
                WaitlistEntry.joined_at < entry.joined_at,
                (WaitlistEntry.joined_at == entry.joined_at) & (WaitlistEntry.id < entry.id),
            ),
        )
    ).all()
    return len(ahead) + 1


def products_of(producers) -> list[Product]:
    """The products producers may show at a fair: their published catalogue (a draft is not ready to be
    shown to visitors, an archived one no longer made)."""
    ids = [p.id for p in producers]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.producer_id.in_(ids), Product.status == PRODUCT_PUBLISHED)
            .order_by(Product.name)
        )
    )


def booking_by_reference(reference: str) -> Booking | None:
    """The booking a bank-transfer note names ("HC-000123", case and spaces forgiven)."""
    raw = (reference or "").strip().upper().replace(" ", "")
    if not raw.startswith("HC-") or not raw[3:].isdigit():
        return None
    return db.session.get(Booking, int(raw[3:]))


# Payments register a function here returning a booking's payments as
# [{"provider", "status", "amount_vnd"}]; until then every booking lists none.
PAYMENT_SOURCES: list[Callable[[Booking], list[dict]]] = []


def register_payment_source(function: Callable[[Booking], list[dict]]):
    PAYMENT_SOURCES.append(function)
    return function


def booking_payments(booking: Booking) -> list[dict]:
    return [payment for source in PAYMENT_SOURCES for payment in source(booking)]
