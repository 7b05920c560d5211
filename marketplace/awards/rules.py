"""The selection's fixed rules (Circular 26/2014/TT-BCT as amended): levels, phases, criteria, validity, arithmetic."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.labels import STANDOUT_LEVEL_LABELS
from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow

COMMUNE, PROVINCE, REGION, NATIONAL = "commune", "province", "region", "national"
LEVELS = (COMMUNE, PROVINCE, REGION, NATIONAL)
LEVEL_LABELS = STANDOUT_LEVEL_LABELS  # an award's level is the level of the title it grants
# The three regions of the regional level, and the provinces (official codes, since 1/7/2025) in each.
REGIONS = {
    "north": (_l("North"), ("01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37")),
    "central": (
        _l("Central and Central Highlands"),
        ("38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68"),
    ),
    "south": (_l("South"), ("75", "79", "80", "82", "86", "91", "92", "96")),
}

# Internal phases in order. The API names five (api-v1.md); `api_phase` maps onto them.
DRAFT, NOMINATION, SCREENING, JUDGING, COUNCIL, VOTING, PUBLISHED = (
    "draft",
    "nomination",
    "screening",
    "judging",
    "council",
    "voting",
    "published",
)
PHASES = (DRAFT, NOMINATION, SCREENING, JUDGING, COUNCIL, VOTING, PUBLISHED)
PHASE_LABELS = {
    DRAFT: _l("In preparation"),
    NOMINATION: _l("Nominations open"),
    SCREENING: _l("Screening of dossiers"),
    JUDGING: _l("Jury scoring"),
    COUNCIL: _l("Council approval"),
    VOTING: _l("Public vote"),
    PUBLISHED: _l("Results published"),
}
# Criteria may change until judging starts, never after (the jury scores on one sheet).
CRITERIA_EDITABLE_PHASES = (DRAFT, NOMINATION, SCREENING)


@dataclass(frozen=True)
class CriterionTemplate:
    code: str
    name_vi: str  # the circular's wording, shown on the sheet
    name_en: str
    max_points: int


OFFICIAL_CRITERIA = (
    CriterionTemplate(
        "market",
        "Đáp ứng nhu cầu thị trường và khả năng phát triển sản xuất",
        "Market fit and room to grow production",
        40,
    ),
    CriterionTemplate(
        "economic",
        "Hiệu quả kinh tế, kỹ thuật, xã hội và môi trường",
        "Economic, technical, social and environmental",
        40,
    ),
    CriterionTemplate("culture", "Văn hóa, thẩm mỹ", "Culture and aesthetics", 10),
    CriterionTemplate("other", "Tiêu chí khác", "Other", 10),
)
DEFAULT_PASS_MARK = 70  # provincial pass mark; other levels not confirmed, so a setting with this default

# The public vote's anomaly report (this site's own addition): defaults of the per-programme thresholds.
DEFAULT_NEW_ACCOUNT_HOURS = 48  # an account this young when it voted counts as new
DEFAULT_BURST_VOTES = 5  # new-account votes for one entry within one hour that make a burst
DEFAULT_ADDRESS_VOTES = 3  # votes from one address worth a look
MAX_NEW_ACCOUNT_HOURS = 720  # 30 days
MAX_ANOMALY_VOTES = 1000


def api_phase(phase: str, voting_open: bool) -> str:
    """The contract's phase for an internal one:
    nomination → nomination; screening and judging → judging; council → closed;
    voting → voting while its window is open, closed before and after; published → published.
    Programmes in preparation (draft) are not shown through the API at all."""
    if phase == NOMINATION:
        return "nomination"
    if phase in (SCREENING, JUDGING):
        return "judging"
    if phase == VOTING:
        return "voting" if voting_open else "closed"
    if phase == PUBLISHED:
        return "published"
    return "closed"


def next_phase(phase: str, voting_enabled: bool) -> str | None:
    """The phase after `phase`; the public vote is skipped when the programme has none."""
    index = PHASES.index(phase)
    if index + 1 >= len(PHASES):
        return None
    following = PHASES[index + 1]
    if following == VOTING and not voting_enabled:
        return PUBLISHED
    return following


def today_in_vietnam() -> date:
    """The day it is in Vietnam: a certificate valid to 31 December is still valid at 23:59 there (16:59 UTC)."""
    return utcnow().astimezone(VIETNAM).date()


def certificate_valid_until(issued_on: date) -> date:
    """31 December of the fourth year, the issue year counting as the first: 15/03/2026 → 31/12/2029."""
    return date(issued_on.year + 3, 12, 31)


def round_score(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class JuryResult:
    """What the jury's submitted sheets give for one entry."""

    totals: tuple
    score: Decimal | None  # average of the jurors' totals, None without any sheet
    spread: Decimal | None  # highest total minus lowest

    @property
    def count(self) -> int:
        return len(self.totals)


def jury_result(totals) -> JuryResult:
    """The entry's score is the average of its jurors' totals (domain.md); the spread shows disagreement."""
    totals = tuple(Decimal(str(t)) for t in totals)
    if not totals:
        return JuryResult((), None, None)
    return JuryResult(totals, round_score(mean(totals)), round_score(max(totals) - min(totals)))


def passes(score: Decimal | None, pass_mark) -> bool:
    return score is not None and score >= Decimal(str(pass_mark))


def combined_score(jury: Decimal | None, votes: int, most_votes: int, weight_percent: int) -> Decimal | None:
    """The jury score, unless the organiser gave the public vote a weight: then the vote's share
    (this entry's votes against the group's most-voted entry, scaled to 100) counts for that many percent."""
    if jury is None:
        return None
    if not weight_percent:
        return jury
    public = Decimal(100) * votes / most_votes if most_votes else Decimal(0)
    weight = Decimal(weight_percent) / 100
    return round_score(jury * (1 - weight) + public * weight)
