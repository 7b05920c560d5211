"""Catalogue reads for public pages and the API: search with facets, the home page, the sitemap."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.catalogue.groups import GROUPS_BY_NUMBER, PRODUCT_GROUPS, resolve_group
from marketplace.catalogue.labels import CERTIFICATION_LABELS
from marketplace.catalogue.models import (
    CERTIFICATION_KINDS,
    PUBLISHED,
    Category,
    Certification,
    Product,
)
from marketplace.catalogue.services import MAX_PRICE_VND
from marketplace.core.money import parse_vnd
from marketplace.core.text import fold, slugify
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers.models import Producer

# The reads about producers live beside their model; re-exported so callers find every public read here.
from marketplace.producers.queries import producer_directory, producer_page_data  # noqa: F401

SORTS = ("relevance", "newest", "price_asc", "price_desc")
MAX_PAGE = 10_000  # deeper pages are never useful and huge offsets only cost the database
# (price_min, price_max) in VND, both inclusive; a band's upper end stops short of the next one.
PRICE_BANDS = (
    (0, 99_999),
    (100_000, 499_999),
    (500_000, 1_999_999),
    (2_000_000, 9_999_999),
    (10_000_000, None),
)
# What people type for a kind: "ISO 22000", "VietGAP", "tu cong bo" all resolve.
_CERT_ALIASES = {re.sub(r"[^a-z0-9]", "", kind): kind for kind in CERTIFICATION_KINDS} | {
    "tucongbo": "self_declaration",
    "selfdeclaration": "self_declaration",
    "attp": "food_safety",
    "antoanthucpham": "food_safety",
    "foodsafety": "food_safety",
    "iso": "iso22000",
    "tieubieu": "cnnt_standout",
    "sanphamcnnttieubieu": "cnnt_standout",
}


@dataclass(frozen=True)
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    items: list
    total: int
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    filters: dict = field(default_factory=dict)
    # From the search engine: product id -> {"vi", "en"} highlighted names (Markup), the words matched,
    # whether only some words matched (any-word fallback), and a "did you mean" query.
    highlights: dict = field(default_factory=dict)
    terms: frozenset = frozenset()
    any_word: bool = False
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def parse_int(value) -> int | None:
    """A whole number from a query string; None when absent or blank; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(".", "").replace(",", "")  # "1.250.000" is how VND is written
    if not re.fullmatch(r"-?\d{1,18}", text):
        raise ValueError(value)
    return int(text)


def _price(value) -> int | None:
    """A price filter as people write prices: '1.250.000 ₫' as well as 1250000 (core.money)."""
    if value is None or isinstance(value, int | bool):
        return parse_int(value)
    return parse_vnd(str(value), signed=True)


def resolve_certification(text) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return _CERT_ALIASES.get(re.sub(r"[^a-z0-9]", "", fold(text)))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def clean_filters(raw: Mapping) -> tuple[dict, list[str]]:
    """Normalise raw filter values; returns (filters, names of the ones that were not understood).

    Out-of-range numbers are clamped (ocop_min to 0-5, prices to 0-10^12); unknown values dropped.
    """
    filters, rejected = {}, []

    def number(key, low, high, parse=parse_int):
        try:
            value = parse(raw.get(key))
        except ValueError:
            rejected.append(key)
            return None
        return None if value is None else _clamp(value, low, high)

    if raw.get("group") not in (None, ""):
        group = resolve_group(raw.get("group"))
        if group:
            filters["group"] = group.number
        else:
            rejected.append("group")
    if raw.get("province") not in (None, ""):
        province = resolver.resolve_province(str(raw.get("province")))
        if province:
            filters["province"] = province.code
        else:
            rejected.append("province")
    category = raw.get("category")
    if isinstance(category, int) or (isinstance(category, str) and category.strip()):
        text = str(category).strip()
        filters["category"] = int(text) if text.isdigit() and len(text) < 10 else slugify(text)
    cert = raw.get("cert") or raw.get("certification")
    if cert:
        kind = resolve_certification(cert)
        if kind:
            filters["cert"] = kind
        else:
            rejected.append("cert")
    ocop_min = number("ocop_min", 0, 5)
    if ocop_min:
        filters["ocop_min"] = ocop_min
    for key in ("price_min", "price_max"):
        value = number(key, 0, MAX_PRICE_VND, _price)
        if value is not None:
            filters[key] = value
    return filters, rejected


