"""Producer reads for public pages: the directory by province, featured producers, a producer's page."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import PUBLISHED, Certification, Product
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.geography.models import ProvinceRow
from marketplace.producers.models import (
    COOPERATIVE,
    COOPERATIVE_GROUP,
    ENTERPRISE,
    ESTABLISHMENT_TYPES,
    HOUSEHOLD,
    Producer,
    VerificationCheck,
)

ESTABLISHMENT_LABELS = {
    ENTERPRISE: _l("Enterprise"),
    COOPERATIVE: _l("Cooperative"),
    COOPERATIVE_GROUP: _l("Cooperative group"),
    HOUSEHOLD: _l("Household business"),
}
CHECK_LABELS = {
    "tax_code": _l("Tax code checked by the centre on %(date)s"),
    "registration": _l("Business registration checked by the centre on %(date)s"),
    "address": _l("Address checked by the centre on %(date)s"),
    "visit": _l("Visited by the centre on %(date)s"),
}
_TRUE = ("1", "true", "yes", "on", "y")


@dataclass
class DirectoryResult:
    groups: list  # (province name, [(Producer, published product count), ...]) in page order
    total: int
    page: int
    per_page: int
    province_counts: list  # (Province, count), most producers first
    type_counts: dict
    craft_village_count: int
    filters: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def clean_directory_filters(raw: Mapping) -> dict:
    """Province (any spelling or code), establishment type, craft villages only; unknowns dropped."""
    filters = {}
    province = resolver.resolve_province(str(raw.get("province") or ""))
    if province:
        filters["province"] = province.code
    if raw.get("type") in ESTABLISHMENT_TYPES:
        filters["type"] = raw.get("type")
    if str(raw.get("craft_village") or "").strip().lower() in _TRUE:
        filters["craft_village"] = True
    return filters


def _conditions(filters: dict, skip: str | None = None) -> list:
    conditions = [Producer.is_published.is_(True)]
    if "province" in filters and skip != "province":
        conditions.append(Producer.province_code == filters["province"])
    if "type" in filters and skip != "type":
        conditions.append(Producer.establishment_type == filters["type"])
    if filters.get("craft_village") and skip != "craft_village":
        conditions.append(Producer.craft_village.is_(True))
    return conditions


def producers_with_counts(conditions=(), limit: int | None = None, offset: int = 0,
                          by_province: bool = False) -> list[tuple]:
    """Published producers with their published product counts: featured and busiest first,
    or by province then name for the directory."""
    counts = (
        select(Product.producer_id, func.count(Product.id).label("n"))
        .where(Product.status == PUBLISHED).group_by(Product.producer_id).subquery()
    )
    number = func.coalesce(counts.c.n, 0)
    statement = (
        select(Producer, number).outerjoin(counts, counts.c.producer_id == Producer.id)
        .where(Producer.is_published.is_(True), *conditions)
        .options(selectinload(Producer.photos))
    )
    if by_province:
        statement = statement.join(ProvinceRow, ProvinceRow.code == Producer.province_code).order_by(
            ProvinceRow.name_folded, Producer.slug, Producer.id
        )
    else:
        statement = statement.order_by(Producer.featured.desc(), number.desc(), Producer.slug, Producer.id)
    statement = statement.limit(limit).offset(offset)
    return [(producer, count) for producer, count in db.session.execute(statement).unique()]


def _count_by(column, filters: dict, skip: str) -> dict:
    statement = select(column, func.count(Producer.id)).where(*_conditions(filters, skip)).group_by(column)
    return {key: count for key, count in db.session.execute(statement) if key is not None}


def province_counts(filters: dict | None = None) -> list[tuple]:
    """(Province, number of published producers) for every province that has any, largest first."""
    counts = _count_by(Producer.province_code, filters or {}, "province")
    provinces = [(resolver.province_by_code(code), count) for code, count in counts.items()]
    return sorted(((p, n) for p, n in provinces if p), key=lambda pair: (-pair[1], pair[0].code))


def producer_directory(filters: Mapping | None = None, page: int = 1, per_page: int = 24) -> DirectoryResult:
    """One page of published producers grouped by province, with counts for the filter panel."""
    filters = clean_directory_filters(filters or {})
    page = max(1, min(page or 1, 10_000))
    conditions = _conditions(filters)
    total = db.session.execute(select(func.count(Producer.id)).where(*conditions)).scalar_one()
    rows = producers_with_counts(conditions[1:], limit=per_page, offset=(page - 1) * per_page, by_province=True)
    groups: list = []
    for producer, count in rows:
        name = producer.province.name if producer.province else ""
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append((producer, count))
    craft = db.session.execute(
        select(func.count(Producer.id)).where(*_conditions(filters, "craft_village"), Producer.craft_village.is_(True))
    ).scalar_one()
    return DirectoryResult(
        groups, total, page, per_page, province_counts(filters),
        _count_by(Producer.establishment_type, filters, "type"), craft, filters,
    )


def latest_checks(producer: Producer) -> list[tuple[str, object]]:
    """(subject, when) of the centre's most recent check of each kind, in a fixed order."""
    rows = db.session.execute(
        select(VerificationCheck.subject, func.max(VerificationCheck.checked_at))
        .where(VerificationCheck.producer_id == producer.id).group_by(VerificationCheck.subject)
    ).all()
    found = dict(rows)
    order = list(CHECK_LABELS) + sorted(set(found) - set(CHECK_LABELS))
    return [(subject, found[subject]) for subject in order if subject in found]


def producer_page_data(producer: Producer) -> dict:
    """A producer's published products, its own certificates and the centre's checks."""
    products = db.session.execute(
        select(Product).where(Product.producer_id == producer.id, Product.status == PUBLISHED)
        .options(selectinload(Product.photos)).order_by(Product.slug, Product.id)
    ).unique().scalars()
    certifications = db.session.execute(
        select(Certification).where(Certification.producer_id == producer.id).order_by(Certification.kind)
    ).scalars()
    return {
        "products": list(products),
        "certifications": list(certifications),
        "checks": latest_checks(producer),
    }


def public_producer(producer_id: int) -> Producer | None:
    producer = db.session.get(Producer, producer_id)
    return producer if producer is not None and producer.is_published else None
