"""What an import writes: producers and products in full, published; dry runs and re-imports that
change nothing; updates that change only what changed; a row the database refuses, rejected alone."""

from datetime import timedelta

from sqlalchemy import func, select, update

from marketplace.catalogue.imports.apply import Applier
from marketplace.catalogue.imports.preload import load_snapshot
from marketplace.catalogue.imports.reader import read_table
from marketplace.catalogue.imports.report import ImportReport
from marketplace.catalogue.imports.rows import plan_row, reconcile
from marketplace.catalogue.models import Category, Certification, Product
from marketplace.catalogue.services import add_certification, archive_product, unpublish_product
from marketplace.core.audit import AuditEvent
from marketplace.core.models import utcnow
from marketplace.core.text import fold
from marketplace.producers.models import Producer, ProducerMember
from marketplace.search.documents import load_documents
from tests.catalogue.import_fixtures import (
    csv_bytes,
    imported,
    outcome,
    producer_with,
    product_of,
    rejection,
    row,
    tax_code,
)

TABLES = (Producer, Product, Category, Certification, AuditEvent)


def search_text_of(db, product) -> str:
    [[document]] = load_documents(db.session, [product.id])
    return document.text


def counts(db) -> dict:
    return {table.__name__: db.session.scalar(select(func.count()).select_from(table)) for table in TABLES}


def a_list() -> bytes:
    """Two producers, three products, one bad row."""
    return csv_bytes(
        [
            row(1, "A"),
            row(
                1,
                "B",
                product_group="2",
                category="Bánh kẹo",
                certifications="HACCP; ATTP",
                ocop_stars="",
                price_vnd="Liên hệ",
            ),
            row(2, "A", province="Bến Tre", commune="Xã An Bình", establishment_type="household"),
            row(3, "A", price_vnd="năm chục"),
        ]
    )


def test_a_new_producer_and_product_are_created_with_every_column_and_published(db, make_user):
    organiser = make_user("organiser")
    report = imported(db, a_list(), actor=organiser)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 1)
    assert (report.producers_created, report.producers_updated) == (2, 0)
    producer = producer_with(db, tax_code(1))
    assert (producer.name, producer.establishment_type, producer.province_code, producer.commune_code) == (
        "HTX Mây tre đan Phú Vinh 1",
        "cooperative",
        "01",
        "10030",
    )
    assert (producer.address, producer.phone, producer.email, producer.website) == (
        "Thôn Phú Vinh",
        "0912 345 678",
        "htx1@example.vn",
        "https://phuvinh.example.vn",
    )
    assert producer.created_by_id == organiser.id and producer.slug == "htx-may-tre-dan-phu-vinh-1"
    product = product_of(db, tax_code(1), "A")
    assert (product.name, product.name_en, product.group_number, product.category.name) == (
        "Giỏ mây A",
        "Rattan basket A",
        1,
        "Mây tre đan",
    )
    assert (product.description, product.price_vnd, product.unit, product.min_order_qty) == (
        "Đan tay từ mây rừng.",
        150_000,
        "chiếc",
        10,
    )
    assert (product.status, product.ocop_stars) == ("published", 4) and product.published_at is not None
    assert sorted((c.kind, c.stars) for c in product.certifications) == [("ocop", 4), ("vietgap", None)]
    text = fold(search_text_of(db, product))  # what the search engines index
    assert "gio may a" in text and "ha noi" in text and "phu nghia" in text
    on_request = product_of(db, tax_code(1), "B")
    assert (on_request.price_vnd, on_request.group_number, on_request.category.name) == (None, 2, "Bánh kẹo")
    assert sorted(c.kind for c in on_request.certifications) == ["food_safety", "haccp"]
    assert producer_with(db, tax_code(3)) is None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "producer_created")).all()
    second = producer_with(db, tax_code(2))
    assert {event.subject for event in events} == {f"producer:{producer.id}", f"producer:{second.id}"}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "catalogue_imported")).detail["created"] == 3


def test_a_dry_run_reports_what_a_real_run_does_and_changes_nothing(db):
    before = counts(db)
    dry = imported(db, a_list(), dry_run=True)

    assert counts(db) == before
    assert dry.dry_run
    real = imported(db, a_list())
    assert dry.counts() == real.counts()
    assert [line.as_dict() for line in dry.lines] == [line.as_dict() for line in real.lines]


