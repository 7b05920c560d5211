"""A catalogue page without words (/products, its later pages, one filter, any sort) reads its page
along the order's index and takes its total from the catalogue counts (migration
0024_listing_orders): at a million products, counting or sorting every entry took seconds."""

from contextlib import contextmanager

import pytest

from marketplace.catalogue.queries import PRICE_BANDS, clean_filters
from marketplace.extensions import db
from marketplace.search import engine
from marketplace.search.postgres_engine import PostgresEngine
from marketplace.search.results import SORTS, Request
from tests.sql_count import statements

ONE_FILTER = [
    {},
    {"province": "01"},
    {"group": 2},
    {"ocop_min": 3},
    {"cert": "vietgap"},
    {"price_min": 100_000, "price_max": 499_999},
]


def _ids(app, filters, sort, page, per_page, **options):
    with app.app_context():
        cleaned, _ = clean_filters(filters)
        hits = engine.search_products("", cleaned, page, per_page, sort, **options)
        db.session.remove()
    return hits


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", ONE_FILTER)
def test_a_listing_read_page_by_page_is_the_counted_listing_in_the_same_order(judged, filters, sort):
    """Each page the uncounted way (ids only, the total from the counts) is the same slice of the
    same order as the whole listing counted by the engine, and the pages together hold every
    product once."""
    app, _codes = judged
    with app.app_context():
        cleaned, _ = clean_filters(filters)
        everything = engine.engine().search(Request((), None, cleaned, 1, 100, sort, ()))
        db.session.remove()
    assert everything.total == len(everything.ids) > 0

    pages, per_page = [], 3
    for page in range(1, everything.total // per_page + 3):
        hits = _ids(app, filters, sort, page, per_page, facets=False)
        assert hits.total == everything.total  # from the counts, not counted here
        pages.append(hits.ids)
    assert [i for page in pages for i in page] == everything.ids
    assert pages[-1] == []  # past the end: an empty page, not an error


@contextmanager
def _statements(app):
    """(statement, parameters) of every statement sent meanwhile, in an app context of `app`."""
    with app.app_context(), statements(with_parameters=True) as seen:
        yield seen


def _searched_with_plan(app, request: Request, *disabled: str):
    """(the engine's answer to `request`, the plan of its page statement with the planner's
    `disabled` methods priced out, as "sort" or "seqscan")."""
    with _statements(app) as seen:
        answer = PostgresEngine().search(request)
        statement, parameters = next((s, p) for s, p in seen if "search_documents" in s and "'page'" in s)
        cursor = db.session.connection().connection.cursor()
        for method in disabled:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN " + statement, parameters)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        db.session.rollback()
    return answer, plan


@pytest.mark.parametrize("path", ["/products?page=2", "/products?province=01&sort=newest", "/api/v1/products"])
def test_a_listing_without_words_counts_nothing_when_the_counts_know_its_total(judged, path):
    app, _codes = judged
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine counts a set it holds in memory")
    with _statements(app) as seen:
        answer = app.test_client().get(path)
    assert answer.status_code == 200
    searched = [s for s, _p in seen if "search_documents" in s and "'page'" in s]
    assert searched, "the page was read from the search entries"
    assert not [s for s in searched if "count(" in s]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", [{}, {"province": "01"}])
def test_each_listing_order_can_be_read_along_its_own_index(judged, sort, filters):
    """The index expressions must be exactly the ORDER BY's, or the planner sorts every entry.
    On a catalogue this small a sort is cheaper, so sorting is priced out to show the index fits."""
    app, _codes = judged
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine keeps its own order")
    with app.app_context():
        cleaned, _ = clean_filters(filters)
    request = Request((), None, cleaned, 2, 3, sort, (), facets=False, count=False)
    _answer, plan = _searched_with_plan(app, request, "sort", "seqscan")
    index = {"relevance": "relevance", "newest": "newest", "price_asc": "price_up", "price_desc": "price_down"}[sort]
    assert f"ix_search_documents_{index}" in plan
    assert "Sort" not in plan, plan


SEVERAL_FILTERS = [
    {"province": "01", "group": 1},
    {"group": 2, "ocop_min": 3},
    {"province": "Thái Nguyên", "cert": "vietgap"},
    {"group": 1, "price_min": 100_000, "price_max": 499_999},
    {"province": "01", "group": 1, "ocop_min": 3},
    {"group": 2, "ocop_min": 4, "cert": "vietgap"},
    {"group": 2, "cert": "haccp", "price_min": 100_000, "price_max": 499_999},
    {"province": "19", "group": 2, "ocop_min": 4, "cert": "ocop", "price_min": 100_000, "price_max": 499_999},
]


@pytest.mark.parametrize("filters", SEVERAL_FILTERS)
def test_a_listing_with_several_filters_shows_what_the_engine_counts_of_every_match(judged, filters):
    """Two filters or more: the total and every facet come from the catalogue counts' cells
    (count_reads._cell_counts); they must be exactly what the engine counts of every match with
    every other filter (its own way, no counts given), and the page the same products."""
    app, _codes = judged
    with app.app_context():
        cleaned, _ = clean_filters(filters)
        everything = engine.engine().search(Request((), None, cleaned, 1, 100, "relevance", PRICE_BANDS))
        shown = engine.search_products("", cleaned, 1, 100, "relevance", PRICE_BANDS)
        db.session.remove()
    assert shown.ids == everything.ids and shown.total == everything.total
    assert _nonzero(shown.counts) == _nonzero(everything.counts)


def _nonzero(counts) -> dict:
    """The facets without their zero entries (the Whoosh engine lists every certificate kind)."""
    found = dict(vars(counts))
    for name, value in found.items():
        if isinstance(value, dict):
            found[name] = {k: n for k, n in value.items() if n}
    return found


def test_a_listing_with_two_filters_counts_nothing_and_reads_one_page(judged):
    """At 1,000,000 products the matches of a group and OCOP stars (up to 60,000) took 300 ms to
    1.5 s to count: the counts' cells answer instead, and the engine reads the page alone."""
    app, _codes = judged
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine intersects sets it holds in memory")
    with _statements(app) as seen:
        cleaned, _ = clean_filters({"province": "01", "group": 1})
        hits = engine.search_products("", cleaned, 1, 2, "relevance", PRICE_BANDS)
        db.session.remove()
    searches = [statement for statement, _parameters in seen if "search_documents" in statement]
    assert len(searches) == 1 and "count(" not in searches[0] and "GROUP BY" not in searches[0], searches
    assert len(hits.ids) == 2 < hits.total


@pytest.mark.parametrize(
    ("filters", "found", "facets"),
    [
        (
            {"province": "01", "group": 1, "ocop_min": 3},
            {"GM01", "LU01", "MR01"},
            {"group": {1: 3, 2: 1}, "province": {"01": 3}, "cert": {"ocop": 3}, "ocop_min": [3, 3, 3, 2, 0]},
        ),
        (
            {"group": 2, "ocop_min": 4, "cert": "vietgap"},
            {"CH01", "CH02"},
            {
                "group": {2: 2},
                "province": {"19": 2},
                "cert": {"haccp": 3, "ocop": 5, "vietgap": 2},
                "ocop_min": [2, 2, 2, 2, 1],
            },
        ),
    ],
)
def test_a_listing_with_three_filters_counts_each_facet_without_its_own_filter(judged, filters, found, facets):
    """Three filters: the engine reads only the entries that pass all but at most one of them
    (postgres_engine: all_but_one), and still counts each facet with every other filter. The
    same figures on both engines."""
    app, codes = judged
    names = {v: k for k, v in codes.items()}
    with app.app_context():
        cleaned, _ = clean_filters(filters)
        hits = engine.search_products("", cleaned, 1, 20, "relevance")
        db.session.remove()
    assert {names[i] for i in hits.ids} == found and hits.total == len(found)
    counts = hits.counts
    shown = {
        "group": counts.group,
        "province": counts.province,
        "cert": {kind: n for kind, n in counts.cert.items() if n},
        "ocop_min": counts.ocop_min,
    }
    assert shown == facets


def test_a_listing_of_few_products_reads_them_through_the_filters_index(judged):
    """A rare certificate's products, read along a listing's order, would be found only after
    passing nearly every entry; known to be few (from the counts), they are read through the
    certificate's index and sorted."""
    app, _codes = judged
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine chooses by the same rule in memory (whoosh_ranking.order_page)")
    with app.app_context():
        cleaned, _ = clean_filters({"cert": "vietgap"})
    request = Request((), None, cleaned, 1, 20, "newest", (), facets=False, count=False, few_matches=True)
    answer, plan = _searched_with_plan(app, request, "seqscan")
    assert len(answer.ids) == 2
    assert "ix_search_documents_cert" in plan.split("CTE m", 1)[1].split("\n  ->", 1)[0], plan
