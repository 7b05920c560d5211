"""A broad search by relevance, its candidates found by walking the relevance index (PostgreSQL).

By relevance a page is the best of CANDIDATES matches chosen by the names test, then OCOP stars,
date and id, and ranked by ts_rank (postgres_engine._page). Choosing them read every match: 75 ms
for the 60,850 matches of "nuoc mam" at 1,000,000 products, most of it testing, keeping and sorting
rows. When every candidate is a names match, they are simply the first names matches in the index's
order (ocop, published, product_id), and the index carries the names (migration 0025_search_names):
an index-only walk finds them after about catalogue / matches entries each (8,149 for "nuoc mam",
2 to 3 ms). The total is still counted exactly, which reads the matches but tests and keeps nothing.

A walk pays when it is shorter than the matches: when matches² > candidates × catalogue (the rule
whoosh_engine.order_page and few_matches follow). It is capped at WALK_SLACK times its expected
length: a query whose words are mostly outside the names (a place, a producer) finds too few names
matches there, and is then read the whole way, having cost one short walk.
"""

from sqlalchemy import text

from marketplace.extensions import db

WALK_SLACK = 4


def walkable(request, sql) -> bool:
    """Whether this request's candidates can come from a walk: by relevance, words only (a code or
    accented word adds a bonus the index does not carry), no filter, no facets (which need every
    match anyway)."""
    return (
        request.sort == "relevance"
        and "q" in sql.params
        and not request.code
        and not any(word.exact for word in request.words)
        and not sql.filters
        and not request.facets
    )


def worth_walking(total: int, catalogue: int, need: int) -> bool:
    return catalogue > 0 and total * total > need * catalogue


def walk_length(total: int, catalogue: int, need: int) -> int:
    return min(catalogue, -(-WALK_SLACK * need * catalogue // total))


def counted(sql) -> tuple[int, int]:
    """(the matches, the entries the planner last counted: 0 if never)."""
    total, catalogue = db.session.execute(
        text(
            "SELECT count(*), (SELECT greatest(c.reltuples, 0)::bigint FROM pg_class c"  # noqa: S608
            f" WHERE c.oid = 'search_documents'::regclass) FROM search_documents d WHERE {sql.match}"
        ),
        sql.params,
    ).one()
    return total, catalogue


def walked_page(sql, query: str, relevance: str, ranked: str, need: int, length: int) -> list | None:
    """The page's rows ('page', id, place) in the `ranked` order postgres_engine._page ranks
    candidates by, from the first `need` names matches of the first `length` entries in the
    `relevance` order (its index's); None when fewer are there (the candidates then reach beyond
    the names matches)."""
    params = {**sql.params, "candidates": need, "walk": length}
    rows = db.session.execute(
        text(
            "WITH c AS MATERIALIZED (SELECT d.product_id, 1 AS bonus, d.ocop, d.published FROM"  # noqa: S608
            " (SELECT d.product_id, d.ocop, d.published, d.names FROM search_documents d"
            f" ORDER BY {relevance} LIMIT :walk) AS d"
            f" WHERE d.names @@ {query} ORDER BY {relevance} LIMIT :candidates)"
            " SELECT 'page', p.product_id::text, p.place FROM (SELECT c.product_id,"
            f" row_number() OVER (ORDER BY {ranked}) AS place FROM c JOIN search_documents s"
            f" ON s.product_id = c.product_id ORDER BY {ranked} LIMIT :limit OFFSET :offset) AS p"
            " UNION ALL SELECT 'found', '', count(*) FROM c"
        ),
        params,
    ).all()
    found = next(count for facet, _value, count in rows if facet == "found")
    return [row for row in rows if row[0] == "page"] if found >= need else None
