"""One opened version of the Whoosh index: each term's documents as a set, per-document values
for filters, facets and sorting, built once and reused by every query until the index changes."""

from collections import OrderedDict
from datetime import date
from itertools import accumulate, islice

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound

MAX_PREFIX_TERMS = 200
CACHE_SIZE = 512
PID, GROUP, PROVINCE, CATEGORY, OCOP, PRICE, PUBLISHED, CERTS = range(8)
_INDEXED_COLUMNS = {"group": GROUP, "province": PROVINCE}


class _Lru(OrderedDict):
    def get_or(self, key, compute):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = compute()
        if len(self) > CACHE_SIZE:
            self.popitem(last=False)
        return value


def _posting_ids(matcher, offset: int) -> list[int]:
    """The docnums of one segment's postings, each plus `offset` (the segment's first docnum).
    Whoosh's own all_ids() makes four Python calls per posting (is_active, id, next, and a replace
    every ten): 22 ms for a word in 30,000 products. Its codec keeps each block as one array of id
    gaps whose first is the block's first id: decoded here a block at a time, in C (accumulate
    from the offset, which is then dropped). Whoosh-Reloaded is pinned below 2.8: this reads that
    codec's block fields directly, and any other matcher the slow way."""
    if isinstance(matcher, FilterMatcher):  # a segment with deletions: Snapshot.docs drops them
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        return [n + offset for n in matcher.all_ids()]
    ids: list[int] = []
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        ids.extend(islice(accumulate(matcher._data[0], initial=offset), 1, None))
        matcher._next_block()
    return ids


class Snapshot:
    """One version of the index, opened once and shared by every query until the index changes."""

    def __init__(self, searcher, segment_metas: dict):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.metas: list = []
        self.leaves: list = []  # (segment reader, its first docnum)
        live: list[range] = []
        deleted: set[int] = set()
        for leaf, offset in self.reader.leaf_readers():
            if leaf.segment() is None:  # an empty index
                continue
            self.leaves.append((leaf, offset))
            key = leaf.segment().segment_id()
            if key not in segment_metas:
                segment_metas[key] = [leaf.stored_fields(n).get("meta") for n in range(leaf.doc_count_all())]
            self.metas.extend(segment_metas[key])
            live.append(range(offset, offset + leaf.doc_count_all()))
            deleted.update(offset + n for n in leaf.segment().deleted_docs())
        self.live = frozenset(n for span in live for n in span) - deleted
        self.deleted = frozenset(deleted)
        self.terms = _Lru()
        self.sets = _Lru()
        self.answers = _Lru()
        self._ranks: dict = {}

    # -- reading terms --------------------------------------------------------------------

    def docs(self, field: str, term: str) -> frozenset:
        def read():
            found: list[int] = []
            for leaf, offset in self.leaves:
                try:
                    matcher = leaf.postings(field, term)
                except TermNotFound:
                    continue
                found.extend(_posting_ids(matcher, offset))
            # Every posting is a document of some segment: only deletions can make one not live.
            return frozenset(found) - self.deleted if self.deleted else frozenset(found)

        return self.terms.get_or((field, term), read)

    def union(self, field: str, terms) -> frozenset:
        terms = sorted(terms)
        if len(terms) == 1:
            return self.docs(field, terms[0])  # the cached set itself, no copy
        return self.terms.get_or(
            (field, tuple(terms)), lambda: frozenset().union(*(self.docs(field, t) for t in terms))
        )

    def prefix_terms(self, field: str, prefix: str) -> list[str]:
        terms = []
        for term in self.reader.expand_prefix(field, prefix):
            terms.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(terms) >= MAX_PREFIX_TERMS:
                break
        return terms

    def frequency(self, word: str) -> int:
        return len(self.docs("text", word))

    def known(self, word: str) -> bool:
        return ("text", word) in self.reader

    # -- per-document values --------------------------------------------------------------

    def column(self, position: int) -> list:
        key = ("column", position)
        if key not in self._ranks:
            self._ranks[key] = [None if m is None else m[position] for m in self.metas]
        return self._ranks[key]

    def rank(self, sort: str) -> list:
        """rank[docnum]: the document's place in `sort` order (lower first); built once."""
        if sort not in self._ranks:
            metas = self.metas
            keys = {
                "relevance": lambda n: (-metas[n][OCOP], -metas[n][PUBLISHED], -metas[n][PID]),
                "newest": lambda n: (-metas[n][PUBLISHED], -metas[n][PID]),
                "price_asc": lambda n: (metas[n][PRICE] < 0, metas[n][PRICE], -metas[n][PUBLISHED]),
                "price_desc": lambda n: (metas[n][PRICE] < 0, -metas[n][PRICE], -metas[n][PUBLISHED]),
            }
            ordered = sorted(self.live, key=keys[sort])
            ranks = [0] * len(metas)
            for place, docnum in enumerate(ordered):
                ranks[docnum] = place
            self._ranks[sort] = ranks
            self._ranks[("order", sort)] = ordered
        return self._ranks[sort]

    def order(self, sort: str) -> list:
        """The live docnums in `sort` order (rank's inverse); built once."""
        self.rank(sort)
        return self._ranks[("order", sort)]

    # -- filters --------------------------------------------------------------------------

    def filter_set(self, name: str, value) -> frozenset:
        if name in _INDEXED_COLUMNS:
            return self.value_index(_INDEXED_COLUMNS[name]).get(value, frozenset())
        return self.sets.get_or((name, value, date.today()), lambda: self._filter_set(name, value))

    def value_index(self, position: int) -> dict:
        """value -> the live documents holding it, for one column, built in a single pass."""
        key = ("index", position)
        if key not in self._ranks:
            found: dict = {}
            metas = self.metas
            for docnum in self.live:
                found.setdefault(metas[docnum][position], []).append(docnum)
            self._ranks[key] = {value: frozenset(docs) for value, docs in found.items()}
        return self._ranks[key]

    def _filter_set(self, name: str, value) -> frozenset:
        metas, live = self.metas, self.live
        if name == "category":
            categories = self.value_index(CATEGORY)
            return frozenset().union(*(categories.get(c, frozenset()) for c in value))
        if name == "ocop_min":
            stars = self.value_index(OCOP)
            return frozenset().union(*(docs for s, docs in stars.items() if s >= value))
        if name == "price":
            low, high = value
            return frozenset(
                n
                for n in live
                if metas[n][PRICE] >= 0
                and (low is None or metas[n][PRICE] >= low)
                and (high is None or metas[n][PRICE] <= high)
            )
        if name == "cert":
            today = date.today().toordinal()
            return frozenset(n for n in live if any(k == value and u >= today for k, u in metas[n][CERTS]))
        raise ValueError(name)

    def band_column(self, bands: tuple) -> list:
        key = ("bands", bands)
        if key not in self._ranks:
            column = []
            for meta in self.metas:
                price = -1 if meta is None else meta[PRICE]
                column.append(
                    next(
                        (i for i, (low, high) in enumerate(bands) if price >= low and (high is None or price <= high)),
                        -1,
                    )
                )
            self._ranks[key] = column
        return self._ranks[key]
