"""Producer rules: create and update profiles, members, claims by email, the centre's checks."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.core.audit import record_event
from marketplace.core.permissions import PRODUCER
from marketplace.core.rules import RuleError
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers.models import ESTABLISHMENT_TYPES, Producer, ProducerMember, VerificationCheck
from marketplace.producers.taxcode import PERSONAL_NOT_ALLOWED, normalise_tax_code, tax_code_problem

PROFILE_FIELDS = (
    "name",
    "establishment_type",
    "tax_code",
    "registration_number",
    "province_code",
    "commune_code",
    "commune_name",
    "address",
    "craft_village",
    "craft_village_name",
    "representative",
    "phone",
    "email",
    "website",
    "founded_year",
    "workforce",
    "capacity",
    "raw_materials",
    "description",
    "description_en",
)


# Profile fields that are part of every product's search text.


class ProducerError(RuleError):
    """A profile rule was broken; `field` names the form field, str() the translated reason."""


def find_by_tax_code(tax_code: str) -> Producer | None:
    return db.session.execute(select(Producer).where(Producer.tax_code == tax_code)).scalar_one_or_none()


def _clean(data: dict, producer: Producer | None = None) -> dict:
    """Validate and normalise profile data; raises ProducerError naming the field."""
    values = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    for key, value in list(values.items()):
        if isinstance(value, str):
            values[key] = value.strip() or None
    if "name" in values and not values["name"]:
        raise ProducerError(_l("The establishment needs a name."), "name")
    if values.get("establishment_type") not in (None, *ESTABLISHMENT_TYPES):
        raise ProducerError(_l("Unknown type of establishment."), "establishment_type")
    kind = values.get("establishment_type") or (producer.establishment_type if producer else None)
    if values.get("tax_code"):
        normalised = normalise_tax_code(values["tax_code"], kind)
        if normalised is None:
            raise ProducerError(tax_code_problem(values["tax_code"], kind), "tax_code")
        other = find_by_tax_code(normalised)
        if other is not None and other is not producer:
            raise ProducerError(_l("Another establishment already has this tax code."), "tax_code")
        values["tax_code"] = normalised
    elif values.get("establishment_type") and producer is not None and producer.tax_code and "tax_code" not in values:
        # A household turned enterprise cannot keep its representative's personal number as tax code.
        problem = tax_code_problem(producer.tax_code, kind)
        if problem is PERSONAL_NOT_ALLOWED:
            raise ProducerError(problem, "establishment_type")
    if "province_code" in values:
        province = resolver.resolve_province(values["province_code"] or "")
        if province is None:
            raise ProducerError(_l("Choose a province."), "province_code")
        values["province_code"] = province.code
    if values.get("commune_code"):
        commune = resolver.commune_by_code(values["commune_code"])
        province_code = values.get("province_code") or (producer.province_code if producer else None)
        if commune is None or commune.province_code != province_code:
            raise ProducerError(_l("This commune is not in the chosen province."), "commune")  # the form's field
        values["commune_name"] = None
    if values.get("email"):
        values["email"] = values["email"].lower()
    return values


def create_producer(data: dict, created_by=None) -> Producer:
    """A new profile. A producer account creating it becomes its first member; staff create
    profiles on a producer's behalf, to be claimed later by the email on the profile."""
    if created_by is not None and created_by.role == PRODUCER:
        _check_profile_allowance(created_by)
    values = _clean(data)
    for required in ("name", "establishment_type", "province_code"):
        if not values.get(required):
            raise ProducerError(_l("This field is required."), required)
    producer = Producer(
        slug=slugify(values["name"])[:200] or "co-so", created_by_id=getattr(created_by, "id", None), **values
    )
    with _tax_code_kept_unique(values.get("tax_code")):
        db.session.add(producer)
        db.session.flush()
    if created_by is not None and created_by.role == PRODUCER:
        add_member(producer, created_by, how="created")
    record_event("producer_created", actor=created_by, subject=f"producer:{producer.id}")
    return producer


@contextmanager
def _tax_code_kept_unique(tax_code: str | None) -> Iterator[None]:
    """Write inside a savepoint. _clean() looked for the tax code first, but two requests at once can
    both find it free: then the unique index refuses the second, and it gets the same refusal."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        if tax_code and find_by_tax_code(tax_code) is not None:
            raise ProducerError(_l("Another establishment already has this tax code."), "tax_code") from None
        raise


def _check_profile_allowance(user) -> None:
    """Profiles are cheap to make and each used to bring its own allowances (booths, subsidy): an
    account creates only a few itself (PRODUCERS_MAX_PROFILES_PER_ACCOUNT); the centre creates more."""
    allowed = int(current_app.config.get("PRODUCERS_MAX_PROFILES_PER_ACCOUNT", 3))
    made = db.session.scalar(select(func.count(Producer.id)).where(Producer.created_by_id == user.id))
    if made >= allowed:
        raise ProducerError(
            _l(
                "An account may create at most %(n)s producer profiles. Please ask the extension "
                "centre to create another one for you.",
                n=allowed,
            )
        )


def update_producer(producer: Producer, data: dict, actor=None) -> Producer:
    values = _clean(data, producer)
    with _tax_code_kept_unique(values.get("tax_code")):
        for key, value in values.items():
            setattr(producer, key, value)
        if "name" in values:
            producer.slug = slugify(producer.name)[:200] or "co-so"
        db.session.flush()
    return producer


def add_member(producer: Producer, user, how: str = "added") -> ProducerMember:
    existing = db.session.execute(
        select(ProducerMember).where(ProducerMember.producer_id == producer.id, ProducerMember.user_id == user.id)
    ).scalar_one_or_none()
    if existing:
        return existing
    member = ProducerMember(producer=producer, user_id=user.id, how=how)
    db.session.add(member)
    db.session.flush()
    record_event("producer_member_added", actor=user, subject=f"producer:{producer.id}", how=how)
    return member


def claim_by_email(user) -> list[Producer]:
    """Link a producer account to every profile carrying its (confirmed) email address."""
    if user.role != PRODUCER:
        return []
    producers = list(
        db.session.execute(select(Producer).where(func.lower(Producer.email) == user.email.lower())).scalars()
    )
    for producer in producers:
        add_member(producer, user, how="claimed")
    return producers


def record_check(producer: Producer, subject: str, checked_by, note: str | None = None) -> VerificationCheck:
    check = VerificationCheck(producer=producer, subject=subject, checked_by_id=checked_by.id, note=note)
    db.session.add(check)
    db.session.flush()
    record_event("producer_checked", actor=checked_by, subject=f"producer:{producer.id}", what=subject)
    return check


def set_featured(producer: Producer, featured: bool, actor=None) -> None:
    """Staff pick producers to show first on the home page and in the directory."""
    producer.featured = bool(featured)
    db.session.flush()
    record_event(
        "producer_featured" if featured else "producer_unfeatured", actor=actor, subject=f"producer:{producer.id}"
    )
