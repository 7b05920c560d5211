"""The organiser's set-up: fairs (create, publish, close registration), booth types, halls, booths."""

from datetime import datetime
from types import SimpleNamespace

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.core.audit import record_event
from marketplace.core.i18n import format_vnd
from marketplace.core.models import utcnow
from marketplace.core.money import MAX_INVOICE_VND
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.fairs import locking, steps
from marketplace.fairs.models import (
    ACTIVE,
    BOOKING_MODES,
    BOOTH_KINDS,
    DRAFT,
    KIND_SIZES,
    PUBLISHED,
    Booking,
    Booth,
    BoothType,
    Fair,
    Hall,
)
from marketplace.geography import resolver

FAIR_FIELDS = (
    "name",
    "name_en",
    "venue",
    "venue_en",
    "province_code",
    "starts_on",
    "ends_on",
    "registration_opens_on",
    "registration_closes_on",
    "description",
    "description_en",
    "booking_mode",
    "verified_only",
    "eligible_groups",
    "eligible_provinces",
    "max_booths_per_producer",
    "hold_minutes",
    "payment_hold_hours",
    "offer_hours",
    "cancel_deadline",
    "subsidy_percent",
    "subsidy_cap_vnd",
    "subsidy_budget_vnd",
    "subsidy_verified_only",
    "subsidy_types",
)
# Settings an organiser may change per fair; the defaults come from the app's config.
SETTING_DEFAULTS = {
    "hold_minutes": ("FAIRS_HOLD_MINUTES", 30),
    "payment_hold_hours": ("FAIRS_PAYMENT_HOLD_HOURS", 72),
    "offer_hours": ("FAIRS_OFFER_HOURS", 24),
}


class PlanError(RuleError):
    """A set-up rule was broken; `field` names the form field, str() the translated reason (core.rules)."""


def setting_default(name: str) -> int:
    key, fallback = SETTING_DEFAULTS[name]
    return int(current_app.config.get(key, fallback))


def _clean_fair(values: dict, fair: Fair | None) -> dict:
    values = {k: v for k, v in values.items() if k in FAIR_FIELDS}
    province = resolver.resolve_province(values.get("province_code") or "")
    if province is None:
        raise PlanError(_l("Choose a province."), "province_code")
    values["province_code"] = province.code
    if values["ends_on"] < values["starts_on"]:
        raise PlanError(_l("The fair cannot end before it starts."), "ends_on")
    if values["registration_closes_on"] < values["registration_opens_on"]:
        raise PlanError(_l("Registration cannot close before it opens."), "registration_closes_on")
    if values["registration_closes_on"] > values["ends_on"]:
        raise PlanError(_l("Registration must close by the last day of the fair."), "registration_closes_on")
    if values.get("booking_mode") not in BOOKING_MODES:
        raise PlanError(_l("Choose how booths are given out."), "booking_mode")
    committed = fair.subsidy_committed_vnd if fair else 0
    if (values.get("subsidy_budget_vnd") or 0) < committed:
        raise PlanError(
            _l("The budget cannot be lower than the subsidy already promised (%(amount)s ₫).", amount=committed),
            "subsidy_budget_vnd",
        )
    values["subsidy_budget_vnd"] = values.get("subsidy_budget_vnd") or 0
    values["subsidy_percent"] = values.get("subsidy_percent") or 0
    for key in ("name_en", "venue_en", "description_en"):  # English texts are optional: empty means none
        if key in values:
            values[key] = (values[key] or "").strip() or None
    return values


def create_fair(values: dict, actor) -> Fair:
    fair = Fair(status=DRAFT, created_by_id=getattr(actor, "id", None), subsidy_committed_vnd=0, lock_version=0)
    for name in SETTING_DEFAULTS:
        setattr(fair, name, setting_default(name))
    for key, value in _clean_fair(values, None).items():
        setattr(fair, key, value)
    db.session.add(fair)
    db.session.flush()
    record_event("fairs.fair_created", actor, f"fair:{fair.id}", name=fair.name)
    return fair


