"""The batched write path of an import: rows inserted in bulk (new producers and their products)
are what the ORM path writes; a producer inserted in bulk can be changed by a later batch; after
the command the products are searchable and the loaded tables analysed, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select, text

from marketplace.catalogue.imports.importer import run_import
from marketplace.catalogue.models import Certification, Product
from marketplace.catalogue.services import refresh_ocop_stars
from marketplace.core.audit import AuditEvent
from marketplace.core.text import fold
from marketplace.producers.models import Producer
from marketplace.search.documents import load_documents
from tests.catalogue.import_fixtures import csv_bytes, imported, producer_with, product_of, row, tax_code

COMPARED = (
    "group_number",
    "category_id",
    "description",
    "price_vnd",
    "unit",
    "min_order_qty",
    "ocop_stars",
    "status",
    "is_product_set",
    "description_en",
)


def derived(product: Product) -> int:
    """The OCOP stars the services would compute for the product as it now stands."""
    before = product.ocop_stars
    refresh_ocop_stars(product)
    after, product.ocop_stars = product.ocop_stars, before
    return after


def search_words(db, product: Product) -> list[str]:
    [[document]] = load_documents(db.session, [product.id])
    return fold(document.text).split()


def test_a_product_inserted_in_bulk_is_what_the_orm_path_writes(db):
    # A and B: a new producer, so multi-row INSERTs; C, in a second file: a new product of a
    # producer that now exists, written through the ORM.
    imported(
        db,
        csv_bytes(
            [row(1, "A", certifications="VietGAP; OCOP", ocop_stars="4"), row(1, "B", certifications="", ocop_stars="")]
        ),
    )
    imported(db, csv_bytes([row(1, "C", certifications="VietGAP; OCOP", ocop_stars="4")]))
    db.session.expire_all()
    bulk, orm = product_of(db, tax_code(1), "A"), product_of(db, tax_code(1), "C")

    assert {name: getattr(bulk, name) for name in COMPARED} == {name: getattr(orm, name) for name in COMPARED}
    assert bulk.status == "published" and bulk.published_at is not None and bulk.slug == "gio-may-a"
    assert derived(bulk) == bulk.ocop_stars == 4
    assert ["c" if word == "a" else word for word in search_words(db, bulk)] == search_words(db, orm)
    assert sorted((c.kind, c.stars) for c in bulk.certifications) == [("ocop", 4), ("vietgap", None)]
    assert sorted((c.kind, c.stars) for c in orm.certifications) == [("ocop", 4), ("vietgap", None)]
    plain = product_of(db, tax_code(1), "B")
    assert derived(plain) == plain.ocop_stars == 0 and plain.certifications == []


def test_a_producer_inserted_in_bulk_is_complete_and_recorded_once(db, make_user):
    user = make_user(role="producer", email="htx1@example.vn")
    imported(db, csv_bytes([row(1, "A"), row(2, "A", commune="Xã Không Có")]))
    db.session.expire_all()
    producer = producer_with(db, tax_code(1))

    assert (producer.name, producer.slug, producer.establishment_type, producer.province_code) == (
        "HTX Mây tre đan Phú Vinh 1",
        "htx-may-tre-dan-phu-vinh-1",
        "cooperative",
        "01",
    )
    assert (producer.phone, producer.email, producer.website, producer.is_published) == (
        "0912 345 678",
        "htx1@example.vn",
        "https://phuvinh.example.vn",
        True,
    )
    assert producer.commune_code is not None and producer.commune_name is None
    assert producer_with(db, tax_code(2)).commune_name == "Xã Không Có"
    assert [m.user_id for m in producer.members] == [user.id]
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject == f"producer:{producer.id}", AuditEvent.action == "producer_created"
        )
    ).all()
    assert [e.detail for e in events] == [{"via": "import"}]


def test_a_later_batch_changes_a_producer_an_earlier_batch_inserted(db):
    data = csv_bytes(
        [
            row(1, "A", email="", website=""),
            row(1, "B", email="", website=""),
            row(1, "C", email="htx1@example.vn", website=""),
        ]
    )
    report = run_import(data, progress_every=1)  # one row per batch: C's change goes through the ORM
    db.session.commit()
    db.session.expire_all()

    assert (report.created, report.producers_created, report.rejected) == (3, 1, 0)
    producer = producer_with(db, tax_code(1))
    assert producer.email == "htx1@example.vn"
    assert db.session.scalar(select(func.count()).select_from(Producer).where(Producer.tax_code == tax_code(1))) == 1
    for code in "ABC":
        product = product_of(db, tax_code(1), code)
        assert derived(product) == product.ocop_stars


def test_a_rejected_row_of_a_bulk_batch_writes_nothing(db):
    before = db.session.scalar(select(func.count()).select_from(Certification))
    report = imported(db, csv_bytes([row(1, "A"), row(2, "A", price_vnd="abc"), row(3, "A")]))

    assert (report.created, report.rejected) == (2, 1)
    assert producer_with(db, tax_code(2)) is None
    assert db.session.scalar(select(func.count()).select_from(Certification)) == before + 4  # VietGAP, OCOP
    again = imported(db, csv_bytes([row(1, "A"), row(2, "A", price_vnd="abc"), row(3, "A")]))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 1)


def test_the_command_ends_with_its_products_searchable_and_its_tables_analysed(app, db, client, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(n, "A", product_name=f"Khảm trai Chuyên Mỹ {n}") for n in range(1, 31)]))

    result = app.test_cli_runner().invoke(args=["import-catalogue", str(path)])

    assert result.exit_code == 0, result.output
    found = client.get("/api/v1/products?q=kham%20trai%20chuyen%20my&per_page=100").get_json()
    assert found["total"] == 30
    assert {item["name"] for item in found["items"]} == {f"Khảm trai Chuyên Mỹ {n}" for n in range(1, 31)}
    products = db.session.scalar(select(func.count()).select_from(Product))
    assert analysed_rows(db, "products") == products


def analysed_rows(db, table: str) -> int:
    """Rows the planner's statistics say the table holds, as its last ANALYZE counted them."""
    if db.engine.dialect.name == "postgresql":
        return round(db.session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}))
    try:
        stats = db.session.scalars(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}).all()
    except Exception:  # no sqlite_stat1 table: nothing was ever analysed
        pytest.fail("no ANALYZE ran")
    return int(stats[0].split()[0]) if stats else -1
