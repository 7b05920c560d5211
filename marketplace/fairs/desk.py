"""Reads for the organiser's desk: the bookings table with filters and search, and occupancy."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from marketplace.core.models import utcnow
from marketplace.core.pagination import paginate
from marketplace.core.text import slugify
from marketplace.fairs import queries
from marketplace.fairs.models import ACTIVE, BOOKING_STATUSES, EXPIRED, LAPSING, Booking, Booth, Fair
from marketplace.producers.models import Producer

PER_PAGE = 50


def clean_filters(fair: Fair, raw: Mapping) -> dict:
    """Only values that mean something for this fair; anything else is ignored, never an error."""
    type_ids = {t.id for t in fair.booth_types}
    hall_ids = {h.id for h in fair.halls}

    def number(name, allowed):
        value = raw.get(name, "")
        return int(value) if value.isdigit() and int(value) in allowed else None

    status = raw.get("status", "")
    return {
        "status": status if status in BOOKING_STATUSES else None,
        "type": number("type", type_ids),
        "hall": number("hall", hall_ids),
        "q": (raw.get("q") or "").strip()[:100],
    }


def _status_condition(status: str, now: datetime):
    """The status as a producer sees it now: a lapsed hold is expired, not held."""
    lapsed = and_(Booking.status.in_(LAPSING), Booking.expires_at <= now)
    if status == EXPIRED:
        return or_(Booking.status == EXPIRED, lapsed)
    condition = Booking.status == status
    return and_(condition, ~lapsed) if status in LAPSING else condition


def _search(term: str):
    matches = [Producer.tax_code.contains(term.replace(" ", "")), Booth.code == term.upper()]
    if slugify(term):
        matches.append(Producer.slug.contains(slugify(term)))
    reference = queries.booking_by_reference(term)
    if reference is not None:
        matches.append(Booking.id == reference.id)
    return or_(*matches)


def desk_statement(fair: Fair, filters: dict, now: datetime | None = None):
    """The desk's bookings of `fair`, narrowed by its filters (also what the exports export)."""
    now = now or utcnow()
    stmt = (
        select(Booking)
        .join(Producer, Booking.producer_id == Producer.id)
        .outerjoin(Booth, Booking.booth_id == Booth.id)
        .where(Booking.fair_id == fair.id)
        .order_by(Booking.created_at.desc(), Booking.id.desc())
        .options(selectinload(Booking.producer), selectinload(Booking.booth), selectinload(Booking.booth_type))
    )
    if filters.get("status"):
        stmt = stmt.where(_status_condition(filters["status"], now))
    if filters.get("type"):
        stmt = stmt.where(Booking.booth_type_id == filters["type"])
    if filters.get("hall"):
        stmt = stmt.where(Booth.hall_id == filters["hall"])
    if filters.get("q"):
        stmt = stmt.where(_search(filters["q"]))
    return stmt


def desk_bookings(fair: Fair, filters: dict, page: int = 1, now: datetime | None = None):
    return paginate(desk_statement(fair, filters, now), page, PER_PAGE)


def live_condition(now: datetime):
    """Bookings that still count: in play (a request included) and not a hold past its time."""
    lapsed = and_(Booking.status.in_(LAPSING), Booking.expires_at <= now)
    return and_(Booking.status.in_(ACTIVE), ~lapsed)


@dataclass
class OccupancyRow:
    label: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(queries.BOOTH_STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def taken(self) -> int:
        return self.counts[queries.HELD] + self.counts[queries.BOOKED]


def occupancy(fair: Fair, now: datetime | None = None) -> dict[str, list[OccupancyRow]]:
    """Booth counts by status, per hall and per booth type, with a total row."""
    by_hall = {hall.id: OccupancyRow(hall.name) for hall in fair.halls}
    by_type = {t.id: OccupancyRow(t.name) for t in fair.booth_types}
    total = OccupancyRow("")
    for view in queries.fair_booths(fair, now):
        for row in (by_hall[view.booth.hall_id], by_type[view.booth.booth_type_id], total):
            row.counts[view.status] += 1
    return {"halls": list(by_hall.values()), "types": list(by_type.values()), "total": [total]}
