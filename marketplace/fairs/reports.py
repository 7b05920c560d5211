"""Reads for the organiser's report: exhibitors (what the exports hold), money by stage, bookings over time."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import ARCHIVED
from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs import desk, rules
from marketplace.fairs.models import (
    APPLIED,
    CANCELLED,
    HELD,
    LAPSING,
    PAID,
    PENDING_PAYMENT,
    REQUESTED,
    Booking,
    BookingProduct,
    Booth,
    Fair,
)
from marketplace.producers.models import Producer

# Stages of the money table, in the order shown.
PAID_STAGE, AWAITING_PAYMENT, AWAITING_DECISION, CANCELLED_AFTER_PAYMENT = (
    "paid",
    "awaiting_payment",
    "awaiting_decision",
    "cancelled_after_payment",
)
STAGE_OF = {
    PAID: PAID_STAGE,
    PENDING_PAYMENT: AWAITING_PAYMENT,
    HELD: AWAITING_DECISION,
    APPLIED: AWAITING_DECISION,
    REQUESTED: AWAITING_DECISION,
}
WEEKLY_AFTER_DAYS = 62  # a longer registration period is charted week by week


@dataclass
class ExhibitorRow:
    reference: str
    status: str
    producer: str
    tax_code: str
    province: str
    booth: str
    hall: str
    booth_type: str
    products: str
    representative: str
    phone: str
    email: str
    list_price_vnd: int
    subsidy_vnd: int
    amount_vnd: int


def _row(booking: Booking, now: datetime) -> ExhibitorRow:
    producer = booking.producer
    products = [item.product.name for item in booking.products if item.product.status != ARCHIVED]
    return ExhibitorRow(
        reference=booking.reference,
        status=booking.current_status(now),
        producer=producer.name,
        tax_code=producer.tax_code or "",
        province=producer.province.name if producer.province else "",
        booth=booking.booth.code if booking.booth else "",
        hall=booking.booth.hall.name if booking.booth else "",
        booth_type=booking.booth_type.name,
        products="; ".join(products),
        representative=producer.representative or "",
        phone=producer.phone or "",
        email=producer.email or "",
        list_price_vnd=booking.list_price_vnd,
        subsidy_vnd=booking.subsidy_vnd,
        amount_vnd=booking.amount_due_vnd,
    )


def exhibitor_rows(fair: Fair, filters: dict, now: datetime | None = None) -> list[ExhibitorRow]:
    """The producers in play at the fair (booked, awaiting payment or a decision), by booth, narrowed
    by the desk's filters; cancelled, rejected and lapsed bookings are left out."""
    now = now or utcnow()
    stmt = (
        desk.desk_statement(fair, filters, now)
        .where(desk.live_condition(now))
        .order_by(None)
        .order_by(Booth.code.asc().nulls_last(), Producer.name, Booking.id)
        .options(selectinload(Booking.products).selectinload(BookingProduct.product))
    )
    return [_row(booking, now) for booking in db.session.scalars(stmt)]


@dataclass
class MoneyRow:
    stage: str
    count: int = 0
    list_price_vnd: int = 0
    subsidy_vnd: int = 0
    refunded: int = 0

    @property
    def producers_pay_vnd(self) -> int:
        return self.list_price_vnd - self.subsidy_vnd


@dataclass
class Money:
    rows: list[MoneyRow]
    budget_vnd: int
    promised_vnd: int

    def stage(self, name: str) -> MoneyRow:
        return next(row for row in self.rows if row.stage == name)

    @property
    def revenue_vnd(self) -> int:
        """What producers have paid for booths still booked."""
        return self.stage(PAID_STAGE).producers_pay_vnd

    @property
    def subsidy_used_vnd(self) -> int:
        """The programme's share of booths booked and paid for."""
        return self.stage(PAID_STAGE).subsidy_vnd

    @property
    def budget_left_vnd(self) -> int:
        return max(0, self.budget_vnd - self.promised_vnd)


def money(fair: Fair, now: datetime | None = None) -> Money:
    """List price, subsidy and what producers pay, by stage; from the bookings' own amounts."""
    now = now or utcnow()
    rows = {
        stage: MoneyRow(stage) for stage in (PAID_STAGE, AWAITING_PAYMENT, AWAITING_DECISION, CANCELLED_AFTER_PAYMENT)
    }
    sums = db.session.execute(
        select(
            Booking.status,
            func.count(Booking.id),
            func.coalesce(func.sum(Booking.list_price_vnd), 0),
            func.coalesce(func.sum(Booking.subsidy_vnd), 0),
        )
        .where(Booking.fair_id == fair.id, desk.live_condition(now))
        .group_by(Booking.status)
    )
    for status, count, list_price, subsidy in sums:
        row = rows[STAGE_OF[status]]
        row.count, row.list_price_vnd, row.subsidy_vnd = (
            row.count + count,
            row.list_price_vnd + int(list_price),
            row.subsidy_vnd + int(subsidy),
        )
    cancelled = rows[CANCELLED_AFTER_PAYMENT]
    for booking in db.session.scalars(
        select(Booking).where(Booking.fair_id == fair.id, Booking.status == CANCELLED, Booking.paid_at.is_not(None))
    ):
        # Its subsidy went back to the budget when it was cancelled; what was paid is for payments to refund.
        cancelled.count += 1
        cancelled.list_price_vnd += booking.amount_due_vnd
        cancelled.refunded += booking.refunded_at is not None
    return Money(list(rows.values()), fair.subsidy_budget_vnd, fair.subsidy_committed_vnd)


@dataclass
class Period:
    starts_on: date
    ends_on: date
    counts: dict = field(default_factory=lambda: {"paid": 0, "in_progress": 0, "ended": 0})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _outcome(booking_status: str, lapsed: bool) -> str:
    if booking_status == PAID:
        return "paid"
    return "in_progress" if booking_status in STAGE_OF and not lapsed else "ended"


def bookings_over_time(fair: Fair, now: datetime | None = None) -> list[Period]:
    """Bookings made per day (per week over a long registration), split by where they stand now:
    paid, still in progress, or ended (cancelled, rejected, expired)."""
    now = now or utcnow()
    lapsed = and_(Booking.status.in_(LAPSING), Booking.expires_at <= now)
    made = [
        (moment.astimezone(VIETNAM).date(), _outcome(status, bool(is_lapsed)))
        for moment, status, is_lapsed in db.session.execute(
            select(Booking.created_at, Booking.status, lapsed).where(Booking.fair_id == fair.id)
        )
    ]
    first = min([fair.registration_opens_on, *(day for day, _ in made)])
    last = max([min(rules.today_in_vietnam(now), fair.ends_on), *(day for day, _ in made)])
    step = 7 if (last - first).days + 1 > WEEKLY_AFTER_DAYS else 1
    if step == 7:
        first -= timedelta(days=first.weekday())  # weeks start on Monday
    periods = []
    day = first
    while day <= last:
        periods.append(Period(day, min(day + timedelta(days=step - 1), last)))
        day += timedelta(days=step)
    for made_on, outcome in made:
        periods[(made_on - first).days // step].counts[outcome] += 1
    return periods