def _from(*columns):
    return select(*columns).select_from(Product).join(Producer, Producer.id == Product.producer_id)


def _visible():
    """Published products of published producers: what the public may see."""
    return (Product.status == PUBLISHED, Producer.is_published.is_(True))


def search_products(
    query: str,
    filters: dict,
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    facets: bool = True,
    highlights: bool = True,
) -> SearchResult:
    """Published products of published producers matching every word of `query` and the filters,
    through the search engine (marketplace.search: accents, typos, synonyms, any-word fallback).

    Facet counts for one facet apply every other filter (so the panel shows what choosing another
    value would give). Bad filter values are ignored; see clean_filters. With `facets=False` (a
    caller that shows none, as the JSON API) nothing is counted but the total: a much cheaper search.
    With `highlights=False` the names are not marked up with the words found (the JSON API's
    answer has no place for them).
    """
    from marketplace.search import engine
    from marketplace.search.highlight import highlight

    filters, _rejected = clean_filters(filters or {})
    page = _clamp(page or 1, 1, MAX_PAGE)
    per_page = _clamp(per_page or 20, 1, 100)
    sort = sort if sort in SORTS else "relevance"
    hits = engine.search_products(query or "", filters, page, per_page, sort, PRICE_BANDS, facets=facets)
    loaded = (
        {
            p.id: p
            for p in db.session.execute(
                select(Product).where(Product.id.in_(hits.ids)).options(selectinload(Product.photos))
            )
            .unique()
            .scalars()
        }
        if hits.ids
        else {}
    )
    items = [loaded[i] for i in hits.ids if i in loaded]
    marked = (
        {p.id: {"vi": highlight(p.name, hits.terms), "en": highlight(p.name_en or p.name, hits.terms)} for p in items}
        if hits.terms and highlights
        else {}
    )
    return SearchResult(
        items,
        hits.total,
        _facet_values(hits.counts, filters) if facets else {},
        page,
        per_page,
        filters,
        marked,
        hits.terms,
        hits.any_word,
        hits.suggestion,
    )


def _facet_values(counts, filters: dict) -> dict[str, list[FacetValue]]:
    return {
        "group": [
            FacetValue(g.number, g.name, counts.group.get(g.number, 0), filters.get("group") == g.number)
            for g in PRODUCT_GROUPS
        ],
        "province": _province_facet(counts.province, filters.get("province")),
        "category": _category_facet(counts.category, filters.get("category")),
        "cert": [
            FacetValue(kind, str(CERTIFICATION_LABELS[kind]), counts.cert.get(kind, 0), filters.get("cert") == kind)
            for kind in CERTIFICATION_KINDS
        ],
        "ocop_min": [
            FacetValue(
                n,
                ngettext("%(num)d star or more", "%(num)d stars or more", n),
                counts.ocop_min[n - 1],
                filters.get("ocop_min") == n,
            )
            for n in range(1, 6)
        ],
        "price": [
            FacetValue(
                (low, high),
                _band_label(low, high),
                counts.price[i] if counts.price else 0,
                (filters.get("price_min"), filters.get("price_max")) == (low, high),
            )
            for i, (low, high) in enumerate(PRICE_BANDS)
        ],
    }


def _band_label(low: int, high: int | None) -> str:
    from marketplace.core.i18n import format_vnd

    if high is None:
        return str(_l("From %(low)s", low=format_vnd(low)))
    if low == 0:
        return str(_l("Under %(high)s", high=format_vnd(high + 1)))
    return f"{format_vnd(low)} – {format_vnd(high + 1)}"


