"""Exhibitors' staff badges: named by the exhibitor, a few per paid booth, withdrawn by deleting them."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.fairs.locking import lock_fair
from marketplace.fairs.models import PAID, Booking, Booth, Fair
from marketplace.fairs.onsite.codes import EXHIBITOR, badge_code
from marketplace.fairs.onsite.models import ExhibitorBadge

NAME_MAX = 80


class BadgeError(RuleError):
    code = "badge_refused"


@dataclass
class PrintedBadge:
    """What a printed badge shows: ready for the PDF and the gate's list, no lazy loads left."""

    id: int
    code: str
    person_name: str
    producer_name: str
    booth_codes: str
    fair_name: str


def paid_booth_codes(fair: Fair, producer_ids: set[int] | None = None) -> dict[int, list[str]]:
    """{producer id: [booth code, ...]} of the paid booths at the fair, in booth order."""
    query = (
        select(Booking.producer_id, Booth.code)
        .join(Booth, Booking.booth_id == Booth.id)
        .where(Booking.fair_id == fair.id, Booking.status == PAID)
        .order_by(Booth.code)
    )
    if producer_ids is not None:
        query = query.where(Booking.producer_id.in_(producer_ids))
    found: dict[int, list[str]] = {}
    for producer_id, code in db.session.execute(query):
        found.setdefault(producer_id, []).append(code)
    return found


def badge_cap(fair: Fair, producer) -> int:
    """How many staff badges the exhibitor may name: FAIRS_BADGES_PER_BOOTH for each paid booth."""
    booths = len(paid_booth_codes(fair, {producer.id}).get(producer.id, []))
    return booths * current_app.config["FAIRS_BADGES_PER_BOOTH"]


def badges_of(fair: Fair, producer) -> list[ExhibitorBadge]:
    return list(
        db.session.scalars(
            select(ExhibitorBadge)
            .where(ExhibitorBadge.fair_id == fair.id, ExhibitorBadge.producer_id == producer.id)
            .order_by(ExhibitorBadge.id)
        )
    )


def add_staff_badge(fair: Fair, producer, person_name: str, actor) -> ExhibitorBadge:
    """Name one person who staffs the exhibitor's booth(s). Refused without a paid booth, with an empty
    or over-long name, or beyond the cap. Under the fair's lock, so two at once never pass the cap."""
    name = " ".join((person_name or "").split())
    if not name:
        raise BadgeError(_l("Write the person's name."), "person_name")
    if len(name) > NAME_MAX:
        raise BadgeError(_l("A name has at most %(n)s characters.", n=NAME_MAX), "person_name")
    lock_fair(fair)
    cap = badge_cap(fair, producer)
    if cap == 0:
        raise BadgeError(_l("Staff badges come with a paid booth at this fair."), status=403, code="not_exhibiting")
    named = db.session.scalar(
        select(func.count(ExhibitorBadge.id)).where(
            ExhibitorBadge.fair_id == fair.id, ExhibitorBadge.producer_id == producer.id
        )
    )
    if named >= cap:
        raise BadgeError(
            _l("You have named %(n)s people, the most your booths allow.", n=cap), "person_name", code="badge_cap"
        )
    badge = ExhibitorBadge(
        fair_id=fair.id, producer_id=producer.id, person_name=name, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(badge)
    db.session.flush()
    return badge


def withdraw_staff_badge(badge: ExhibitorBadge) -> None:
    """The printed badge stops opening the gate (its number no longer exists); past check-ins stay."""
    db.session.delete(badge)
    db.session.flush()


def printable(badges: list[ExhibitorBadge], fair: Fair) -> list[PrintedBadge]:
    """The badges of exhibitors still holding a paid booth, ready to print or to list at the gate;
    a badge whose exhibitor no longer has one (refunded, cancelled) is left out: it no longer enters."""
    booths = paid_booth_codes(fair, {badge.producer_id for badge in badges})
    return [
        PrintedBadge(
            badge.id,
            badge_code(EXHIBITOR, badge.id),
            badge.person_name,
            badge.producer.name,
            ", ".join(booths[badge.producer_id]),
            fair.name,
        )
        for badge in badges
        if badge.producer_id in booths
    ]


def fair_badges(fair: Fair) -> list[PrintedBadge]:
    """Every valid staff badge of the fair, by booth then name: what the organisers print and the gate lists."""
    badges = list(
        db.session.scalars(
            select(ExhibitorBadge)
            .where(ExhibitorBadge.fair_id == fair.id)
            .options(selectinload(ExhibitorBadge.producer))
            .order_by(ExhibitorBadge.id)
        )
    )
    found = printable(badges, fair)
    return sorted(found, key=lambda b: (b.booth_codes, b.producer_name, b.id))
