"""Reading the precomputed counts: facet counts of an empty search, the directory's and home's figures.

The rows of one refresh are loaded once per process (keyed by the refresh's token, one indexed
read per request to learn it) and answered from memory."""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.catalogue.count_queries import CELL, DIMENSIONS
from marketplace.catalogue.counts import CatalogueCount, current_token
from marketplace.extensions import db
from marketplace.search.results import Counts

_loaded: dict = {}
ANSWERS_KEPT = 512  # answers from the cells kept per refresh (each a few hundred numbers)
_lock = threading.Lock()
_PARSE = {
    "group": int,
    "province": str,
    "category": lambda v: int(v) if v else None,
    "ocop": int,
    "band": int,
    "cert": str,
}


@dataclass
class Snapshot:
    token: str
    total: int = 0
    single: dict = field(default_factory=lambda: defaultdict(dict))  # dimension -> {value: n}
    pairs: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))  # (A, B) -> {a: {b: n}}
    # (value of each of DIMENSIONS, the last a certificate kind or None, products): see _cell_counts.
    # Loaded at the first search that needs them (10,000 rows at 1,000,000 products, 40 ms: every
    # process would otherwise pay that at each refresh, on whatever request came first), and the
    # answers kept: they change only with the counts.
    cells: list | None = None
    answered: dict = field(default_factory=dict)
    producers: list = field(default_factory=list)  # (province, type, craft village, n)
    featured: list = field(default_factory=list)  # (producer id, published products), in order


def snapshot() -> Snapshot | None:
    """The counts of the latest refresh; None until the first one has run."""
    found = current_token()
    if found is None:
        return None
    token = found[0]
    cached = _loaded.get("snapshot")
    if cached is not None and cached.token == token:
        return cached
    with _lock:
        cached = _loaded.get("snapshot")
        if cached is None or cached.token != token:
            cached = _load(token)
            _loaded["snapshot"] = cached
    return cached


def _load(token: str) -> Snapshot:
    loaded = Snapshot(token)
    featured = []
    for facet, value, count in db.session.execute(
        select(CatalogueCount.facet, CatalogueCount.value, CatalogueCount.count).where(CatalogueCount.facet != CELL)
    ):
        if facet == "products":
            loaded.total = count
        elif facet in _PARSE:
            loaded.single[facet][_PARSE[facet](value)] = count
        elif "/" in facet:
            a, b = facet.split("/")
            va, vb = value.split("|")
            va, vb = _PARSE[a](va), _PARSE[b](vb)
            loaded.pairs[(a, b)][va][vb] = count
            loaded.pairs[(b, a)][vb][va] = count
        elif facet == "producers":
            province, kind, craft = value.split("|")
            loaded.producers.append((province, kind, craft == "1", count))
        elif facet == "featured":
            rank, producer_id = value.split("|")
            featured.append((rank, int(producer_id), count))
    loaded.featured = [(producer_id, count) for _rank, producer_id, count in sorted(featured)]
    return loaded


def _cells(counts: Snapshot) -> list:
    if counts.cells is None:
        found = []
        rows = db.session.execute(
            select(CatalogueCount.value, CatalogueCount.count).where(CatalogueCount.facet == CELL)
        )
        for value, count in rows:
            *cell, kind = (_PARSE[d](v) for d, v in zip(DIMENSIONS, value.split("|"), strict=True))
            found.append((*cell, kind or None, count))
        counts.cells = found  # one assignment: a thread reads None (and loads them too) or all of them
    return counts.cells


# -- an empty search --------------------------------------------------------------------------


def _chosen_filters(filters: dict, bands: tuple) -> list | None:
    """(dimension, accepted values) of each filter an empty search has; None when one cannot be
    answered by these counts (a price range other than a band, several categories)."""
    found = []
    if filters.get("group"):
        found.append(("group", {filters["group"]}))
    if filters.get("province"):
        found.append(("province", {filters["province"]}))
    if filters.get("category_ids") is not None:
        ids = set(filters["category_ids"])
        if len(ids) != 1:
            return None
        found.append(("category", ids))
    if filters.get("ocop_min"):
        found.append(("ocop", set(range(filters["ocop_min"], 6))))
    if filters.get("cert"):
        found.append(("cert", {filters["cert"]}))
    if filters.get("price_min") is not None or filters.get("price_max") is not None:
        wanted = (filters.get("price_min") or 0, filters.get("price_max"))
        if wanted not in bands:
            return None
        found.append(("band", {bands.index(wanted)}))
    return found


def _counted(counts: Snapshot, dimension: str, chosen) -> dict:
    """{value: products} of `dimension` among those matching `chosen` ((dimension, values), or
    None for every product). A facet ignores its own filter: then every product counts."""
    if chosen is None or chosen[0] == dimension:
        return dict(counts.single.get(dimension, {}))
    table = counts.pairs.get((chosen[0], dimension), {})
    merged: dict = defaultdict(int)
    for value in chosen[1]:
        for other, n in table.get(value, {}).items():
            merged[other] += n
    return dict(merged)


