"""The search interface the rest of the site uses, whichever engine SEARCH_BACKEND names.

index_products(ids)   remove_products(ids)   search_products(query, filters, ...) -> Hits
suggest(query)        reindex(on_progress)   check_ready()
"""

import logging

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalogue.models import Category
from marketplace.core.health import health_check
from marketplace.extensions import db
from marketplace.search import facet_cache, planner
from marketplace.search.documents import all_searchable_ids, load_documents
from marketplace.search.results import SORTS, Hits, Request

log = logging.getLogger(__name__)
MAX_PAGE = 10_000


def init_app(app: Flask) -> None:
    if app.config["SEARCH_BACKEND"] == "postgres":
        from marketplace.search.postgres_engine import PostgresEngine

        app.extensions["search"] = PostgresEngine()
    else:
        from marketplace.search.whoosh_engine import WhooshEngine

        app.extensions["search"] = WhooshEngine(app.config["DATA_DIR"])
    from marketplace.search import sync

    sync.connect()


def engine():
    return current_app.extensions["search"]


def search_products(
    query: str,
    filters: dict,
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    bands: tuple = (),
    facets: bool = True,
) -> Hits:
    """Published products of published producers for `query` and cleaned `filters` (the catalogue's
    clean_filters). Facet counts come back for group, province, category, cert, OCOP and `bands`;
    with `facets=False` (a caller that shows none, as the JSON API) only the page and its total."""
    filters = dict(filters or {})
    if "category" in filters:
        filters["category_ids"] = _category_ids(filters.pop("category"))
    page = max(1, min(MAX_PAGE, page or 1))
    per_page = max(1, min(100, per_page or 20))
    sort = sort if sort in SORTS else "relevance"
    query = (query or "")[:200]
    words, code = planner.parse(query)  # once: every step below reads the same words
    # Counting facets means reading every match: the larger part of a search's cost. Without words,
    # reading every entry just to count them would be all of it: the total is the counts' too.
    known = _known_counts(words, code, filters, tuple(bands), one_word=facets)
    total_known = known is not None and known[0] is not None
    # Too few matches to find the first of them by walking the order through the whole catalogue
    # (a rare certificate's 21 products among 1,000,000: every entry, 4.7 s): read them all.
    few_matches = total_known and page * per_page * known[2] >= known[0] * known[0]
    hits = planner.run(
        engine(),
        query,
        filters,
        page,
        per_page,
        sort,
        tuple(bands) if facets else (),
        facets=facets and known is None,
        count=not total_known,
        few_matches=few_matches,
        parsed=(words, code),
    )
    if total_known:
        hits.total = known[0]
    if not facets:
        return hits
    if known is not None:
        hits.counts = known[1]
    elif len(words) == 1:
        facet_cache.remember(words[0].folded, filters, tuple(bands), hits.counts)
    return hits


def _known_counts(words: tuple, code: str | None, filters: dict, bands: tuple, one_word: bool = True) -> tuple | None:
    """(total or None, facet counts, catalogue size or None) the engine need not count: an empty
    search's come from the precomputed catalogue counts, a one-word search's (when `one_word`)
    from the cache (each may lag up to 60 s, as counts may; the page of products itself is always
    read fresh). None: the engine counts."""
    from marketplace.catalogue.count_reads import empty_search_counts

    if not words and not code:
        return empty_search_counts(filters, bands)
    if len(words) == 1 and one_word:
        return facet_cache.cached_counts(words[0].folded, filters, bands)
    return None


def newest_matches(query: str, filters: dict, limit: int = 100) -> list[int]:
    """Ids of the newest published products (at most `limit`) having every word of `query` (or its
    synonyms) and the cleaned `filters`, newest first. For saved searches' mail: no typo corrections
    and no any-word fallback, since a mail about new products must not guess what was meant."""
    filters = dict(filters or {})
    if "category" in filters:
        filters["category_ids"] = _category_ids(filters.pop("category"))
    words, code = planner.parse((query or "")[:200])
    request = Request(words, code, filters, 1, max(1, min(500, limit)), "newest", (), facets=False, count=False)
    return engine().search(request).ids


def suggest(query: str, limit: int = 8) -> list[int]:
    """Ids of the products a half-typed query most likely means (the last word may be unfinished)."""
    request = planner.suggest_request((query or "")[:100], limit)
    if not request.words:
        return []
    return engine().search(request).ids


def query_terms(query: str) -> tuple[frozenset, tuple]:
    """(whole folded words, unfinished last word) of a suggestion query, for highlighting."""
    words, _code = planner.parse(query, prefix_last=True)
    whole = frozenset(t for w in words if not w.prefix for t in w.matching)
    return whole, tuple(w.folded for w in words if w.prefix)


def _category_ids(category) -> frozenset:
    if isinstance(category, int):
        return frozenset((category,))
    return frozenset(db.session.scalars(select(Category.id).where(Category.slug == str(category))))


def index_products(product_ids) -> None:
    """Bring these products' entries up to date now (Whoosh) or in the caller's transaction
    (PostgreSQL). The session sync calls the engines itself; this is for code outside a session."""
    engine().apply(engine().stage(db.session, set(product_ids)))


def remove_products(product_ids) -> None:
    engine().remove(db.session, set(product_ids))


def reindex(on_progress=None, on_total=None) -> int:
    """Rebuild the whole index from the database; readers keep the old one until the swap.
    Returns how many products were indexed."""
    ids = all_searchable_ids(db.session)
    if on_total:
        on_total(len(ids))
    return engine().rebuild(db.session, ids, on_progress)


def check_ready() -> None:
    engine().check_ready()


def retry_later(product_ids) -> None:
    """An index write failed after the commit: keep the ids so the next writer redoes them."""
    engine().remember_failed(product_ids)


def fresh_documents(product_ids):
    """Documents read in a session of their own (after a commit the request's session cannot)."""
    with Session(db.engine) as session:
        return [d for batch in load_documents(session, product_ids) for d in batch]


@health_check("search")
def _search_ready() -> None:
    check_ready()
