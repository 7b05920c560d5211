"""Meeting rules: exhibitors offer and take back slots; buyers request; exhibitors accept or decline;
either side cancels. Functions flush and never commit (the request is one unit of work); its view mails.

A slot never holds two live meetings: the partial unique index on live meetings refuses the second
insert whatever the timing, and every change of a meeting's status is a conditional UPDATE from the
status it was read in, so two people answering at once cannot both win.
"""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.fairs.exhibitors import is_exhibitor
from marketplace.fairs.meetings import queries
from marketplace.fairs.meetings.models import ACCEPTED, CANCELLED, DECLINED, LIVE, REQUESTED, Meeting, MeetingSlot
from marketplace.fairs.models import Fair

SLOT_MINUTES = (15, 20, 30, 45, 60)
MAX_SERIES = 16
DAY_STARTS, DAY_ENDS = time(6, 0), time(22, 0)  # meetings happen in the fair's opening hours, local time
MAX_LIVE_WITH_ONE_EXHIBITOR = 1  # a buyer cannot hold all of one exhibitor's slots


class MeetingError(RuleError):
    """A meeting rule said no; str() is the translated reason, `status` the HTTP status (core.rules)."""

    def __init__(self, message, status: int | None = None):
        super().__init__(message, status=status)


def local_moment(day: date, clock: time) -> datetime:
    """A wall-clock time in Vietnam (where every fair is) as an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=VIETNAM).astimezone(UTC)


def _check_series(fair: Fair, day: date, start: time, minutes: int, count: int) -> None:
    if not fair.starts_on <= day <= fair.ends_on:
        raise MeetingError(_l("Choose a day of the fair."))
    if minutes not in SLOT_MINUTES or not 1 <= count <= MAX_SERIES:
        raise MeetingError(_l("Choose a length and a number of slots from the lists."))
    end = datetime.combine(day, start) + timedelta(minutes=minutes * count)
    if start < DAY_STARTS or end > datetime.combine(day, DAY_ENDS):
        raise MeetingError(_l("Meetings take place between 06:00 and 22:00."))


def offer_slots(
    fair: Fair, producer, user, day: date, start: time, minutes: int, count: int = 1, now: datetime | None = None
) -> list[MeetingSlot]:
    """A series of `count` back-to-back slots of `minutes` from `start` (Vietnam time) on `day`."""
    now = now or utcnow()
    if not fair.is_published or not is_exhibitor(fair, producer):
        raise MeetingError(_l("Only exhibitors with a booked booth offer meeting slots."), 403)
    _check_series(fair, day, start, minutes, count)
    first = local_moment(day, start)
    if first <= now:
        raise MeetingError(_l("Choose a time still ahead."))
    slots = []
    try:
        with db.session.begin_nested():  # a savepoint: a refusal takes back the whole series, and only it
            for n in range(count):
                starts_at = first + timedelta(minutes=minutes * n)
                slots.append(_offer_one(fair, producer, user, starts_at, starts_at + timedelta(minutes=minutes)))
    except IntegrityError as error:  # a simultaneous offer of the same time: the unique pair refuses it
        raise MeetingError(_l("You already offer a slot at this time."), 409) from error
    return slots


def _offer_one(fair: Fair, producer, user, starts_at: datetime, ends_at: datetime) -> MeetingSlot:
    clash = queries.overlapping_slot(producer, starts_at, ends_at)
    if clash is not None:
        raise MeetingError(
            _l(
                "You already offer a slot overlapping %(time)s.",
                time=starts_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M"),
            ),
            409,
        )
    taken_back = db.session.scalar(
        select(MeetingSlot).where(MeetingSlot.producer_id == producer.id, MeetingSlot.starts_at == starts_at)
    )
    if taken_back is not None:  # a withdrawn slot at the same start is offered again (the pair is unique)
        taken_back.fair, taken_back.ends_at, taken_back.withdrawn_at = fair, ends_at, None
        return taken_back
    slot = MeetingSlot(
        fair=fair, producer=producer, starts_at=starts_at, ends_at=ends_at, created_by_id=getattr(user, "id", None)
    )
    db.session.add(slot)
    return slot


def withdraw_slot(slot: MeetingSlot, now: datetime | None = None) -> None:
    """Take back a slot nobody has asked for; one with past meetings is kept for the history."""
    now = now or utcnow()
    if any(meeting.status in LIVE for meeting in slot.meetings):
        raise MeetingError(_l("A buyer has asked for this slot: answer or cancel the meeting first."), 409)
    if slot.meetings:
        slot.withdrawn_at = now
    else:
        db.session.delete(slot)
    db.session.flush()


def request_meeting(slot: MeetingSlot, buyer, message: str, now: datetime | None = None) -> Meeting:
    now = now or utcnow()
    message = (message or "").strip()
    if not message:
        raise MeetingError(_l("Say in a few words what you would like to discuss."))
    if slot.withdrawn_at is not None or slot.starts_at <= now or not slot.fair.is_published:
        raise MeetingError(_l("This slot is no longer offered. Please choose another."), 409)
    if not is_exhibitor(slot.fair, slot.producer):
        raise MeetingError(_l("This producer no longer exhibits at the fair."), 409)
    if queries.live_meetings_with(buyer, slot.fair, slot.producer) >= MAX_LIVE_WITH_ONE_EXHIBITOR:
        raise MeetingError(_l("You already have a meeting with this exhibitor at this fair."), 409)
    if queries.buyer_meeting_overlapping(buyer, slot) is not None:
        raise MeetingError(_l("You already have a meeting at this time."), 409)
    try:
        with db.session.begin_nested():  # a savepoint: losing the race takes back this request only
            meeting = Meeting(slot=slot, buyer=buyer, message=message, status=REQUESTED)
            db.session.add(meeting)
    except IntegrityError as error:
        # Two requests raced past the checks above; the index that refused this one says which rule.
        if "buyer_id" in str(error.orig):
            raise MeetingError(_l("You already have a meeting with this exhibitor at this fair."), 409) from error
        raise MeetingError(_l("Another buyer has just asked for this slot. Please choose another."), 409) from error
    return meeting


def _move(meeting: Meeting, allowed: tuple, **values) -> None:
    """Change the status only if it is still one of `allowed` (a conditional UPDATE): the loser of
    two simultaneous answers is told, never silently overwritten."""
    changed = db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.status.in_(allowed))
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(meeting)
    if changed != 1:
        raise MeetingError(_l("This meeting has changed meanwhile. Please look again."), 409)


def accept_meeting(meeting: Meeting, user, reply: str | None = None, now: datetime | None = None) -> Meeting:
    now = now or utcnow()
    if meeting.slot.starts_at <= now:
        raise MeetingError(_l("This slot has already begun."), 409)
    _move(
        meeting,
        (REQUESTED,),
        status=ACCEPTED,
        decided_at=now,
        decided_by_id=user.id,
        reply=(reply or "").strip() or None,
    )
    return meeting


def decline_meeting(meeting: Meeting, user, reply: str | None = None, now: datetime | None = None) -> Meeting:
    now = now or utcnow()
    _move(
        meeting,
        (REQUESTED,),
        status=DECLINED,
        decided_at=now,
        decided_by_id=user.id,
        reply=(reply or "").strip() or None,
    )
    return meeting


def cancel_meeting(meeting: Meeting, user, now: datetime | None = None) -> Meeting:
    """Either side calls off a requested or accepted meeting before it begins; the slot is free again."""
    now = now or utcnow()
    if meeting.slot.starts_at <= now:
        raise MeetingError(_l("This meeting has already begun."), 409)
    _move(meeting, LIVE, status=CANCELLED, cancelled_at=now)
    return meeting


def call_off_for_lost_exhibitor(fair: Fair, producer, now: datetime | None = None) -> list[Meeting]:
    """The producer no longer exhibits (its paid booking was cancelled): buyers must not come to an
    empty booth. Its live meetings still to come are cancelled and its free future slots taken back;
    returns the cancelled meetings, whose buyers the caller tells after the commit. Nothing changes
    while another paid booking keeps the producer at the fair."""
    now = now or utcnow()
    if is_exhibitor(fair, producer):
        return []
    slots = db.session.scalars(
        select(MeetingSlot).where(
            MeetingSlot.fair_id == fair.id,
            MeetingSlot.producer_id == producer.id,
            MeetingSlot.starts_at > now,
            MeetingSlot.withdrawn_at.is_(None),
        )
    ).all()
    called_off = []
    for slot in slots:
        for meeting in [m for m in slot.meetings if m.status in LIVE]:
            _move(meeting, LIVE, status=CANCELLED, cancelled_at=now)
            called_off.append(meeting)
        slot.withdrawn_at = now  # kept (not deleted) so the cancelled meetings keep their time
    db.session.flush()
    return called_off
