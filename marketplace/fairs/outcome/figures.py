"""The outcome report's figures, each read from the database with a grouped query: visitors
checked in by day, exhibitors booked and present, leads and the inquiries started at the fair, the
quotes that followed within QUOTE_WINDOW_DAYS of its last day, and the subsidy spent by province
and by establishment type."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from marketplace.core.i18n import VIETNAM
from marketplace.extensions import db
from marketplace.fairs.leads import queries as leads
from marketplace.fairs.models import PAID, Booking, Fair
from marketplace.fairs.onsite.codes import EXHIBITOR, VISITOR
from marketplace.fairs.onsite.models import CheckIn, ExhibitorBadge
from marketplace.geography.models import ProvinceRow
from marketplace.inquiries.models import ACCEPTED, Inquiry, Quote
from marketplace.producers.labels import ESTABLISHMENT_LABELS
from marketplace.producers.models import Producer

QUOTE_WINDOW_DAYS = 90  # "within 90 days after the fair": what the programme's report form asks


@dataclass
class DayCount:
    day: date
    visitors: int = 0
    exhibitor_staff: int = 0

    @property
    def total(self) -> int:
        return self.visitors + self.exhibitor_staff


@dataclass
class SubsidyRow:
    key: str  # a province code or an establishment type
    label: str
    exhibitors: int
    subsidy_vnd: int


@dataclass
class Outcome:
    fair: Fair
    days: list[DayCount] = field(default_factory=list)
    visitors: int = 0  # people: a visitor who came on two days counts once here, on both days above
    exhibitors_booked: int = 0
    exhibitors_present: int = 0
    leads: int = 0
    leads_withdrawn: int = 0
    inquiries_started: int = 0
    quotes: int = 0
    quotes_accepted: int = 0
    subsidy_by_province: list[SubsidyRow] = field(default_factory=list)
    subsidy_by_type: list[SubsidyRow] = field(default_factory=list)

    @property
    def subsidy_vnd(self) -> int:
        return sum(row.subsidy_vnd for row in self.subsidy_by_province)

    @property
    def quote_window_ends_on(self) -> date:
        return self.fair.ends_on + timedelta(days=QUOTE_WINDOW_DAYS)


def outcome_of(fair: Fair) -> Outcome:
    outcome = Outcome(fair)
    outcome.days = _check_ins_by_day(fair)
    outcome.visitors = _distinct_visitors(fair)
    outcome.exhibitors_booked = _exhibitors_booked(fair)
    outcome.exhibitors_present = _exhibitors_present(fair)
    counted = leads.counts(fair)
    outcome.leads, outcome.leads_withdrawn, outcome.inquiries_started = (
        counted.leads,
        counted.withdrawn,
        counted.threads,
    )
    outcome.quotes, outcome.quotes_accepted = _quotes_after(fair, outcome)
    outcome.subsidy_by_province = _subsidy_by_province(fair)
    outcome.subsidy_by_type = _subsidy_by_type(fair)
    return outcome


def _check_ins_by_day(fair: Fair) -> list[DayCount]:
    days: dict[date, DayCount] = {}
    for day, kind, count in db.session.execute(
        select(CheckIn.day, CheckIn.badge_kind, func.count())
        .where(CheckIn.fair_id == fair.id)
        .group_by(CheckIn.day, CheckIn.badge_kind)
    ):
        entry = days.setdefault(day, DayCount(day))
        if kind == VISITOR:
            entry.visitors += count
        else:
            entry.exhibitor_staff += count
    return [days[day] for day in sorted(days)]


def _distinct_visitors(fair: Fair) -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(CheckIn.badge_number))).where(
                CheckIn.fair_id == fair.id, CheckIn.badge_kind == VISITOR
            )
        )
        or 0
    )


def _exhibitors_present(fair: Fair) -> int:
    """Exhibitors at least one of whose staff badges was let in at the gate."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(ExhibitorBadge.producer_id)))
            .join(CheckIn, (CheckIn.badge_number == ExhibitorBadge.id) & (CheckIn.badge_kind == EXHIBITOR))
            .where(CheckIn.fair_id == fair.id, ExhibitorBadge.fair_id == fair.id)
        )
        or 0
    )


def _quotes_after(fair: Fair, outcome: Outcome) -> tuple[int, int]:
    """Quotes made in the threads started at the fair, from its first day to the end of the window,
    and how many of them the buyer accepted."""
    starts = datetime.combine(fair.starts_on, time.min, VIETNAM)
    ends = datetime.combine(outcome.quote_window_ends_on + timedelta(days=1), time.min, VIETNAM)
    made, accepted = db.session.execute(
        select(func.count(Quote.id), func.count(Quote.id).filter(Quote.status == ACCEPTED))
        .join(Inquiry, Inquiry.id == Quote.inquiry_id)
        .where(Inquiry.origin_fair_id == fair.id, Quote.created_at >= starts, Quote.created_at < ends)
    ).one()
    return made, accepted


def _paid(fair: Fair):
    return (Booking.fair_id == fair.id, Booking.status == PAID)


def _exhibitors_booked(fair: Fair) -> int:
    return db.session.scalar(select(func.count(func.distinct(Booking.producer_id))).where(*_paid(fair))) or 0


def _subsidy_by(fair: Fair, column) -> list[tuple]:
    """(key, exhibitors, subsidy) for paid booths, the largest subsidy first."""
    total = func.coalesce(func.sum(Booking.subsidy_vnd), 0)
    rows = db.session.execute(
        select(column, func.count(func.distinct(Booking.producer_id)), total)
        .join(Producer, Producer.id == Booking.producer_id)
        .where(*_paid(fair))
        .group_by(column)
        .order_by(total.desc(), column)
    )
    return [(key, count, int(subsidy)) for key, count, subsidy in rows]


def _subsidy_by_province(fair: Fair) -> list[SubsidyRow]:
    rows = _subsidy_by(fair, Producer.province_code)
    names = dict(
        db.session.execute(
            select(ProvinceRow.code, ProvinceRow.name).where(
                ProvinceRow.code.in_([key for key, _count, _subsidy in rows if key])
            )
        ).all()
    )
    return [SubsidyRow(key or "", names.get(key, key or "—"), count, subsidy) for key, count, subsidy in rows]


def _subsidy_by_type(fair: Fair) -> list[SubsidyRow]:
    return [
        SubsidyRow(key, str(ESTABLISHMENT_LABELS.get(key, key)), count, subsidy)
        for key, count, subsidy in _subsidy_by(fair, Producer.establishment_type)
    ]