def update_fair(fair: Fair, values: dict, actor) -> Fair:
    for key, value in _clean_fair(values, fair).items():
        setattr(fair, key, value)
    db.session.flush()
    record_event("fairs.fair_updated", actor, f"fair:{fair.id}")
    return fair


def publish_fair(fair: Fair, actor, now: datetime | None = None) -> None:
    bookable = db.session.scalar(select(func.count(Booth.id)).where(Booth.fair_id == fair.id, Booth.blocked.is_(False)))
    if not bookable:
        raise PlanError(_l("Draw the floor plan first: the fair has no booth to book."))
    fair.status, fair.published_at = PUBLISHED, fair.published_at or now or utcnow()
    db.session.flush()
    record_event("fairs.fair_published", actor, f"fair:{fair.id}")


def close_registration(fair: Fair, actor, now: datetime | None = None) -> None:
    """Stop new holds and requests now, before the planned closing day; bookings already made stay."""
    if fair.registration_closed_at is None:
        fair.registration_closed_at = now or utcnow()
        db.session.flush()
        record_event("fairs.registration_closed", actor, f"fair:{fair.id}")


def withdraw_fair(fair: Fair, actor, now: datetime | None = None) -> None:
    """Take a published fair off the site (back to a draft) while nobody holds, awaits or has booked a
    booth in it; live bookings must be cancelled first, so nobody loses a booth without being told."""
    now = now or utcnow()
    if not fair.is_published:
        raise PlanError(_l("The fair is not published."))
    locking.lock_fair(fair)
    steps.release_lapsed(fair, now)
    live = db.session.scalar(
        select(func.count(Booking.id)).where(Booking.fair_id == fair.id, Booking.status.in_(ACTIVE))
    )
    if live:
        raise PlanError(_l("The fair has %(n)s live booking(s): cancel them before withdrawing it.", n=live))
    fair.status = DRAFT
    db.session.flush()
    record_event("fairs.fair_withdrawn", actor, f"fair:{fair.id}")


def reopen_registration(fair: Fair, actor) -> None:
    if fair.registration_closed_at is not None:
        fair.registration_closed_at = None
        db.session.flush()
        record_event("fairs.registration_reopened", actor, f"fair:{fair.id}")


# --- booth types and halls --------------------------------------------------------------


def save_booth_type(fair: Fair, values: dict, booth_type: BoothType | None = None) -> BoothType:
    code = (values.get("code") or "").strip().lower()
    if not code or not code.replace("-", "").replace("_", "").isalnum():
        raise PlanError(_l("Use letters, digits and hyphens for the code."), "code")
    clash = db.session.scalar(select(BoothType).where(BoothType.fair_id == fair.id, BoothType.code == code))
    if clash is not None and clash is not booth_type:
        raise PlanError(_l("Another booth type of this fair has this code."), "code")
    price = int(values["price_vnd"])
    if not 0 <= price <= MAX_INVOICE_VND:  # a price no invoice can carry would fail at payment
        raise PlanError(_l("A booth costs between 0 and %(max)s.", max=format_vnd(MAX_INVOICE_VND)), "price_vnd")
    kind = values.get("kind") if values.get("kind") in BOOTH_KINDS else "standard"
    default_w, default_d = KIND_SIZES[kind]
    if booth_type is None:
        booth_type = BoothType(fair=fair)
        db.session.add(booth_type)
    booth_type.code, booth_type.kind, booth_type.name = code, kind, values["name"].strip()
    booth_type.width_m = values.get("width_m") or default_w
    booth_type.depth_m = values.get("depth_m") or default_d
    booth_type.price_vnd = price
    booth_type.inclusions = (values.get("inclusions") or "").strip() or None
    booth_type.name_en = (values.get("name_en") or "").strip() or None
    booth_type.inclusions_en = (values.get("inclusions_en") or "").strip() or None
    db.session.flush()
    return booth_type