def _fill(result: Counts, dimension: str, values: dict, bands: tuple) -> None:
    """Set `dimension`'s facet in `result` from {value: products}, in the shape Counts holds it."""
    if dimension == "category":
        result.category = {k: v for k, v in values.items() if k}
    elif dimension == "ocop":
        result.ocop_min = [sum(c for s, c in values.items() if s >= n) for n in range(1, 6)]
    elif dimension == "band":
        result.price = [values.get(i, 0) for i in range(len(bands))]
    else:
        setattr(result, dimension, values)


def _answerable(filters: dict, bands: tuple):
    """(snapshot, chosen filters) when the counts can answer an empty search with these filters;
    None otherwise."""
    from marketplace.catalogue.queries import PRICE_BANDS

    if tuple(bands) != PRICE_BANDS:
        return None
    chosen = _chosen_filters(filters, tuple(bands))
    if chosen is None:
        return None
    counts = snapshot()
    return (counts, chosen) if counts is not None else None


def empty_search_counts(filters: dict, bands: tuple) -> tuple[int, Counts, int] | None:
    """(total, facet counts, products in the whole catalogue) of a search without words, as the
    engines would count them (each facet with every filter but its own); None when these counts
    cannot answer it. At most one filter: from the totals and pairs; more: from the cells."""
    found = _answerable(filters, bands)
    if found is None:
        return None
    counts, chosen = found
    result = Counts()
    if len(chosen) > 1:
        key = tuple((d, tuple(sorted(values))) for d, values in chosen)
        if key not in counts.answered:
            if len(counts.answered) >= ANSWERS_KEPT:
                counts.answered.clear()
            counts.answered[key] = _cell_counts(_cells(counts), chosen)
        total, by_dimension = counts.answered[key]
        for dimension in DIMENSIONS:
            _fill(result, dimension, dict(by_dimension[dimension]), bands)  # a copy: the kept one stays
        return total, result, counts.total
    one = chosen[0] if chosen else None
    total = counts.total if one is None else sum(counts.single.get(one[0], {}).get(v, 0) for v in one[1])
    for dimension in DIMENSIONS:
        _fill(result, dimension, _counted(counts, dimension, one), bands)
    return total, result, counts.total


def _cell_counts(cells: list, chosen: list) -> tuple[int, dict]:
    """(total, dimension -> {value: products}) over the cells, for the `chosen` filters.

    A cell without a certificate kind stands for its products once each; a cell with a kind for
    those of them holding it. The products a certificate filter keeps are that kind's cells, the
    others' the cells without a kind. A product counts in a facet when it passes every filter but
    that facet's own: a cell failing exactly one filter counts only in that filter's facet. The
    certificate facet counts the kinds' cells that pass every other filter."""
    wanted_kind = next((next(iter(values)) for d, values in chosen if d == "cert"), None)
    tests = [(DIMENSIONS.index(d), d, values) for d, values in chosen if d != "cert"]
    total = 0
    found = {d: defaultdict(int) for d in DIMENSIONS}
    for cell in cells:
        kind, n = cell[-2], cell[-1]
        failed = [(index, d) for index, d, values in tests if cell[index] not in values]
        if kind is not None and not failed:
            found["cert"][kind] += n
        if kind != wanted_kind or len(failed) > 1:
            continue
        if failed:
            index, d = failed[0]
            found[d][cell[index]] += n
            continue
        total += n
        for index, d in enumerate(DIMENSIONS[:-1]):  # all but "cert", the last
            found[d][cell[index]] += n
    return total, {d: dict(values) for d, values in found.items()}


assert set(_PARSE) == set(DIMENSIONS)


# -- the directory and the home page ----------------------------------------------------------


def producer_counts(filters: dict) -> dict | None:
    """The directory's figures: total, per province, per type, craft villages (each without its own filter)."""
    counts = snapshot()
    if counts is None:
        return None
    province, kind, craft = filters.get("province"), filters.get("type"), filters.get("craft_village")

    def keep(row, skip):
        p, k, c, _n = row
        return (
            (skip == "province" or not province or p == province)
            and (skip == "type" or not kind or k == kind)
            and (skip == "craft_village" or not craft or c)
        )

    by_province: dict = defaultdict(int)
    by_type: dict = defaultdict(int)
    for row in counts.producers:
        if keep(row, "province"):
            by_province[row[0]] += row[3]
        if keep(row, "type"):
            by_type[row[1]] += row[3]
    return {
        "total": sum(row[3] for row in counts.producers if keep(row, None)),
        "province": dict(by_province),
        "type": dict(by_type),
        "craft_village": sum(row[3] for row in counts.producers if keep(row, "craft_village") and row[2]),
    }


def group_totals() -> dict:
    counts = snapshot()
    return dict(counts.single.get("group", {})) if counts else {}


def featured_producers() -> list[tuple[int, int]]:
    counts = snapshot()
    return list(counts.featured) if counts else []
