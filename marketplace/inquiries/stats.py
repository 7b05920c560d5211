"""Figures about inquiries: a producer's responsiveness over 90 days, and the organisers' counts per month and group."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.inquiries.models import BUYER, BuyingRequest, Inquiry

WINDOW_DAYS = 90
GRACE = timedelta(hours=24)  # an unanswered inquiry younger than this still has time: not counted yet
MIN_RECEIVED = 3  # fewer inquiries say nothing about a producer
GOOD_RATE = 0.8
WITHIN_HOURS, WITHIN_DAY = timedelta(hours=3), timedelta(hours=24)


@dataclass(frozen=True)
class Responsiveness:
    received: int  # inquiries that count (see responsiveness())
    answered: int
    median_first_response: timedelta | None

    @property
    def rate(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def badge(self) -> str | None:
        """ "hours", "day" or None: the promise the public page may make."""
        if self.received < MIN_RECEIVED or self.rate < GOOD_RATE or self.median_first_response is None:
            return None
        if self.median_first_response <= WITHIN_HOURS:
            return "hours"
        if self.median_first_response <= WITHIN_DAY:
            return "day"
        return None


def responsiveness(producer_id: int, now: datetime | None = None) -> Responsiveness:
    """Response rate and median time to the first answer, over inquiries buyers started in the last
    90 days. Spam reports are left out, and so is an unanswered inquiry less than a day old."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Inquiry.created_at, Inquiry.first_response_at).where(
            Inquiry.producer_id == producer_id,
            Inquiry.started_by == BUYER,
            Inquiry.spam_reported_at.is_(None),
            Inquiry.created_at >= now - timedelta(days=WINDOW_DAYS),
            Inquiry.created_at <= now,
        )
    ).all()
    delays = [answered - created for created, answered in rows if answered is not None and answered <= now]
    waiting = sum(1 for created, answered in rows if (answered is None or answered > now) and now - created < GRACE)
    received = len(rows) - waiting
    return Responsiveness(received, len(delays), median(delays) if delays else None)


def _month(moment: datetime) -> tuple[int, int]:
    local = moment.astimezone(VIETNAM)
    return local.year, local.month


def last_months(now: datetime, count: int = 12) -> list[tuple[int, int]]:
    year, month = _month(now)
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def dashboard_counts(now: datetime | None = None, months: int = 12) -> dict:
    """Inquiries per month (Vietnam time) and per CNNT product group over the last `months` months.
    A thread's group is its product's, or its buying request's; None when it names neither."""
    now = now or utcnow()
    window = last_months(now, months)
    start_year, start_month = window[0]
    start = datetime(start_year, start_month, 1, tzinfo=VIETNAM)
    rows = db.session.execute(
        select(Inquiry.created_at, Product.group_number, BuyingRequest.group_number, Inquiry.status)
        .outerjoin(Product, Product.id == Inquiry.product_id)
        .outerjoin(BuyingRequest, BuyingRequest.id == Inquiry.request_id)
        .where(Inquiry.created_at >= start, Inquiry.created_at <= now)
    ).all()
    per_month = Counter(_month(created) for created, *_rest in rows)
    per_group = Counter(product_group or request_group for _c, product_group, request_group, _s in rows)
    per_status = Counter(status for *_rest, status in rows)
    return {
        "months": [((y, m), per_month.get((y, m), 0)) for y, m in window],
        "groups": per_group,
        "statuses": per_status,
        "total": len(rows),
    }