def save_hall(fair: Fair, values: dict, hall: Hall | None = None) -> Hall:
    name = values["name"].strip()
    clash = db.session.scalar(select(Hall).where(Hall.fair_id == fair.id, Hall.name == name))
    if clash is not None and clash is not hall:
        raise PlanError(_l("Another hall of this fair has this name."), "name")
    if hall is not None:  # checked before anything changes: a refusal leaves the hall as it was
        resized = SimpleNamespace(width_m=values["width_m"], depth_m=values["depth_m"])
        for booth in hall.booths:
            check_placement(resized, booth, [])
    if hall is None:
        hall = Hall(fair=fair, position=len(fair.halls))
        db.session.add(hall)
    hall.name, hall.width_m, hall.depth_m = name, values["width_m"], values["depth_m"]
    db.session.flush()
    return hall


# --- booths -----------------------------------------------------------------------------


def overlaps(a, b) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def check_placement(hall: Hall, booth: Booth, others) -> None:
    if booth.x + booth.w > hall.width_m or booth.y + booth.h > hall.depth_m:
        raise PlanError(_l("Booth %(code)s does not fit inside the hall.", code=booth.code))
    for other in others:
        if other is not booth and overlaps(booth, other):
            raise PlanError(_l("Booth %(code)s overlaps booth %(other)s.", code=booth.code, other=other.code))


def add_booth_row(hall: Hall, booth_type: BoothType, values: dict) -> list[Booth]:
    """A row (or column) of `count` booths of one type, side by side, numbered from `start`."""
    prefix, start, count = values["prefix"].strip().upper(), values["start"], values["count"]
    x, y, vertical = values["x"], values["y"], values.get("direction") == "column"
    existing = list(db.session.scalars(select(Booth).where(Booth.hall_id == hall.id)))
    taken_codes = set(db.session.scalars(select(Booth.code).where(Booth.fair_id == hall.fair_id)))
    width = max(2, len(str(start + count - 1)))
    booths = []
    for number in range(start, start + count):
        code = f"{prefix}{number:0{width}d}"
        if code in taken_codes:
            raise PlanError(_l("The fair already has a booth %(code)s.", code=code), "prefix")
        booth = Booth(
            fair_id=hall.fair_id,
            hall_id=hall.id,
            booth_type=booth_type,
            code=code,
            x=x,
            y=y,
            w=booth_type.width_m,
            h=booth_type.depth_m,
            blocked=False,
        )
        check_placement(hall, booth, existing + booths)
        booths.append(booth)
        y, x = (y + booth.h, x) if vertical else (y, x + booth.w)
    db.session.add_all(booths)
    db.session.flush()
    return booths


def change_booths(booths: list[Booth], action: str, booth_type: BoothType | None = None) -> int:
    """Block, unblock, retype or delete several booths at once; a booth ever booked is never deleted."""
    if action == "type":
        if booth_type is None:
            raise PlanError(_l("Choose the new booth type."))
        _check_retyped(booths, booth_type)
        for booth in booths:
            booth.booth_type, booth.w, booth.h = booth_type, booth_type.width_m, booth_type.depth_m
    elif action in ("block", "unblock"):
        for booth in booths:
            booth.blocked = action == "block"
    elif action == "delete":
        booked = db.session.scalar(select(func.count(Booking.id)).where(Booking.booth_id.in_([b.id for b in booths])))
        if booked:
            raise PlanError(_l("Booths that have bookings cannot be deleted; block them instead."))
        for booth in booths:
            db.session.delete(booth)
    else:
        raise PlanError(_l("Choose what to do with the selected booths."))
    db.session.flush()
    return len(booths)


def _check_retyped(booths: list[Booth], booth_type: BoothType) -> None:
    """Each booth in its new size, against its hall as it will be, before anything changes."""
    retyped, halls = {booth.id for booth in booths}, {}
    for booth in booths:
        if booth.hall_id not in halls:
            halls[booth.hall_id] = [
                SimpleNamespace(code=b.code, x=b.x, y=b.y, w=booth_type.width_m, h=booth_type.depth_m)
                if b.id in retyped
                else b
                for b in _hall_booths(booth.hall)
            ]
        shapes = halls[booth.hall_id]
        check_placement(booth.hall, next(s for s in shapes if s.code == booth.code), shapes)


def _hall_booths(hall: Hall) -> list[Booth]:
    return list(db.session.scalars(select(Booth).where(Booth.hall_id == hall.id)))
