"""The engine for several app servers on one PostgreSQL database (SEARCH_BACKEND=postgres).

Entries live in `search_documents` (migration 0011_search): a weighted tsvector built by the server with
unaccent (names A, category/producer/place B, everything C), an accent-keeping tsvector for exact
words, the names' own short vector (0025) and the columns filters and facets need (0023: those first).
A broad search by relevance finds its candidates by walking the relevance index (postgres_walk.py).
Entries are written in the order of their category and name (postgres_documents.write), so the
matches of a product word share few pages. They are written inside the same transaction as the
change they follow, so they commit and roll back with it. Typos are looked up in `search_words`
with pg_trgm.
"""

from datetime import date

from sqlalchemy import text

from marketplace.extensions import db
from marketplace.search import analysis, postgres_documents, postgres_walk
from marketplace.search.results import Counts, Hits, Request

TRIGRAM_CANDIDATES = 100
# Matches whose ts_rank is computed for a page by relevance (at least twice the page's depth):
# below this many matches the order is exactly the full ranking's.
CANDIDATES = 500
CACHE_SIZE = 1024


def _parsed(parameter: str) -> str:
    """The tsquery bound as `parameter`, as a scalar subquery: an InitPlan parsed once per
    statement. Written in place, a prepared statement's generic plan (psycopg prepares after 5
    runs) parsed it again for every match it was tested against: 17 ms instead of 12 for "gio may"
    at 100,000 products."""
    return f"(SELECT to_tsquery('simple', :{parameter}))"


_Q = _parsed("q")
# A sequence, not version + 1: a rolled-back write must not free its number for the next one,
# or answers cached inside that transaction would be taken for committed ones.
_BUMP = text("UPDATE search_state SET version = nextval('search_version_seq')")
# Each order has its btree index (migration 0024_listing_orders), so a page of a search without
# words is read along it: the first rows in order, not every entry sorted.
_ORDER = {
    "relevance": "d.ocop DESC, d.published DESC, d.product_id DESC",
    "newest": "d.published DESC, d.product_id DESC",
    "price_asc": "d.price ASC NULLS LAST, d.published DESC, d.product_id DESC",
    "price_desc": "d.price DESC NULLS LAST, d.published DESC, d.product_id DESC",
}
# The page's order by relevance among its candidates `c` (their entries `s`), wherever they come from.
_RANKED = f"c.bonus + ts_rank(s.document, {_Q}) DESC, c.ocop DESC, c.published DESC, c.product_id DESC"


def _lexeme(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "") + "'"


def _tsquery(request: Request) -> str:
    """The request's words as a tsquery (it has no negation: what matches the names' vector also
    matches the document, which holds the names)."""
    parts = []
    for word in request.words:
        alternatives = [_lexeme(t) for t in sorted(word.matching)]
        if word.prefix:
            alternatives.append(_lexeme(word.folded) + ":*")
        parts.append("(" + " | ".join(alternatives) + ")")
    return (" & " if request.all_words else " | ").join(parts)


class _Sql:
    """The WHERE pieces of one request, with their bound values."""

    def __init__(self, request: Request):
        self.params: dict = {"today": date.today().toordinal()}
        query = _tsquery(request)
        matches = []
        if query:
            self.params["q"] = query
            matches.append(f"d.document @@ {_Q}")
        if request.code:
            self.params["code"] = request.code
            matches.append("lower(d.code) = :code")
        self.match = "(" + " OR ".join(matches) + ")" if matches else "TRUE"
        self.filters = self._filters(request.filters)

    def _filters(self, filters: dict) -> dict[str, str]:
        found, params = {}, self.params
        if filters.get("group"):
            params["f_group"], found["group"] = filters["group"], "d.group_number = :f_group"
        if filters.get("province"):
            params["f_province"], found["province"] = filters["province"], "d.province_code = :f_province"
        if filters.get("category_ids") is not None:
            params["f_category"] = list(filters["category_ids"]) or [0]
            found["category"] = "d.category_id = ANY(:f_category)"
        if filters.get("ocop_min"):
            params["f_ocop"], found["ocop_min"] = filters["ocop_min"], "d.ocop >= :f_ocop"
        if filters.get("price_min") is not None or filters.get("price_max") is not None:
            params["f_pmin"] = filters.get("price_min") or 0
            params["f_pmax"] = filters.get("price_max") if filters.get("price_max") is not None else 2**62
            found["price"] = "d.price BETWEEN :f_pmin AND :f_pmax"
        if filters.get("cert"):
            params["f_cert"] = filters["cert"]
            # The containment test is what the GIN index on cert_kinds serves (a rare certificate
            # read along a listing's order would have read every entry: 4.7 s at 1,000,000 products);
            # the EXISTS keeps only certificates still valid today.
            found["cert"] = (
                "d.cert_kinds @> ARRAY[CAST(:f_cert AS text)] AND EXISTS (SELECT 1 FROM unnest(d.cert_kinds,"
                " d.cert_until) AS c(kind, until) WHERE c.kind = :f_cert AND c.until >= :today)"
            )
        return found

    def where(self, skip: str | None = None) -> str:
        return " AND ".join(["TRUE", *(sql for name, sql in self.filters.items() if name != skip)])

    def all_but_one(self) -> str:
        """The entries that pass every filter but at most one: no facet counts any other (each
        applies every filter but its own), and with several filters the indexes can find them
        (an OR of ANDs) where a search without words would otherwise read every entry."""
        if len(self.filters) < 2:
            return "TRUE"
        return "(" + " OR ".join(f"({self.where(skip)})" for skip in self.filters) + ")"