def _province_facet(counts: dict, selected: str | None) -> list[FacetValue]:
    """Every province (so the select always offers all 34), by name; counts may be 0."""
    return [FacetValue(p.code, p.name, counts.get(p.code, 0), p.code == selected) for p in resolver.provinces()]


def _category_facet(counts: dict, selected) -> list[FacetValue]:
    if not counts:
        return []
    rows = db.session.execute(select(Category).where(Category.id.in_(counts))).scalars()
    values = [FacetValue(c.id, c.name, counts[c.id], selected in (c.id, c.slug)) for c in rows]
    return sorted(values, key=lambda v: (-v.count, fold(v.label)))[:40]


def group_counts() -> list[tuple]:
    """The four CNNT product groups with how many published products each holds (precomputed,
    marketplace.catalogue.counts; counted here only before the first refresh)."""
    from marketplace.catalogue.count_reads import group_totals

    counts = group_totals() or dict(
        db.session.execute(
            _from(Product.group_number, func.count(Product.id)).where(*_visible()).group_by(Product.group_number)
        ).all()
    )
    return [(group, counts.get(group.number, 0)) for group in PRODUCT_GROUPS]


def newest_products(limit: int = 8) -> list[Product]:
    """The most recently published products the public may see (the home page's shop window)."""
    return list(
        db.session.execute(
            _from(Product)
            .where(*_visible())
            .options(selectinload(Product.photos))
            .order_by(func.coalesce(Product.published_at, Product.created_at).desc(), Product.id.desc())
            .limit(limit)
        )
        .unique()
        .scalars()
    )


def product_for_page(product_id: int) -> Product | None:
    """The product with its producer, category and photos, in one statement (the page shows them all)."""
    return db.session.get(Product, product_id, options=[joinedload(Product.photos)])


def public_product(product_id: int) -> Product | None:
    """A product only when the public may see it (published, by a published producer)."""
    product = product_for_page(product_id)
    if product is None or not product.is_published or not product.producer.is_published:
        return None
    return product


def product_page_data(product: Product) -> dict:
    """What the product page shows besides the product: the producer's own certificates, siblings.
    Two statements: the product's own certificates come with its producer's (and are set as its
    loaded collection), the siblings with their photos. At 100,000 products a page's six statements
    were about a third of its time."""
    certificates = db.session.execute(
        select(Certification).where(
            (Certification.producer_id == product.producer_id) | (Certification.product_id == product.id)
        )
    ).scalars()
    producer_certs, own = [], []
    # Sorted here, not by the statement: ordered by kind, SQLite walked the whole kind index
    # (112,000 certificates, 30 ms) instead of looking the two columns up.
    for certificate in sorted(certificates, key=lambda c: (c.kind, c.id)):
        if certificate.producer_id == product.producer_id:
            producer_certs.append(certificate)
        if certificate.product_id == product.id:
            own.append(certificate)
    if "certifications" not in inspect(product).dict:  # an edit may have loaded (and changed) them
        set_committed_value(product, "certifications", own)
    others = (
        db.session.execute(
            select(Product)
            .where(Product.producer_id == product.producer_id, Product.id != product.id, Product.status == PUBLISHED)
            .options(joinedload(Product.photos))
            .order_by(Product.name)
            .limit(4)
        )
        .unique()
        .scalars()
    )
    return {
        "producer_certifications": producer_certs,
        "other_products": list(others),
        "group": GROUPS_BY_NUMBER.get(product.group_number),
    }


def sitemap_entries() -> tuple[list, list]:
    """(products, producers) the public may see, as rows of (id, slug, updated_at)."""
    products = db.session.execute(
        _from(Product.id, Product.slug, Product.updated_at).where(*_visible()).order_by(Product.id)
    ).all()
    producers = db.session.execute(
        select(Producer.id, Producer.slug, Producer.updated_at)
        .where(Producer.is_published.is_(True))
        .order_by(Producer.id)
    ).all()
    return list(products), list(producers)
