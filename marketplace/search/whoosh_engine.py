"""The embedded engine: Whoosh keeps the postings on disk; queries run on cached document sets.

Why not Whoosh's own scorer: at 100,000 products, scoring every match in pure Python is what
made plain Whoosh slow (p95 180 ms). Here a searcher is opened once per index version and kept;
each term's matching documents are read once into a set and reused; matching, filters and
facet counts are set operations done in C; only the page's documents are ranked by hand.
"""

import shutil
import threading
from collections import Counter, OrderedDict
from datetime import date

from whoosh import index
from whoosh.reading import TermNotFound

from marketplace.search import analysis
from marketplace.search.documents import load_documents
from marketplace.search.results import Counts, Hits, Request
from marketplace.search.whoosh_ranking import order_page
from marketplace.search.whoosh_store import BulkWriter, FastWriter, Store, make_schema

MAX_PREFIX_TERMS = 200
CACHE_SIZE = 512
PID, GROUP, PROVINCE, CATEGORY, OCOP, PRICE, PUBLISHED, CERTS = range(8)
_INDEXED_COLUMNS = {"group": GROUP, "province": PROVINCE}


def meta_of(document) -> tuple:
    return (document.product_id, document.group, document.province, document.category_id, document.ocop,
            -1 if document.price is None else document.price, document.published,
            tuple(document.certificates.items()))


def add_document(writer, document) -> None:
    writer.add_document(
        id=str(document.product_id), code=document.code.lower(), text=analysis.fold(document.text),
        name=analysis.fold(document.names), exact=analysis.normalise(document.exact), meta=meta_of(document),
    )


class _Lru(OrderedDict):
    def get_or(self, key, compute):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = compute()
        if len(self) > CACHE_SIZE:
            self.popitem(last=False)
        return value


class Snapshot:
    """One version of the index, opened once and shared by every query until the index changes."""

    def __init__(self, searcher, segment_metas: dict):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.metas: list = []
        live: list[range] = []
        deleted: set[int] = set()
        for leaf, offset in self.reader.leaf_readers():
            if leaf.segment() is None:  # an empty index
                continue
            key = leaf.segment().segment_id()
            if key not in segment_metas:
                segment_metas[key] = [leaf.stored_fields(n).get("meta") for n in range(leaf.doc_count_all())]
            self.metas.extend(segment_metas[key])
            live.append(range(offset, offset + leaf.doc_count_all()))
            deleted.update(offset + n for n in leaf.segment().deleted_docs())
        self.live = frozenset(n for span in live for n in span) - deleted
        self.terms = _Lru()
        self.sets = _Lru()
        self.answers = _Lru()
        self._ranks: dict = {}

    # -- reading terms --------------------------------------------------------------------

    def docs(self, field: str, term: str) -> frozenset:
        def read():
            try:
                matcher = self.reader.postings(field, term)
            except TermNotFound:
                return frozenset()
            return frozenset(matcher.all_ids()) & self.live

        return self.terms.get_or((field, term), read)

    def union(self, field: str, terms) -> frozenset:
        terms = sorted(terms)
        if len(terms) == 1:
            return self.docs(field, terms[0])  # the cached set itself, no copy
        return self.terms.get_or((field, tuple(terms)),
                                 lambda: frozenset().union(*(self.docs(field, t) for t in terms)))

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
            ranks = [0] * len(metas)
            for place, docnum in enumerate(sorted(self.live, key=keys[sort])):
                ranks[docnum] = place
            self._ranks[sort] = ranks
        return self._ranks[sort]

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
            return frozenset(n for n in live if metas[n][PRICE] >= 0 and (low is None or metas[n][PRICE] >= low)
                             and (high is None or metas[n][PRICE] <= high))
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
                column.append(next((i for i, (low, high) in enumerate(bands)
                                    if price >= low and (high is None or price <= high)), -1))
            self._ranks[key] = column
        return self._ranks[key]


