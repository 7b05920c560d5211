"""Load, in a few queries, everything an import compares its rows with: no SELECT per row."""

from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.catalogue.models import Category, Certification, Product
from marketplace.core.database import among
from marketplace.extensions import db
from marketplace.geography.models import CommuneRow, ProvinceRow
from marketplace.producers.models import Producer

CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit
PRODUCER_COLUMNS = ("name", "establishment_type", "province_code", "address", "phone", "email", "website")
PRODUCT_COLUMNS = ("name", "name_en", "group_number", "description", "price_vnd", "unit", "min_order_qty")


@dataclass
class ProducerState:
    """A producer as the import sees it: the row object (None while a dry run only pretends to
    create it, or when bulk.py inserted the row: then `id` is set) and its comparable values,
    "commune" being (commune_code, commune_name)."""

    obj: Producer | None
    values: dict[str, object]
    id: int | None = None


@dataclass
class ProductState:
    id: int | None
    status: str
    values: dict[str, object]  # PRODUCT_COLUMNS, and "category" as (group_number, slug) or None
    certificates: list[tuple[str, int | None, str | None]] = field(default_factory=list)  # kind, stars, number


@dataclass
class Places:
    """The province and commune rows new and moved producers point at, loaded once."""

    provinces: dict[str, ProvinceRow]
    communes: dict[str, CommuneRow]


@dataclass
class Snapshot:
    producers: dict[str, ProducerState]  # by tax code
    products: dict[tuple[str, str], ProductState]  # by (tax code, product code)
    categories: dict[tuple[int, str], Category]  # by (group number, slug)
    places: Places
    # Tax code -> its product codes: a batch's checkpoint finds its producers' products without
    # reading every product (which made a 100,000-row import spend seconds on checkpoints).
    codes: dict[str, set[str]] = field(init=False, repr=False)

    def __post_init__(self):
        self.codes = {}
        for tax, code in self.products:
            self.codes.setdefault(tax, set()).add(code)

    def add_product(self, tax_code: str, code: str, state: ProductState) -> None:
        self.products[(tax_code, code)] = state
        self.codes.setdefault(tax_code, set()).add(code)

    def checkpoint(self, tax_codes: set[str]) -> "Checkpoint":
        """Copies of what rows of these producers may change, to undo a batch that failed."""
        producers = {
            tax: ProducerState(state.obj, dict(state.values), state.id) if (state := self.producers.get(tax)) else None
            for tax in tax_codes
        }
        products = {}
        for tax in tax_codes:
            for code in self.codes.get(tax, ()):
                state = self.products[(tax, code)]
                products[(tax, code)] = ProductState(
                    state.id, state.status, dict(state.values), list(state.certificates)
                )
        return Checkpoint(producers, products, set(self.categories))

    def restore(self, checkpoint: "Checkpoint") -> None:
        for tax, state in checkpoint.producers.items():
            if state is None:
                self.producers.pop(tax, None)
            else:
                self.producers[tax] = state
            for code in list(self.codes.get(tax, ())):
                if (tax, code) in checkpoint.products:
                    self.products[(tax, code)] = checkpoint.products[(tax, code)]
                else:
                    del self.products[(tax, code)]
                    self.codes[tax].discard(code)
        for key in set(self.categories) - checkpoint.categories:
            del self.categories[key]


@dataclass
class Checkpoint:
    producers: dict[str, ProducerState | None]
    products: dict[tuple[str, str], ProductState]
    categories: set[tuple[int, str]]


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def producer_values(producer: Producer) -> dict[str, object]:
    values = {name: getattr(producer, name) for name in PRODUCER_COLUMNS}
    values["commune"] = (producer.commune_code, producer.commune_name)
    return values


def load_snapshot(tax_codes: set[str], commune_codes: set[str]) -> Snapshot:
    producers: dict[str, ProducerState] = {}
    for chunk in _chunks(sorted(tax_codes)):
        for producer in db.session.scalars(
            select(Producer).where(among(db.session, Producer.tax_code, chunk))
        ).unique():
            producers[producer.tax_code] = ProducerState(producer, producer_values(producer), producer.id)
    categories = {(c.group_number, c.slug): c for c in db.session.scalars(select(Category))}
    products = _load_products(producers, {c.id: key for key, c in categories.items()})
    return Snapshot(producers, products, categories, _load_places(commune_codes))


def _load_products(producers: dict[str, ProducerState], category_keys: dict) -> dict:
    tax_by_id = {state.obj.id: tax for tax, state in producers.items()}
    products: dict[tuple[str, str], ProductState] = {}
    by_id: dict[int, ProductState] = {}
    columns = [getattr(Product, name) for name in PRODUCT_COLUMNS]
    for chunk in _chunks(sorted(tax_by_id)):
        rows = db.session.execute(
            select(Product.id, Product.producer_id, Product.code, Product.status, Product.category_id, *columns).where(
                among(db.session, Product.producer_id, chunk)
            )
        )
        for row in rows:
            values = {name: getattr(row, name) for name in PRODUCT_COLUMNS}
            values["category"] = category_keys.get(row.category_id)
            state = ProductState(row.id, row.status, values)
            products[(tax_by_id[row.producer_id], row.code)] = by_id[row.id] = state
        certificates = db.session.execute(
            select(Certification.product_id, Certification.kind, Certification.stars, Certification.number)
            .join(Product, Product.id == Certification.product_id)
            .where(among(db.session, Product.producer_id, chunk))
        )
        for row in certificates:
            by_id[row.product_id].certificates.append((row.kind, row.stars, row.number))
    return products


def _load_places(commune_codes: set[str]) -> Places:
    provinces = {row.code: row for row in db.session.scalars(select(ProvinceRow))}
    communes: dict[str, CommuneRow] = {}
    for chunk in _chunks(sorted(commune_codes)):
        rows = db.session.scalars(select(CommuneRow).where(among(db.session, CommuneRow.code, chunk)))
        communes.update((row.code, row) for row in rows)
    return Places(provinces, communes)
