"""The PostgreSQL entries the server builds from the tables are the documents documents.py builds in
Python, and an import leaves the entries `search reindex` would: same rows, same typo words, nothing
when it is rolled back, replaced when it changes products."""

from datetime import date

import pytest
from sqlalchemy import text

from marketplace.catalogue.models import Certification, Product
from marketplace.extensions import db
from marketplace.producers.models import Producer
from marketplace.search import postgres_documents
from marketplace.search.documents import load_documents
from tests import factories
from tests.catalogue.import_fixtures import csv_bytes, row
from tests.search.conftest import POSTGRES, make_app

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs TEST_DATABASE_URL=postgresql+psycopg://...")

# What the engine wrote before it built entries on the server: the same expressions, over the texts
# documents.py builds in Python.
FROM_PYTHON = text("""
    SELECT strip(to_tsvector('simple', unaccent(lower(:names)))),
        setweight(to_tsvector('simple', unaccent(lower(:names))), 'A')
        || setweight(to_tsvector('simple', unaccent(lower(:exact))), 'B')
        || setweight(to_tsvector('simple', unaccent(lower(:body))), 'C'),
        strip(to_tsvector('simple', lower(:exact)))
""")
ENTRY = text("""
    SELECT names, document, exact, code, group_number, province_code, category_id, ocop, price, published,
        cert_kinds, cert_until
    FROM search_documents WHERE product_id = :id
""")
EVERYTHING = "SELECT * FROM search_documents ORDER BY product_id"


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    app = make_app(tmp_path_factory, "pgdocs", "postgres")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["one statement", "staged"])
def write_path(request, monkeypatch):
    """Both ways the engine writes entries: one INSERT for a few products, or built into a
    temporary table first (by parallel workers) for many; both must give the same entries."""
    if request.param == "staged":
        monkeypatch.setattr(postgres_documents, "STAGE_FROM", 1)
    return request.param


def _certificate(holder, kind, *, verified=True, until=None) -> None:
    owner = {"producer_id": holder.id} if isinstance(holder, Producer) else {"product_id": holder.id}
    db.session.add(Certification(kind=kind, verified=verified, valid_until=until, **owner))


def _expected(document) -> tuple:
    vectors = db.session.execute(
        FROM_PYTHON, {"names": document.names, "exact": document.exact, "body": document.text}
    ).one()
    return (
        *vectors,
        document.code,
        document.group,
        document.province,
        document.category_id,
        document.ocop,
        document.price,
        document.published,
        list(document.certificates),
        list(document.certificates.values()),
    )


def test_the_entries_the_server_builds_are_the_python_documents(pg, write_path):
    with pg.app_context():
        maker = factories.producer(name="Làng gốm Bát Tràng")
        maker.craft_village_name, maker.commune_name = "Làng nghề Bát Tràng", "Xã Bát Tràng"
        _certificate(maker, "vietgap", until=date(2030, 1, 1))
        _certificate(maker, "haccp", until=date(2020, 1, 1))  # expired: still listed, with its day
        _certificate(maker, "ocop", verified=False)  # self-declared: not counted
        full = factories.product(maker, name="Bình hút lộc men lam", name_en="Blue glaze vase", code="BT-01")
        full.description, full.description_en, full.price_vnd = "Men lam vẽ tay.", "Hand painted.", None
        plain = factories.product(maker, name="Chén tống", name_en="")
        draft = factories.product(maker, name="Chưa đăng", published=False)
        hidden = factories.product(factories.producer(), name="Cơ sở ẩn")
        hidden.producer.is_published = False
        db.session.flush()
        _certificate(full, "vietgap", until=date(2035, 6, 30))  # also the producer's: the later day wins
        _certificate(full, "ocop")
        _certificate(full, "other")
        _certificate(full, "iso22000", verified=False)  # not a granted kind: counted unverified
        db.session.commit()

        documents = {d.product_id: d for batch in load_documents(db.session, [full.id, plain.id]) for d in batch}
        assert list(documents[full.id].certificates) == ["vietgap", "haccp", "ocop", "other", "iso22000"]
        for product_id, document in documents.items():
            assert tuple(db.session.execute(ENTRY, {"id": product_id}).one()) == _expected(document)
        assert db.session.execute(ENTRY, {"id": draft.id}).first() is None
        assert db.session.execute(ENTRY, {"id": hidden.id}).first() is None


