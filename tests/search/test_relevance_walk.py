"""A broad search by relevance on PostgreSQL takes its candidates from a walk of the relevance index
(search/postgres_walk.py, migration 0025_search_names): the same pages, in the same order, as
reading and sorting every match, which took 75 ms at 1,000,000 products."""

import pytest
from sqlalchemy import text

from marketplace.extensions import db
from marketplace.search import engine, postgres_engine, postgres_walk
from tests.catalogue.import_fixtures import csv_bytes, row
from tests.search.conftest import POSTGRES, make_app
from tests.sql_count import statements

pytestmark = pytest.mark.skipif(not POSTGRES, reason="the PostgreSQL engine needs TEST_DATABASE_URL")

NAMED, DESCRIBED, OTHER = 50, 10, 20


def _rows() -> list[dict]:
    """Baskets named so (their OCOP stars and so their order varied), baskets only described so,
    fish sauce from elsewhere: 80 products of 80 producers."""
    rows = [
        row(n, f"GM{n:02d}", product_name=f"Giỏ mây kiểu {n}", ocop_stars=str(n % 6) if n % 6 > 2 else "")
        for n in range(1, NAMED + 1)
    ]
    rows += [
        row(n, f"HT{n:02d}", product_name=f"Hộp tre {n}", product_name_en="", description="Cùng bộ với giỏ mây.")
        for n in range(NAMED + 1, NAMED + DESCRIBED + 1)
    ]
    rows += [
        row(
            n,
            f"NM{n:02d}",
            producer_name=f"Cơ sở Nước mắm Cửa Hội {n}",
            address="Cửa Hội",
            product_name=f"Nước mắm {n}",
            product_name_en="Fish sauce",
            category="Nước mắm",
            description="Cá cơm ủ chượp.",
        )
        for n in range(NAMED + DESCRIBED + 1, NAMED + DESCRIBED + OTHER + 1)
    ]
    return rows


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A PostgreSQL app whose catalogue came in through the import command, as at national scale."""
    app = make_app(tmp_path_factory, "relevance_walk", "postgres")
    path = tmp_path_factory.mktemp("walk_list") / "list.csv"
    path.write_bytes(csv_bytes(_rows()))
    result = app.test_cli_runner().invoke(args=["import-catalogue", str(path)])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def few_candidates(monkeypatch):
    """Candidates as few as this small catalogue makes worth walking for (500 at national scale)."""
    monkeypatch.setattr(postgres_engine, "CANDIDATES", 6)


WALK = ") AS d WHERE d.names @@"  # in the walk's statement only
EVERY_MATCH = "WITH m AS MATERIALIZED"  # in the statement that reads every match


def _search(query: str, page: int, per_page: int, walk: bool = True):
    """(ids, total, the statements run), the engine's cache bypassed; with `walk` False, as the
    engine searched before it could walk."""
    engine.engine()._cache.clear()
    worth = postgres_walk.worth_walking
    if not walk:
        postgres_walk.worth_walking = lambda *_args: False
    try:
        with statements(with_parameters=True) as seen:
            hits = engine.search_products(query, {}, page, per_page, "relevance", facets=False)
    finally:
        postgres_walk.worth_walking = worth
    return hits.ids, hits.total, seen


def _ran(seen, marker: str) -> bool:
    return any(marker in statement for statement, _parameters in seen)


def test_a_broad_search_walked_is_the_search_that_reads_every_match_page_by_page(imported, few_candidates):
    """Pages 1 to 7 need 6 to 42 candidates of the 50 names matches, which the walk finds; page 8
    needs 48, more than the rule says a walk pays for (matches² > candidates × entries)."""
    with imported.app_context():
        walked_pages = []
        for page in range(1, 9):
            walked, total, seen = _search("gio may", page, 3)
            read, read_total, _ = _search("gio may", page, 3, walk=False)
            assert (walked, total) == (read, read_total)
            walked_pages.append(_ran(seen, WALK) and not _ran(seen, EVERY_MATCH))
        db.session.remove()

    assert total == NAMED + DESCRIBED
    assert walked_pages == [True] * 7 + [False]


def test_a_search_matching_few_names_is_read_the_whole_way_with_the_same_answer(imported, few_candidates):
    """Every product of this catalogue is in Hà Nội, none by its name: the walk finds no names
    match within its length, and the search then reads every match (counted once)."""
    with imported.app_context():
        walked, total, seen = _search("ha noi", 1, 3)
        read, read_total, _ = _search("ha noi", 1, 3, walk=False)
        db.session.remove()

    assert total == read_total == NAMED + DESCRIBED + OTHER
    assert walked == read and len(walked) == 3
    assert _ran(seen, WALK) and _ran(seen, EVERY_MATCH)
    assert not _ran(seen, "SELECT 'total'")  # the matches counted before the walk are not counted again


def test_after_the_import_the_walk_reads_the_relevance_index_alone(imported, few_candidates):
    """The import command leaves the entries vacuumed: the walk's index-only scan visits no entry."""
    with imported.app_context():
        _ids, _total, seen = _search("gio may", 1, 3)
        statement, parameters = next((s, p) for s, p in seen if WALK in s)
        cursor = db.session.connection().connection.cursor()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        visible, pages = db.session.execute(
            text("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'search_documents'")
        ).one()
        db.session.remove()

    assert "Index Only Scan using ix_search_documents_relevance" in plan, plan
    assert "Heap Fetches: 0" in plan, plan
    assert visible == pages > 0