class PostgresEngine:
    name = "postgres"

    def __init__(self):
        # (request, index version) -> answer; a writer bumps search_state.version in its own
        # transaction, so every app server sees the change as soon as it is committed.
        self._cache: dict = {}

    # -- reading --------------------------------------------------------------------------

    def check_ready(self) -> None:
        db.session.execute(text("SELECT 1 FROM search_documents LIMIT 1"))

    def frequency(self, word: str) -> int:
        """How many products hold `word`, counted up to 3 (the planner needs no more)."""
        return db.session.execute(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM search_documents d"
                " WHERE d.document @@ to_tsquery('simple', :q) LIMIT 3) AS s"
            ),
            {"q": _lexeme(word)},
        ).scalar_one()

    def typo_candidates(self, word: str) -> dict[str, float]:
        """Known words one edit away, scored by trigram similarity."""
        rows = db.session.execute(
            text(
                "SELECT word, similarity(word, :w) FROM search_words WHERE word = ANY(:edits) OR word % :w"
                " ORDER BY 2 DESC LIMIT :n"
            ),
            {"w": word, "edits": sorted(analysis.edits1(word)), "n": TRIGRAM_CANDIDATES},
        )
        return {w: s for w, s in rows if analysis.edit_distance_1(word, w)}

    def count(self, request: Request) -> int:
        sql = _Sql(request)
        return db.session.execute(
            text(
                f"SELECT count(*) FROM search_documents d WHERE {sql.match} AND {sql.where()}"  # noqa: S608
            ),
            sql.params,
        ).scalar_one()

    def search(self, request: Request) -> Hits:
        """One statement: the matches are read once (a materialised CTE), then counted by facet
        and ordered for the page. Answers are kept per process until any writer commits."""
        version = db.session.execute(text("SELECT version FROM search_state")).scalar_one()
        key = (request.key(), version)
        if key in self._cache:
            ids, total, counts = self._cache[key]
            return Hits(list(ids), total, counts)
        ids, total, counts = self._run(request)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = (tuple(ids), total, counts)
        return Hits(ids, total, counts)

    @staticmethod
    def _bonus(request: Request, sql: _Sql) -> str:
        """The whole-number part of a match's score: the query in the names (1), an exact word
        with its accents (2), the product code (100). Cheap to test on every match."""
        if request.sort != "relevance" or not (request.words or request.code):
            return "0"
        # On the names' own short vector (migration 0025): the document restricted to weight A
        # took 20 ms for the 60,850 matches of "nuoc mam" at 1,000,000 products, this about 7.
        bonus = ["0"]
        if "q" in sql.params:
            bonus = [f"(d.names @@ {_Q})::int"]
        exact = " | ".join(_lexeme(w.exact) for w in request.words if w.exact)
        if exact:
            sql.params["eq"] = exact
            bonus.append(f"2 * (d.exact @@ {_parsed('eq')})::int")
        if request.code:
            bonus.append("100 * (lower(d.code) = :code)::int")
        return " + ".join(bonus)

    @staticmethod
    def _candidates(sql: _Sql) -> int:
        """How many matches are ranked by ts_rank for the page: at least twice its depth."""
        return max(CANDIDATES, 2 * (sql.params["offset"] + sql.params["limit"]))

    @staticmethod
    def _page(request: Request, sql: _Sql, where: str) -> str:
        """The page's ids in order. By relevance the score is bonus + ts_rank (below 1), so a
        higher bonus always ranks first: the matches are cut to the best CANDIDATES by bonus and
        the fixed order, and ts_rank, the costly part, is computed for those only. Their documents
        are fetched by the ctid `m` read them at (same statement, same snapshot): one page each
        instead of a primary-key descent. `where`: the filters still to apply to `m`."""
        ranked = request.sort == "relevance" and "q" in sql.params and (request.words or request.code)
        if not ranked:
            order = _ORDER[request.sort] if request.sort != "relevance" else f"d.bonus DESC, {_ORDER['relevance']}"
            return (
                "SELECT 'page', p.product_id::text, p.place FROM (SELECT d.product_id,"  # noqa: S608
                f" row_number() OVER (ORDER BY {order}) AS place FROM m AS d WHERE {where}"
                f" ORDER BY {order} LIMIT :limit OFFSET :offset) AS p"
            )
        sql.params["candidates"] = PostgresEngine._candidates(sql)
        first = f"d.bonus DESC, {_ORDER['relevance']}"
        order = _RANKED
        return (
            "SELECT 'page', p.product_id::text, p.place FROM (SELECT c.product_id,"  # noqa: S608
            f" row_number() OVER (ORDER BY {order}) AS place FROM (SELECT d.tid, d.product_id, d.bonus, d.ocop,"
            f" d.published FROM m AS d WHERE {where} ORDER BY {first} LIMIT :candidates) AS c"
            " JOIN search_documents s ON s.ctid = c.tid"
            f" ORDER BY {order} LIMIT :limit OFFSET :offset) AS p"
        )

    @staticmethod
    def _listing(request: Request, sql: _Sql) -> str:
        """A search without words whose facets the caller has. Every entry matches, so reading the
        matches first would read them all (2 s at 1,000,000 products): the page is read along its
        order's index instead, and counted apart only when the caller does not know the total.
        When the filter keeps few entries (`few_matches`), that walk would pass nearly all of
        them: those few are read through the filter's index (the fence keeps the planner from
        walking) and sorted."""
        order = _ORDER[request.sort]
        source, where, fence = "search_documents", sql.where(), ""
        if request.few_matches:
            fence = (
                "WITH m AS MATERIALIZED (SELECT d.product_id, d.ocop, d.price, d.published"  # noqa: S608
                f" FROM search_documents d WHERE {where}) "
            )
            source, where = "m", "TRUE"
        page = (
            f"{fence}SELECT 'page', p.product_id::text, p.place FROM (SELECT d.product_id,"  # noqa: S608
            f" row_number() OVER (ORDER BY {order}) AS place FROM {source} d"
            f" WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset) AS p"
        )
        counted = f" UNION ALL SELECT 'total', '', count(*) FROM search_documents d WHERE {sql.where()}"  # noqa: S608
        return page + (counted if request.count else "")

    def _run(self, request: Request) -> tuple[list[int], int, Counts]:
        sql = _Sql(request)
        sql.params.update(limit=request.per_page, offset=(request.page - 1) * request.per_page)
        counted = None  # the total, when counted before the page (postgres_walk)
        if postgres_walk.walkable(request, sql):
            counted, catalogue = postgres_walk.counted(sql)
            need = self._candidates(sql)
            if postgres_walk.worth_walking(counted, catalogue, need):
                length = postgres_walk.walk_length(counted, catalogue, need)
                rows = postgres_walk.walked_page(sql, _Q, _ORDER["relevance"], _RANKED, need, length)
                if rows is not None:
                    return self._read(request, [*rows, ("total", "", counted)])
        bonus = self._bonus(request, sql)
        if sql.match == "TRUE" and not request.facets:
            statement = self._listing(request, sql)
        elif request.facets:  # every match, for the facets; each branch applies its filters
            matched = (
                "SELECT d.ctid AS tid, d.product_id, d.group_number, d.province_code, d.category_id, d.ocop,"  # noqa: S608
                f" d.price, d.published, d.cert_kinds, d.cert_until, {bonus} AS bonus"
                f" FROM search_documents d WHERE {sql.match} AND {sql.all_but_one()}"
            )
            statement = (
                f"WITH m AS MATERIALIZED ({matched}) {self._page(request, sql, sql.where())}"
                f" UNION ALL {self._facets(request, sql, sql.where)}"
            )
        else:  # the filtered matches with the columns the page orders by: narrow rows are cheaper
            # to keep and sort (1.5 ms of 11 for "gio may" without the facet columns)
            matched = (
                f"SELECT d.ctid AS tid, d.product_id, d.ocop, d.price, d.published, {bonus} AS bonus"  # noqa: S608
                f" FROM search_documents d WHERE {sql.match} AND {sql.where()}"
            )
            statement = f"WITH m AS MATERIALIZED ({matched}) {self._page(request, sql, 'TRUE')}"  # noqa: S608
            if counted is None:
                statement += " UNION ALL SELECT 'total', '', count(*) FROM m"
        rows = db.session.execute(text(statement), sql.params).all()
        return self._read(request, rows if counted is None else [*rows, ("total", "", counted)])

    @staticmethod
    def _read(request: Request, rows) -> tuple[list[int], int, Counts]:
        """The page's ids, the total and the facet counts from a statement's (facet, value, count)."""
        counts, total, places = Counts(), 0, []
        stars: dict[int, int] = {}
        prices: dict[int, int] = {}
        for facet, value, count in rows:
            if facet == "page":
                places.append((count, int(value)))
            elif facet == "total":
                total = count
            elif facet == "group":
                counts.group[int(value)] = count
            elif facet == "province":
                counts.province[value] = count
            elif facet == "category" and value != "0":
                counts.category[int(value)] = count
            elif facet == "ocop":
                stars[int(value)] = count
            elif facet == "cert":
                counts.cert[value] = count
            elif facet == "price":
                prices[int(value)] = count
        counts.ocop_min = [sum(c for s, c in stars.items() if s >= n) for n in range(1, 6)]
        counts.price = [prices.get(i, 0) for i in range(len(request.bands))]
        return [product_id for _place, product_id in sorted(places)], total, counts

    @staticmethod
    def _facets(request: Request, sql: _Sql, where) -> str:
        """UNION ALL branches counting each facet over `m` with `where(facet)`: every other
        filter, or nothing when `m` holds only the matches of every filter already.
        Every fragment is fixed text; values travel as bound parameters (sql.params)."""
        bands = " ".join(
            f"WHEN d.price >= {int(low)}" + (f" AND d.price <= {int(high)}" if high is not None else "") + f" THEN {i}"
            for i, (low, high) in enumerate(request.bands)
        )
        facets = [
            ("group", "d.group_number::text", "group"),
            ("province", "d.province_code", "province"),
            ("category", "d.category_id::text", "category"),
            ("ocop", "d.ocop::text", "ocop_min"),
        ]
        parts = [f"SELECT 'total', '', count(*) FROM m AS d WHERE {where()}"]  # noqa: S608
        parts += [
            f"SELECT '{name}', {column}, count(*) FROM m AS d WHERE {where(skip)} GROUP BY 2"  # noqa: S608
            for name, column, skip in facets
        ]
        cert_where = where("cert")
        parts.append(
            "SELECT 'cert', c.kind, count(DISTINCT d.product_id) FROM m AS d, unnest(d.cert_kinds,"  # noqa: S608
            f" d.cert_until) AS c(kind, until) WHERE c.until >= :today AND {cert_where} GROUP BY 2"
        )
        if bands:
            parts.append(
                f"SELECT 'price', (CASE {bands} ELSE -1 END)::text, count(*) FROM m AS d"  # noqa: S608
                f" WHERE {where('price')} GROUP BY 2"
            )
        return " UNION ALL ".join(parts)

    # -- writing (inside the caller's transaction) ----------------------------------------

    def stage(self, session, product_ids: set) -> None:
        """Write these products' entries (and take out those the public may no longer see) in the
        caller's transaction."""
        session.execute(_BUMP)
        session.execute(postgres_documents.REMOVE_HIDDEN, postgres_documents.parameters(product_ids))
        self._write(session, sorted(product_ids))

    @staticmethod
    def _write(session, product_ids: list, on_progress=None) -> int:
        """The entries of these products, BATCH at a time: a million-product import's one
        statement would keep every product's texts and vectors at once. How many were written."""
        count = 0
        for start in range(0, len(product_ids), postgres_documents.BATCH):
            written = postgres_documents.write(session, product_ids[start : start + postgres_documents.BATCH])
            count += written
            if on_progress:
                on_progress(written)
        return count

    def apply(self, staged) -> None:
        """Nothing is left to do after the commit: the entries were part of it."""

    def remember_failed(self, product_ids) -> None:
        """Entries cannot fail apart from their transaction."""

    def remove(self, session, product_ids: set) -> None:
        session.execute(_BUMP)
        session.execute(text("DELETE FROM search_documents WHERE product_id = ANY(:ids)"), {"ids": sorted(product_ids)})

    def rebuild(self, session, product_ids: list, on_progress=None) -> int:
        """Empty and refill in one transaction: readers see the old entries until it commits."""
        session.execute(_BUMP)
        session.execute(text("DELETE FROM search_documents"))
        session.execute(text("DELETE FROM search_words"))
        count = self._write(session, product_ids, on_progress)
        session.commit()
        return count
