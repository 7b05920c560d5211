"""The standout badge on a product's page: its standout titles (cnnt_standout) still valid today in Vietnam."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from marketplace.awards import rules
from marketplace.awards.models import Certificate
from marketplace.extensions import db

LEVEL_RANK = {level: rank for rank, level in enumerate(rules.LEVELS)}


@dataclass(frozen=True)
class Badge:
    level: str | None
    year: int | None
    valid_until: date
    verify_code: str | None  # the site's own certificate, which anyone can check; None for one entered by hand


def _ends(title) -> date | None:
    """The last valid day: never beyond 31 December of the fourth year counted from the title's year."""
    ends = [title.valid_until] if title.valid_until else []
    if title.year:
        ends.append(rules.certificate_valid_until(date(title.year, 1, 1)))
    return min(ends) if ends else None


def standout_badges(product, today: date | None = None) -> list[Badge]:
    """The product's valid standout titles, the highest level and newest year first."""
    today = today or rules.today_in_vietnam()
    # Only titles the awards module issued or staff checked: a producer's own claim is no badge.
    titles = [
        (title, _ends(title)) for title in product.certifications if title.kind == "cnnt_standout" and title.verified
    ]
    titles = [
        (title, end)
        for title, end in titles
        if end is not None and today <= end and (title.valid_from is None or title.valid_from <= today)
    ]
    if not titles:
        return []
    codes = dict(
        db.session.execute(
            select(Certificate.catalogue_certification_id, Certificate.code).where(
                Certificate.catalogue_certification_id.in_([title.id for title, _end in titles])
            )
        ).all()
    )
    badges = [Badge(title.level, title.year, end, codes.get(title.id)) for title, end in titles]
    return sorted(badges, key=lambda b: (-LEVEL_RANK.get(b.level, -1), -(b.year or 0)))