class WhooshEngine:
    name = "whoosh"

    def __init__(self, data_dir):
        self.store = Store(data_dir)
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._version = None
        self._dir = None
        self._segment_metas: dict = {}

    # -- reading --------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current snapshot, reopened only when a writer has changed the index."""
        version = self.store.version()
        if self._snapshot is not None and version == self._version:
            return self._snapshot
        with self._lock:
            if self._snapshot is not None and version == self._version:
                return self._snapshot
            path = self.store.current_dir()
            if path is None:
                self.store.open_index(create=True)
                path = self.store.current_dir()
            old = self._snapshot
            # A fresh searcher, not searcher.refresh(): refresh reuses segment readers whose
            # deletions are out of date. The per-segment values below are reused instead.
            searcher = index.open_dir(str(path)).searcher()
            if path != self._dir:
                self._segment_metas = {}
            if old is not None:
                old.searcher.close()
            live_segments = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()
                             if leaf.segment() is not None}
            self._segment_metas = {k: v for k, v in self._segment_metas.items() if k in live_segments}
            snapshot = Snapshot(searcher, self._segment_metas)
            snapshot.rank("relevance")  # every listing needs it: build it once, now
            self._snapshot = snapshot
            self._version, self._dir = version, path
            return self._snapshot

    def check_ready(self) -> None:
        snapshot = self.snapshot()
        snapshot.docs("text", "ready")  # reads the term index: fails if files are missing

    def frequency(self, word: str) -> int:
        return self.snapshot().frequency(word)

    def typo_candidates(self, word: str) -> dict[str, int]:
        snapshot = self.snapshot()
        found = {}
        for candidate in analysis.edits1(word):
            if snapshot.known(candidate):
                found[candidate] = snapshot.frequency(candidate)
        return found

    def count(self, request: Request) -> int:
        with self._lock:
            snapshot = self.snapshot()
            return len(self._matched(snapshot, request) & self._filtered(snapshot, request.filters, None))

    def search(self, request: Request) -> Hits:
        with self._lock:
            snapshot = self.snapshot()
            key = request.key(paged=False)
            total_set, counts = snapshot.answers.get_or(key, lambda: self._answer(snapshot, request))
            ordered = order_page(snapshot, request, total_set)
            ids = [snapshot.metas[n][PID] for n in ordered]
        return Hits(ids, len(total_set), counts)

    def _matched(self, snapshot: Snapshot, request: Request) -> frozenset:
        groups = []
        for word in request.words:
            terms = set(word.matching)
            if word.prefix:
                terms.update(snapshot.prefix_terms("text", word.folded))
            groups.append(snapshot.union("text", terms))
        if not groups and not request.code:
            matched = snapshot.live
        elif not groups:
            matched = frozenset()
        elif request.all_words:
            matched = frozenset.intersection(*groups)
        else:
            matched = frozenset().union(*groups)
        if request.code:
            matched = matched | snapshot.docs("code", request.code)
        return matched

    def _filtered(self, snapshot: Snapshot, filters: dict, skip: str | None) -> frozenset:
        result = snapshot.live
        for name, value in _filter_values(filters).items():
            if name != skip:
                result = result & snapshot.filter_set(name, value)
        return result

    def _answer(self, snapshot: Snapshot, request: Request):
        matched = self._matched(snapshot, request)
        total_set = matched & self._filtered(snapshot, request.filters, None)
        counts = Counts()
        active = _filter_values(request.filters)

        def base(facet):
            return total_set if facet not in active else matched & self._filtered(snapshot, request.filters, facet)

        counts.group = dict(Counter(map(snapshot.column(GROUP).__getitem__, base("group"))))
        counts.province = dict(Counter(map(snapshot.column(PROVINCE).__getitem__, base("province"))))
        categories = Counter(map(snapshot.column(CATEGORY).__getitem__, base("category")))
        counts.category = {k: v for k, v in categories.items() if k}
        cert_base = base("cert")
        counts.cert = {kind: len(cert_base & snapshot.filter_set("cert", kind)) for kind in _cert_kinds()}
        stars = Counter(map(snapshot.column(OCOP).__getitem__, base("ocop_min")))
        counts.ocop_min = [sum(c for s, c in stars.items() if s >= n) for n in range(1, 6)]
        if request.bands:
            bands = Counter(map(snapshot.band_column(request.bands).__getitem__, base("price")))
            counts.price = [bands.get(i, 0) for i in range(len(request.bands))]
        return total_set, counts

    # -- writing --------------------------------------------------------------------------

    def stage(self, session, product_ids: set) -> tuple:
        """Read the documents inside the transaction (before commit): what will be written after it."""
        documents = [d for batch in load_documents(session, product_ids) for d in batch]
        return documents, set(product_ids) - {d.product_id for d in documents}

    def apply(self, staged: tuple) -> None:
        documents, removed = staged
        self.write(documents, removed)

    def remove(self, session, product_ids: set) -> None:
        self.write([], product_ids)

    def remember_failed(self, product_ids) -> None:
        self.store.remember_failed(product_ids)

    def write(self, documents: list, removed_ids) -> None:
        """Add or replace `documents`, drop `removed_ids`; one commit, under the write lock.
        Ids an earlier writer failed to write are redone first."""
        changed = {d.product_id for d in documents} | set(removed_ids)
        if not changed:
            return
        self.store.open_index(create=True)
        with self.store.write_lock():
            failed = self.store.take_failed()
            if failed:
                from marketplace.search.engine import fresh_documents

                redo = [d for d in fresh_documents(failed - changed)]
                documents = documents + redo
                removed_ids = set(removed_ids) | (failed - changed - {d.product_id for d in redo})
                changed |= failed
            self._commit(self.store.current_dir(), documents, changed)
            self.store.journal(changed)
            self.store.touch_version()

    @staticmethod
    def _commit(path, documents: list, changed: set) -> None:
        writer = FastWriter(index.open_dir(str(path)))
        try:
            for product_id in changed:
                writer.delete_by_term("id", str(product_id))
            for document in documents:
                add_document(writer, document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, session, product_ids: list, on_progress=None) -> int:
        """A new index built beside the live one, then swapped in; changes made meanwhile are
        journalled by writers and replayed before the swap, so none is lost."""
        with self.store.write_lock():
            self.store.take_journal()
            self.store.rebuilding_file.touch()
        path = None
        try:
            path = self.store.new_dir()
            ix = index.create_in(str(path), make_schema())
            writer = BulkWriter(ix)
            count = 0
            try:
                for batch in load_documents(session, product_ids):
                    for document in batch:
                        add_document(writer, document)
                    count += len(batch)
                    if on_progress:
                        on_progress(len(batch))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
            session.rollback()  # end the read transaction: the replay must see later commits
            with self.store.write_lock():
                replay = self.store.take_journal() | self.store.take_failed()
                if replay:
                    documents = [d for batch in load_documents(session, replay) for d in batch]
                    self._commit(path, documents, replay)
                    session.rollback()
                self.store.rebuilding_file.unlink(missing_ok=True)
                self.store.swap_to(path)
            return count
        except BaseException:
            self.store.rebuilding_file.unlink(missing_ok=True)
            if path is not None and self.store.current_dir() != path:
                shutil.rmtree(path, ignore_errors=True)
            raise


def _filter_values(filters: dict) -> dict:
    """The engine's own filter names and values from the catalogue's cleaned filters."""
    values = {}
    for name in ("group", "province", "cert", "ocop_min"):
        if filters.get(name):
            values[name] = filters[name]
    if filters.get("category_ids") is not None:
        values["category"] = frozenset(filters["category_ids"])
    if filters.get("price_min") is not None or filters.get("price_max") is not None:
        values["price"] = (filters.get("price_min"), filters.get("price_max"))
    return values


def _cert_kinds():
    from marketplace.catalogue.models import CERTIFICATION_KINDS

    return CERTIFICATION_KINDS