def test_importing_the_same_file_again_changes_nothing(db):
    imported(db, a_list())
    db.session.execute(update(Product).values(updated_at=utcnow() - timedelta(days=1)))
    db.session.execute(update(Producer).values(updated_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    before = counts(db)
    stamps = dict(db.session.execute(select(Product.id, Product.updated_at)).all())

    again = imported(db, a_list())

    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 1)
    assert (again.producers_created, again.producers_updated) == (0, 0)
    after = counts(db)
    assert after["AuditEvent"] == before["AuditEvent"] + 1  # only the import itself is recorded
    assert {k: v for k, v in after.items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"
    }
    db.session.expire_all()
    assert dict(db.session.execute(select(Product.id, Product.updated_at)).all()) == stamps


def test_an_update_changes_only_what_changed(db):
    imported(db, csv_bytes([row(1, "A"), row(1, "B")]))
    untouched = product_of(db, tax_code(1), "B")
    untouched_stamp = untouched.updated_at

    report = imported(
        db,
        csv_bytes(
            [
                row(1, "A", price_vnd="175.000", address="Thôn Phú Vinh, Phú Nghĩa"),
                row(1, "B", address="Thôn Phú Vinh, Phú Nghĩa"),
            ]
        ),
    )

    assert outcome(report, 2) == [("updated", "")]
    assert next(line.reason for line in report.lines if line.row == 2) == "address, price_vnd"
    assert outcome(report, 3) == [("unchanged", "")]
    assert (report.updated, report.unchanged, report.producers_updated) == (1, 1, 1)
    db.session.expire_all()
    assert product_of(db, tax_code(1), "A").price_vnd == 175_000
    assert product_of(db, tax_code(1), "B").updated_at == untouched_stamp
    producer = producer_with(db, tax_code(1))
    assert (producer.address, producer.phone, producer.province_code) == (
        "Thôn Phú Vinh, Phú Nghĩa",
        "0912 345 678",
        "01",
    )


def test_an_empty_cell_never_erases_and_a_written_price_on_request_does(db):
    imported(db, csv_bytes([row(1, "A")]))

    imported(db, csv_bytes([row(1, "A", description="", price_vnd="", unit="", phone="", ocop_stars="")]))
    product = product_of(db, tax_code(1), "A")
    assert (product.description, product.price_vnd, product.unit, product.ocop_stars) == (
        "Đan tay từ mây rừng.",
        150_000,
        "chiếc",
        4,
    )
    assert producer_with(db, tax_code(1)).phone == "0912 345 678"

    imported(db, csv_bytes([row(1, "A", price_vnd="Thỏa thuận")]))
    assert product_of(db, tax_code(1), "A").price_vnd is None


def test_a_producers_spelling_of_its_phone_or_name_is_kept_when_the_file_says_the_same(db):
    imported(db, csv_bytes([row(1, "A")]))
    producer = producer_with(db, tax_code(1))
    producer.phone, producer.name = "0912.345.678", "HTX MÂY TRE ĐAN PHÚ VINH 1"
    db.session.commit()

    report = imported(db, csv_bytes([row(1, "A")]))

    assert (report.unchanged, report.producers_updated) == (1, 0)
    assert producer_with(db, tax_code(1)).phone == "0912.345.678"


def test_a_producer_moved_to_another_province_drops_the_old_commune_and_its_products_follow(db):
    imported(db, csv_bytes([row(1, "A"), row(1, "B")]))

    report = imported(db, csv_bytes([row(1, "A", province="Thanh Hóa", commune="")]))

    assert report.producers_updated == 1
    producer = producer_with(db, tax_code(1))
    assert (producer.province_code, producer.commune_code, producer.commune_name) == ("38", None, None)
    other = product_of(db, tax_code(1), "B")  # not in the second file, yet found under its new place
    text = fold(search_text_of(db, other))  # what the search engines index
    assert "thanh hoa" in text and "ha noi" not in text


def test_producers_are_matched_by_tax_code_and_products_by_producer_and_code(db):
    imported(db, csv_bytes([row(1, "A"), row(2, "A")]))
    spaced = tax_code(1)[:4] + " " + tax_code(1)[4:7] + " " + tax_code(1)[7:]

    report = imported(db, csv_bytes([row(1, "A", tax_code=spaced, product_name="Giỏ mây mới")]))

    assert (report.created, report.updated, report.producers_created) == (0, 1, 0)
    assert product_of(db, tax_code(1), "A").name == "Giỏ mây mới"
    assert product_of(db, tax_code(2), "A").name == "Giỏ mây A"
    assert db.session.scalar(select(func.count()).select_from(Producer)) == 2


def test_a_draft_is_published_again_and_an_archived_product_stays_archived_with_a_warning(db):
    imported(db, csv_bytes([row(1, "A"), row(1, "B")]))
    unpublish_product(product_of(db, tax_code(1), "A"))
    archive_product(product_of(db, tax_code(1), "B"))
    db.session.commit()

    report = imported(db, csv_bytes([row(1, "A"), row(1, "B")]))

    assert outcome(report, 2) == [("updated", "")]
    assert outcome(report, 3) == [("unchanged", ""), ("warning", "product_archived")]
    assert product_of(db, tax_code(1), "A").status == "published"
    assert product_of(db, tax_code(1), "B").status == "archived"


def test_certificates_are_added_never_removed_and_a_numbered_ocop_certificate_is_kept(db):
    imported(db, csv_bytes([row(1, "A", ocop_stars="3")]))
    product = product_of(db, tax_code(1), "A")
    add_certification(product, "ocop", granted=True, stars=5, number="OCOP-2025-17")  # entered by staff
    db.session.commit()

    report = imported(db, csv_bytes([row(1, "A", ocop_stars="4", certifications="HACCP")]))
    assert next(line.reason for line in report.lines if line.row == 2) == "haccp, ocop_stars"
    again = imported(db, csv_bytes([row(1, "A", ocop_stars="4", certifications="HACCP")]))

    assert again.unchanged == 1
    product = product_of(db, tax_code(1), "A")
    assert sorted((c.kind, c.stars, c.number) for c in product.certifications) == [
        ("haccp", None, None),
        ("ocop", 4, None),
        ("ocop", 5, "OCOP-2025-17"),
        ("vietgap", None, None),
    ]
    assert product.ocop_stars == 5


def test_the_centre_s_import_counts_as_staff_granted_even_over_a_self_declared_rating(db):
    imported(db, csv_bytes([row(1, "A", ocop_stars="0")]))
    product = product_of(db, tax_code(1), "A")
    add_certification(product, "ocop", stars=5)  # the producer's own claim, without a number
    db.session.commit()
    assert product.ocop_stars == 0

    imported(db, csv_bytes([row(1, "A", ocop_stars="3")]))

    product = product_of(db, tax_code(1), "A")
    assert [(c.stars, c.verified) for c in product.certifications if c.kind == "ocop"] == [(3, True)]
    assert all(c.verified for c in product.certifications)
    assert product.ocop_stars == 3


def test_a_row_the_database_refuses_is_rejected_alone_and_the_rest_of_its_batch_is_applied(db):
    """The snapshot says tax code 2 is new; someone created it meanwhile, so the batch's flush fails
    on the unique tax code and the rows are applied one by one."""
    table = read_table(csv_bytes([row(1, "A"), row(2, "A"), row(3, "A")]))
    results = reconcile([plan_row(number, cells) for number, cells in table.rows])
    snapshot = load_snapshot({tax_code(n) for n in (1, 2, 3)}, {"10030"})
    db.session.add(
        Producer(
            name="Cơ sở khác",
            slug="co-so-khac",
            establishment_type="household",
            province_code="38",
            tax_code=tax_code(2),
        )
    )
    db.session.flush()
    report = ImportReport(total_rows=3)

    Applier(snapshot, report).apply(results)
    db.session.commit()

    assert rejection(report, 3) == "not_saved"
    assert (report.created, report.rejected, report.producers_created) == (2, 1, 2)
    assert product_of(db, tax_code(1), "A") is not None and product_of(db, tax_code(3), "A") is not None
    assert product_of(db, tax_code(2), "A") is None
    assert producer_with(db, tax_code(2)).name == "Cơ sở khác"


def test_a_long_list_is_applied_in_several_batches_with_progress(db):
    rows = [row(n // 4 + 1, f"P{n}") for n in range(1200)]
    seen = []

    report = imported_with_progress(db, csv_bytes(rows), seen)

    assert (report.created, report.rejected, report.producers_created) == (1200, 0, 300)
    assert seen == [0, 500, 1000, 1200]  # rows counted first, then after every batch
    assert db.session.scalar(select(func.count()).select_from(Product)) >= 1200


def imported_with_progress(db, data: bytes, seen: list):
    from marketplace.catalogue.imports.importer import run_import

    report = run_import(data, on_progress=lambda progress: seen.append(progress.processed_rows))
    db.session.commit()
    return report


def test_an_existing_producer_account_with_the_listed_email_is_linked_to_the_imported_producer(db, make_user):
    """The claim the account would have made had the list come first; only a confirmed producer account."""
    owner = make_user("producer", email="htx1@example.vn")
    make_user("producer", email="htx2@example.vn", verified=False)
    make_user("buyer", email="htx3@example.vn")

    imported(db, csv_bytes([row(1), row(2), row(3)]))

    members = db.session.execute(select(ProducerMember.producer_id, ProducerMember.user_id, ProducerMember.how)).all()
    assert members == [(producer_with(db, tax_code(1)).id, owner.id, "claimed")]
