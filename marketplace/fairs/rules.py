"""The fair rules that need no writes: registration windows, who may apply, and the subsidy split."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalogue.models import ARCHIVED, Product
from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs.models import Fair
from marketplace.producers.models import Producer, VerificationCheck

NOT_ELIGIBLE, BUDGET_EXHAUSTED = "not_eligible", "budget_exhausted"


def today_in_vietnam(now: datetime | None = None) -> date:
    """Registration windows and deadlines are calendar days in Vietnam, whatever the server's zone."""
    return (now or utcnow()).astimezone(VIETNAM).date()


def registration_open(fair: Fair, now: datetime | None = None) -> bool:
    if not fair.is_published or fair.registration_closed_at is not None:
        return False
    return fair.registration_opens_on <= today_in_vietnam(now) <= fair.registration_closes_on


def registration_state(fair: Fair, now: datetime | None = None) -> str:
    """open | not_yet | closed: what the fair page tells a producer."""
    if registration_open(fair, now):
        return "open"
    if fair.registration_closed_at is None and today_in_vietnam(now) < fair.registration_opens_on:
        return "not_yet"
    return "closed"


def is_verified(producer: Producer) -> bool:
    """A CNNT establishment confirmed by the extension centre: the centre recorded a check of it."""
    return (
        db.session.scalar(select(VerificationCheck.id).where(VerificationCheck.producer_id == producer.id).limit(1))
        is not None
    )


def _groups_of(producer: Producer) -> set[int]:
    return set(
        db.session.scalars(
            select(Product.group_number).where(Product.producer_id == producer.id, Product.status != ARCHIVED)
        )
    )


def eligibility_problem(fair: Fair, producer: Producer):
    """Why this producer may not apply to this fair (a lazy translated string), or None when they may."""
    if fair.verified_only and not is_verified(producer):
        return _l("This fair is open only to CNNT establishments confirmed by the extension centre.")
    if fair.eligible_provinces and producer.province_code not in fair.eligible_provinces:
        return _l("This fair is open only to producers from certain provinces.")
    if fair.eligible_groups and not (_groups_of(producer) & {int(g) for g in fair.eligible_groups}):
        return _l("This fair is open only to producers of certain product groups.")
    return None


def subsidy_eligible(fair: Fair, producer: Producer) -> bool:
    if not fair.has_subsidy:
        return False
    if fair.subsidy_types and producer.establishment_type not in fair.subsidy_types:
        return False
    return not fair.subsidy_verified_only or is_verified(producer)


def subsidy_amount(fair: Fair, list_price_vnd: int) -> int:
    """The programme's share of one booth: the percentage, rounded down to the dong, then the cap."""
    amount = list_price_vnd * fair.subsidy_percent // 100
    if fair.subsidy_cap_vnd is not None:
        amount = min(amount, fair.subsidy_cap_vnd)
    return max(0, amount)


@dataclass(frozen=True)
class PriceSplit:
    list_price_vnd: int
    subsidy_vnd: int
    note: str | None  # why there is no subsidy: not_eligible | budget_exhausted
    # For a visitor (no producer known): what the programme pays at most per booth, as the fair's
    # percentage and cap give it; their own figure is shown once signed in as a producer.
    up_to_vnd: int = 0

    @property
    def producer_pays_vnd(self) -> int:
        return self.list_price_vnd - self.subsidy_vnd


def quote(fair: Fair, producer: Producer | None, list_price_vnd: int) -> PriceSplit:
    """The split shown before booking; the budget is checked again, atomically, when booking."""
    if not fair.has_subsidy:
        return PriceSplit(list_price_vnd, 0, None)
    if producer is None:
        return PriceSplit(list_price_vnd, 0, None, up_to_vnd=subsidy_amount(fair, list_price_vnd))
    if not subsidy_eligible(fair, producer):
        return PriceSplit(list_price_vnd, 0, NOT_ELIGIBLE)
    amount = subsidy_amount(fair, list_price_vnd)
    if fair.subsidy_committed_vnd + amount > fair.subsidy_budget_vnd:
        return PriceSplit(list_price_vnd, 0, BUDGET_EXHAUSTED)
    return PriceSplit(list_price_vnd, amount, None)


def budget_left(fair: Fair) -> int:
    return max(0, fair.subsidy_budget_vnd - fair.subsidy_committed_vnd)
