"""Load, in a few queries, everything an import compares its rows with: no SELECT per row."""

from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.catalogue.models import Category, Certification, Product
from marketplace.extensions import db
from marketplace.producers.models import Producer

CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit
PRODUCER_COLUMNS = ("name", "establishment_type", "province_code", "address", "phone", "email", "website")
PRODUCT_COLUMNS = ("name", "name_en", "group_number", "description", "price_vnd", "unit", "min_order_qty")


@dataclass
class ProducerState:
    """A producer as the import sees it: the row object (None while a dry run only pretends to
    create it) and its comparable values, "commune" being (commune_code, commune_name)."""

    obj: Producer | None
    values: dict[str, object]


@dataclass
class ProductState:
    id: int | None
    status: str
    values: dict[str, object]  # PRODUCT_COLUMNS, and "category" as (group_number, slug) or None
    certificates: list[tuple[str, int | None, str | None]] = field(default_factory=list)  # kind, stars, number


@dataclass
class Snapshot:
    producers: dict[str, ProducerState]  # by tax code
    products: dict[tuple[str, str], ProductState]  # by (tax code, product code)
    categories: dict[tuple[int, str], Category]  # by (group number, slug)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def producer_values(producer: Producer) -> dict[str, object]:
    values = {name: getattr(producer, name) for name in PRODUCER_COLUMNS}
    values["commune"] = (producer.commune_code, producer.commune_name)
    return values


def load_snapshot(tax_codes: set[str]) -> Snapshot:
    producers: dict[str, ProducerState] = {}
    for chunk in _chunks(sorted(tax_codes)):
        for producer in db.session.scalars(select(Producer).where(Producer.tax_code.in_(chunk))).unique():
            producers[producer.tax_code] = ProducerState(producer, producer_values(producer))
    categories = {(c.group_number, c.slug): c for c in db.session.scalars(select(Category))}
    category_keys = {c.id: key for key, c in categories.items()}
    tax_by_id = {state.obj.id: tax for tax, state in producers.items()}
    products: dict[tuple[str, str], ProductState] = {}
    by_id: dict[int, ProductState] = {}
    columns = [getattr(Product, name) for name in PRODUCT_COLUMNS]
    for chunk in _chunks(sorted(tax_by_id)):
        rows = db.session.execute(
            select(Product.id, Product.producer_id, Product.code, Product.status, Product.category_id, *columns)
            .where(Product.producer_id.in_(chunk))
        )
        for row in rows:
            values = {name: getattr(row, name) for name in PRODUCT_COLUMNS}
            values["category"] = category_keys.get(row.category_id)
            state = ProductState(row.id, row.status, values)
            products[(tax_by_id[row.producer_id], row.code)] = by_id[row.id] = state
        certificates = db.session.execute(
            select(Certification.product_id, Certification.kind, Certification.stars, Certification.number)
            .join(Product, Product.id == Certification.product_id)
            .where(Product.producer_id.in_(chunk))
        )
        for row in certificates:
            by_id[row.product_id].certificates.append((row.kind, row.stars, row.number))
    return Snapshot(producers, products, categories)
