"""Producer reads for public pages: the directory by province, featured producers, a producer's page."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import PUBLISHED, Certification, Product
from marketplace.core.text import fold
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers.models import (
    ESTABLISHMENT_TYPES,
    Producer,
    VerificationCheck,
)

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


def published_counts(producer_ids) -> dict[int, int]:
    """Published products of these producers only (one page's worth: an indexed read, not a scan)."""
    if not producer_ids:
        return {}
    rows = db.session.execute(
        select(Product.producer_id, func.count(Product.id))
        .where(Product.producer_id.in_(list(producer_ids)), Product.status == PUBLISHED)
        .group_by(Product.producer_id)
    )
    return dict(rows.all())


def _with_counts(producers: list[Producer]) -> list[tuple]:
    counts = published_counts([p.id for p in producers])
    return [(producer, counts.get(producer.id, 0)) for producer in producers]


def _load(ids: list[int]) -> list[Producer]:
    """Producers by id, in that order, with what their cards show (photos) loaded in one more read."""
    if not ids:
        return []
    found = {
        p.id: p
        for p in db.session.execute(select(Producer).where(Producer.id.in_(ids)).options(selectinload(Producer.photos)))
        .unique()
        .scalars()
    }
    return [found[i] for i in ids if i in found]


def featured_with_counts(limit: int) -> list[tuple]:
    """The home page's producers (featured, then the busiest), chosen by the counts' refresh."""
    from marketplace.catalogue.count_reads import featured_producers

    chosen = featured_producers()[:limit]
    if not chosen and _counts() is None:
        return _featured_live(limit)
    producers = [p for p in _load([i for i, _n in chosen]) if p.is_published]
    return _with_counts(producers)


def _featured_live(limit: int) -> list[tuple]:
    """Before the first refresh of the counts only (a fresh database): counted here, once."""
    counts = (
        select(Product.producer_id, func.count(Product.id).label("n"))
        .where(Product.status == PUBLISHED)
        .group_by(Product.producer_id)
        .subquery()
    )
    number = func.coalesce(counts.c.n, 0)
    ids = db.session.scalars(
        select(Producer.id)
        .outerjoin(counts, counts.c.producer_id == Producer.id)
        .where(Producer.is_published.is_(True))
        .order_by(Producer.featured.desc(), number.desc(), Producer.slug, Producer.id)
        .limit(limit)
    ).all()
    return _with_counts(_load(list(ids)))


def _counts(filters: dict | None = None) -> dict | None:
    from marketplace.catalogue.count_reads import producer_counts

    return producer_counts(filters or {})


def _live_counts(filters: dict) -> dict:
    """The directory's figures counted here: only before the first refresh of the counts."""
    craft = db.session.execute(
        select(func.count(Producer.id)).where(*_conditions(filters, "craft_village"), Producer.craft_village.is_(True))
    ).scalar_one()
    return {
        "total": db.session.execute(select(func.count(Producer.id)).where(*_conditions(filters))).scalar_one(),
        "province": _count_by(Producer.province_code, filters, "province"),
        "type": _count_by(Producer.establishment_type, filters, "type"),
        "craft_village": craft,
    }


def _count_by(column, filters: dict, skip: str) -> dict:
    statement = select(column, func.count(Producer.id)).where(*_conditions(filters, skip)).group_by(column)
    return {key: count for key, count in db.session.execute(statement) if key is not None}


def _sorted_provinces(counts: dict) -> list[tuple]:
    provinces = [(resolver.province_by_code(code), count) for code, count in counts.items()]
    return sorted(((p, n) for p, n in provinces if p and n), key=lambda pair: (-pair[1], pair[0].code))


def province_counts(filters: dict | None = None) -> list[tuple]:
    """(Province, number of published producers) for every province that has any, largest first."""
    filters = filters or {}
    counts = _counts(filters) or _live_counts(filters)
    return _sorted_provinces(counts["province"])


def _folded_name(code: str) -> str:
    """The order the directory lists provinces in (ProvinceRow.name_folded holds the same)."""
    province = resolver.province_by_code(code)
    return fold(province.name) if province else code


def _page_ids(filters: dict, per_province: dict, offset: int, limit: int) -> list[int]:
    """One page of the directory (by province name, then name) in one statement: the counts say
    which provinces the page spans; each province's slice is read along its index."""
    parts, skip = [], offset
    for code in sorted(per_province, key=lambda c: (_folded_name(c), c)):
        n = per_province[code]
        if skip >= n:
            skip -= n
            continue
        take = min(limit - sum(t for _c, _s, t in parts), n - skip)
        parts.append((code, skip, take))
        skip = 0
        if sum(t for _c, _s, t in parts) >= limit:
            break
    if not parts:
        return []
    conditions = _conditions(filters, "province")
    selects = [
        select(Producer.id, literal(i).label("part"), Producer.slug)
        .where(*conditions, Producer.province_code == code)
        .order_by(Producer.slug, Producer.id)
        .limit(take)
        .offset(start)
        .subquery()
        .select()
        for i, (code, start, take) in enumerate(parts)
    ]
    statement = union_all(*selects).subquery()
    rows = db.session.execute(select(statement.c.id).order_by(statement.c.part, statement.c.slug, statement.c.id))
    return [row[0] for row in rows]


def producer_directory(filters: Mapping | None = None, page: int = 1, per_page: int = 24) -> DirectoryResult:
    """One page of published producers grouped by province, with counts for the filter panel
    (precomputed: marketplace.catalogue.counts; a page never counts the whole table)."""
    filters = clean_directory_filters(filters or {})
    page = max(1, min(page or 1, 10_000))
    counts = _counts(filters) or _live_counts(filters)
    spread = counts["province"]  # per province with every other filter applied
    if "province" in filters:
        spread = {filters["province"]: spread.get(filters["province"], 0)}
    ids = _page_ids(filters, spread, (page - 1) * per_page, per_page)
    rows = _with_counts(_load(ids))
    groups: list = []
    for producer, count in rows:
        name = producer.province.name if producer.province else ""
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append((producer, count))
    return DirectoryResult(
        groups,
        counts["total"],
        page,
        per_page,
        _sorted_provinces(counts["province"]),
        counts["type"],
        counts["craft_village"],
        filters,
    )


def latest_checks(producer: Producer) -> list[tuple[str, object]]:
    """(subject, when) of the centre's most recent check of each kind, in a fixed order."""
    rows = db.session.execute(
        select(VerificationCheck.subject, func.max(VerificationCheck.checked_at))
        .where(VerificationCheck.producer_id == producer.id)
        .group_by(VerificationCheck.subject)
    ).all()
    found = dict(rows)
    order = list(CHECK_LABELS) + sorted(set(found) - set(CHECK_LABELS))
    return [(subject, found[subject]) for subject in order if subject in found]


def producer_page_data(producer: Producer) -> dict:
    """A producer's published products, its own certificates and the centre's checks."""
    products = (
        db.session.execute(
            select(Product)
            .where(Product.producer_id == producer.id, Product.status == PUBLISHED)
            .options(selectinload(Product.photos))
            .order_by(Product.slug, Product.id)
        )
        .unique()
        .scalars()
    )
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