def _import(app, tmp_path, rows: list, *options: str):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(rows))
    result = app.test_cli_runner().invoke(args=["import-catalogue", str(path), *options])
    assert result.exit_code == 0, result.output


def _index(app) -> tuple[list, list]:
    with app.app_context():
        entries = [tuple(r) for r in db.session.execute(text(EVERYTHING))]
        words = db.session.scalars(text("SELECT word FROM search_words ORDER BY word")).all()
        db.session.remove()
        return entries, words


def _reindex(app) -> None:
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output


def test_an_import_leaves_the_entries_a_reindex_builds_and_replaces_those_it_changes(pg, tmp_path, monkeypatch):
    """The import writes its entries staged (as a large one does), the reindex in one statement
    each: the two ways must leave the same entries and words."""
    monkeypatch.setattr(postgres_documents, "BATCH", 4)  # several statements, as a large import makes
    rows = [row(n, f"R{k}", product_name=f"Nón lá Chuông {n} {k}") for n in range(1, 8) for k in range(3)]
    rows[4]["certifications"], rows[5]["ocop_stars"] = "VietGAP; HACCP", ""
    monkeypatch.setattr(postgres_documents, "STAGE_FROM", 1)
    _import(pg, tmp_path, rows)
    imported = _index(pg)
    monkeypatch.setattr(postgres_documents, "STAGE_FROM", 5)
    _reindex(pg)

    assert len(imported[0]) >= 21
    assert _index(pg) == imported

    rows[0]["product_name"] = "Nón bài thơ Huế"  # an update: the entry follows it
    monkeypatch.setattr(postgres_documents, "STAGE_FROM", 1)
    _import(pg, tmp_path, rows)
    updated = _index(pg)
    monkeypatch.setattr(postgres_documents, "STAGE_FROM", 5)
    _reindex(pg)

    assert updated != imported
    assert _index(pg) == updated
    with pg.app_context():
        ids = db.session.scalars(text("SELECT product_id FROM search_documents WHERE document @@ 'tho'")).all()
        assert [db.session.get(Product, i).name for i in ids] == ["Nón bài thơ Huế"]


def test_a_dry_run_or_a_rolled_back_import_leaves_no_entry(pg, tmp_path):
    from marketplace.catalogue.imports.importer import run_import

    before = _index(pg)
    _import(pg, tmp_path, [row(n, "D", product_name=f"Đèn kéo quân {n}") for n in range(40, 45)], "--dry-run")
    assert _index(pg) == before

    with pg.app_context():
        rows = [row(n, f"X{k}", product_name=f"Tò he Xuân La {n}") for n in range(50, 60) for k in range(60)]
        report = run_import(csv_bytes(rows))
        assert report.created == 600
        db.session.rollback()
        db.session.remove()
    assert _index(pg) == before


def test_an_import_writes_the_entries_of_one_category_and_name_next_to_each_other(pg, tmp_path, write_path):
    """A search reads the page of every entry it finds: entries written in the list's order (here
    baskets and sweets alternating, as an organiser's list by commune would be) would put the
    matches of one product word on as many pages as there are matches."""
    names = ("Kẹo dừa", "Giỏ mây", "Bánh pía", "Giỏ tre")
    rows = [
        row(
            n,
            "L",
            product_name=f"{names[n % 4]} {n}",
            **({} if n % 2 else {"product_group": "2", "category": "Bánh kẹo"}),
        )
        for n in range(200, 216)
    ]
    _import(pg, tmp_path, rows)

    with pg.app_context():
        stored = db.session.execute(
            text(
                "SELECT c.name, p.name FROM search_documents d JOIN products p ON p.id = d.product_id"
                " JOIN categories c ON c.id = p.category_id WHERE p.name ~ ' 2[01][0-9]$' ORDER BY d.ctid"
            )
        ).all()
        db.session.remove()

    assert len(stored) == 16
    categories = [category for category, _name in stored]
    stems = [" ".join(name.split()[:2]) for _category, name in stored]
    assert len(_runs(categories)) == len(set(categories)) == 2  # each category in one run
    assert len(_runs(stems)) == len(set(stems)) == 4  # and each name


def _runs(values: list) -> list:
    """The values with consecutive repeats collapsed: each value once when equal ones are adjacent."""
    return [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]
