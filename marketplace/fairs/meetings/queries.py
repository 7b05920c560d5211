"""Reads for meetings: an exhibitor's slots with their meetings, the free ones, and each side's agenda."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs.meetings.models import LIVE, Meeting, MeetingSlot
from marketplace.fairs.models import PAID, Booking, Booth, Fair


@dataclass
class SlotView:
    slot: MeetingSlot
    meeting: Meeting | None  # the live one, if any

    @property
    def is_free(self) -> bool:
        return self.meeting is None


def _live_meeting(slot: MeetingSlot) -> Meeting | None:
    return next((m for m in slot.meetings if m.status in LIVE), None)


def slots_of(fair: Fair, producer, include_past: bool = False, now: datetime | None = None) -> list[SlotView]:
    """The exhibitor's offered slots at the fair, soonest first, each with its live meeting."""
    now = now or utcnow()
    stmt = (
        select(MeetingSlot)
        .where(
            MeetingSlot.fair_id == fair.id, MeetingSlot.producer_id == producer.id, MeetingSlot.withdrawn_at.is_(None)
        )
        .order_by(MeetingSlot.starts_at)
        .options(selectinload(MeetingSlot.meetings))
    )
    if not include_past:
        stmt = stmt.where(MeetingSlot.starts_at > now)
    return [SlotView(slot, _live_meeting(slot)) for slot in db.session.scalars(stmt)]


def free_slots(fair: Fair, producer, now: datetime | None = None) -> list[MeetingSlot]:
    return [view.slot for view in slots_of(fair, producer, now=now) if view.is_free]


def producers_offering(fair: Fair, now: datetime | None = None) -> set[int]:
    """Exhibitors with at least one free slot still ahead (the directory links them to a request)."""
    now = now or utcnow()
    live = select(Meeting.slot_id).where(Meeting.status.in_(LIVE))
    paid = select(Booking.producer_id).where(Booking.fair_id == fair.id, Booking.status == PAID)
    return set(
        db.session.scalars(
            select(MeetingSlot.producer_id)
            .where(
                MeetingSlot.fair_id == fair.id,
                MeetingSlot.starts_at > now,
                MeetingSlot.withdrawn_at.is_(None),
                MeetingSlot.id.not_in(live),
                MeetingSlot.producer_id.in_(paid),
            )
            .distinct()
        )
    )


def _agenda(condition) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .join(MeetingSlot, Meeting.slot_id == MeetingSlot.id)
            .where(condition)
            .order_by(MeetingSlot.starts_at, Meeting.id)
            .options(
                selectinload(Meeting.slot).selectinload(MeetingSlot.producer),
                selectinload(Meeting.slot).selectinload(MeetingSlot.fair),
                selectinload(Meeting.buyer),
            )
        )
    )


def buyer_agenda(user) -> list[Meeting]:
    return _agenda(Meeting.buyer_id == user.id)


def exhibitor_agenda(producers) -> list[Meeting]:
    ids = [p.id for p in producers]
    return _agenda(MeetingSlot.producer_id.in_(ids)) if ids else []


def buyer_meeting_overlapping(user, slot: MeetingSlot) -> Meeting | None:
    """A live meeting of this buyer at a time overlapping `slot` (nobody is in two places at once)."""
    return db.session.scalar(
        select(Meeting)
        .join(MeetingSlot, Meeting.slot_id == MeetingSlot.id)
        .where(
            Meeting.buyer_id == user.id,
            Meeting.status.in_(LIVE),
            MeetingSlot.starts_at < slot.ends_at,
            slot.starts_at < MeetingSlot.ends_at,
        )
        .limit(1)
    )


def live_meetings_with(user, fair: Fair, producer) -> int:
    return len(
        db.session.scalars(
            select(Meeting.id)
            .join(MeetingSlot, Meeting.slot_id == MeetingSlot.id)
            .where(
                Meeting.buyer_id == user.id,
                Meeting.status.in_(LIVE),
                MeetingSlot.fair_id == fair.id,
                MeetingSlot.producer_id == producer.id,
            )
        ).all()
    )


def overlapping_slot(producer, starts_at: datetime, ends_at: datetime, ignore_id: int | None = None):
    """An offered (not withdrawn) slot of this producer overlapping the given time, at any fair."""
    stmt = select(MeetingSlot).where(
        MeetingSlot.producer_id == producer.id,
        MeetingSlot.withdrawn_at.is_(None),
        MeetingSlot.starts_at < ends_at,
        starts_at < MeetingSlot.ends_at,
    )
    if ignore_id is not None:
        stmt = stmt.where(MeetingSlot.id != ignore_id)
    return db.session.scalar(stmt.limit(1))


def booths_of_exhibitors(meetings: list[Meeting]) -> dict[tuple[int, int], str]:
    """(fair id, producer id) -> the booth codes where the exhibitor is found, for each meeting's exhibitor."""
    pairs = {(m.slot.fair_id, m.slot.producer_id) for m in meetings}
    if not pairs:
        return {}
    found: dict[tuple[int, int], list[str]] = {}
    rows = db.session.execute(
        select(Booking.fair_id, Booking.producer_id, Booth.code)
        .join(Booth, Booking.booth_id == Booth.id)
        .where(
            Booking.status == PAID,
            Booking.fair_id.in_({f for f, _p in pairs}),
            Booking.producer_id.in_({p for _f, p in pairs}),
        )
        .order_by(Booth.code)
    )
    for fair_id, producer_id, code in rows:
        if (fair_id, producer_id) in pairs:
            found.setdefault((fair_id, producer_id), []).append(code)
    return {pair: ", ".join(codes) for pair, codes in found.items()}
