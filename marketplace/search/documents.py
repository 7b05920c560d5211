"""What the index holds for a product, read from the database in batches (the source of truth)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.catalogue.models import GRANTED_KINDS, PUBLISHED, Category, Certification, Product
from marketplace.core.database import among
from marketplace.geography.models import CommuneRow, ProvinceRow
from marketplace.producers.models import Producer

NO_EXPIRY = date.max.toordinal()
# Words a certificate is found by, besides its kind: what buyers type for it.
CERTIFICATE_WORDS = {
    "vietgap": "VietGAP",
    "haccp": "HACCP",
    "iso22000": "ISO 22000 ISO22000",
    "food_safety": "ATTP an toàn thực phẩm food safety",
    "self_declaration": "tự công bố self-declaration",
    "ocop": "OCOP",
    "cnnt_standout": "sản phẩm công nghiệp nông thôn tiêu biểu CNNT standout",
    "other": "",
}
BATCH = 2000


@dataclass
class SearchDocument:
    product_id: int
    code: str
    names: str  # Vietnamese and English names
    exact: str  # names, category, producer and place, accents kept
    text: str  # every searchable word
    group: int
    province: str
    category_id: int
    ocop: int
    price: int | None
    published: float  # timestamp, for "newest"
    certificates: dict[str, int] = field(default_factory=dict)  # kind -> last valid day (ordinal)


def _rows(session, product_ids: list[int]):
    commune = aliased(CommuneRow)
    statement = (
        select(
            Product.id,
            Product.code,
            Product.name,
            Product.name_en,
            Product.description,
            Product.description_en,
            Product.group_number,
            Product.category_id,
            Product.ocop_stars,
            Product.price_vnd,
            Product.published_at,
            Product.created_at,
            Product.producer_id,
            Category.name,
            Category.name_en,
            Producer.name,
            Producer.craft_village_name,
            Producer.commune_name,
            Producer.province_code,
            ProvinceRow.name,
            commune.name,
        )
        .join(Producer, Producer.id == Product.producer_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .outerjoin(ProvinceRow, ProvinceRow.code == Producer.province_code)
        .outerjoin(commune, commune.code == Producer.commune_code)
        .where(Product.status == PUBLISHED, Producer.is_published.is_(True))
        .where(among(session, Product.id, product_ids))
    )
    return statement


def _certificates(session, product_ids: list[int], producer_ids: set[int]) -> dict:
    """(holder kind, id) -> {certificate kind: last valid day}, for products and their producers.
    A self-declared OCOP rating or standout title is neither found, filtered on nor ranked by."""
    columns = (Certification.product_id, Certification.producer_id, Certification.kind, Certification.valid_until)
    counted = or_(Certification.verified.is_(True), Certification.kind.not_in(GRANTED_KINDS))
    # Two statements, each on its own index (with the two lists OR-ed, PostgreSQL read the table).
    # In the order they were given: the document lists the kinds in it, as postgres_documents does.
    rows = [
        *session.execute(
            select(*columns)
            .where(among(session, Certification.product_id, product_ids), counted)
            .order_by(Certification.id)
        ),
        *session.execute(
            select(*columns)
            .where(among(session, Certification.producer_id, producer_ids), counted)
            .order_by(Certification.id)
        ),
    ]
    held: dict = {}
    for product_id, producer_id, kind, valid_until in rows:
        key = ("product", product_id) if product_id is not None else ("producer", producer_id)
        until = valid_until.toordinal() if valid_until else NO_EXPIRY
        kinds = held.setdefault(key, {})
        kinds[kind] = max(kinds.get(kind, 0), until)
    return held


def _document(row, held: dict) -> SearchDocument:
    (
        pid,
        code,
        name,
        name_en,
        description,
        description_en,
        group,
        category_id,
        ocop,
        price,
        published_at,
        created_at,
        producer_id,
        category,
        category_en,
        producer,
        village,
        commune_name,
        province_code,
        province,
        commune,
    ) = row
    certificates = dict(held.get(("producer", producer_id), {}))
    for kind, until in held.get(("product", pid), {}).items():
        certificates[kind] = max(certificates.get(kind, 0), until)
    group_info = GROUPS_BY_NUMBER.get(group)
    names = " ".join(p for p in (name, name_en) if p)
    places = " ".join(p for p in (village, commune or commune_name, province) if p)
    exact = " ".join(p for p in (names, category, producer, places) if p)
    text = " ".join(
        p
        for p in (
            code,
            names,
            description,
            description_en,
            category,
            category_en,
            group_info.name_vi if group_info else "",
            producer,
            places,
            *(f"{kind} {CERTIFICATE_WORDS.get(kind, '')}" for kind in certificates),
        )
        if p
    )
    when = published_at or created_at
    return SearchDocument(
        pid,
        code or "",
        names,
        exact,
        text,
        group,
        province_code or "",
        category_id or 0,
        ocop or 0,
        price,
        when.timestamp() if when else 0.0,
        certificates,
    )


def load_documents(session, product_ids: Iterable[int] | None = None, batch: int = BATCH) -> Iterator[list]:
    """Batches of SearchDocument for the given products (all when None) that the public may see.

    A product that is missing, unpublished or whose producer is hidden yields nothing: the
    caller removes it from the index.
    """
    for rows, held in load_rows(session, product_ids, batch):
        yield documents_of(rows, held)


def load_rows(session, product_ids: Iterable[int] | None = None, batch: int = BATCH) -> Iterator[tuple]:
    """(rows, certificates held) per batch: what documents_of() turns into documents, as plain
    tuples and dicts that another process can be sent (the index's writer process builds them)."""
    ids = all_searchable_ids(session) if product_ids is None else sorted(set(product_ids))
    for start in range(0, len(ids), batch):
        rows = [tuple(row) for row in session.execute(_rows(session, ids[start : start + batch]))]
        if rows:
            yield rows, _certificates(session, [row[0] for row in rows], {row[12] for row in rows})


def documents_of(rows: list, held: dict) -> list[SearchDocument]:
    return [_document(row, held) for row in rows]


def all_searchable_ids(session) -> list[int]:
    return list(
        session.scalars(
            select(Product.id)
            .join(Producer, Producer.id == Product.producer_id)
            .where(Product.status == PUBLISHED, Producer.is_published.is_(True))
            .order_by(Product.id)
        )
    )


def product_ids_of(session, producer_ids: set[int] = frozenset(), category_ids: set[int] = frozenset()) -> set:
    """Every product of these producers or categories (published or not: the index must follow)."""
    if not producer_ids and not category_ids:
        return set()
    conditions = []
    if producer_ids:
        conditions.append(Product.producer_id.in_(producer_ids))
    if category_ids:
        conditions.append(Product.category_id.in_(category_ids))
    return set(session.scalars(select(Product.id).where(or_(*conditions))))


def valid_kinds(document: SearchDocument, today: int) -> list[str]:
    return [kind for kind, until in document.certificates.items() if until >= today]
