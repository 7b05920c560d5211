"""The embedded engine: Whoosh keeps the postings on disk; queries run on cached document sets.

Why not Whoosh's own scorer: at 100,000 products, scoring every match in pure Python is what
made plain Whoosh slow (p95 180 ms). Here a searcher is opened once per index version and kept;
each term's matching documents are read once into a set and reused; matching, filters and
facet counts are set operations done in C; only the page's documents are ranked by hand.
"""

import shutil
import threading
from collections import Counter

from whoosh import index

from marketplace.search import analysis
from marketplace.search.documents import load_documents
from marketplace.search.results import Counts, Hits, Request
from marketplace.search.whoosh_ranking import order_page
from marketplace.search.whoosh_snapshot import CATEGORY, GROUP, OCOP, PID, PROVINCE, Snapshot
from marketplace.search.whoosh_store import BulkWriter, FastWriter, Store, add_document, make_schema
from marketplace.search.whoosh_stream import Stream

BULK_FROM = 2000


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
            live_segments = {
                leaf.segment().segment_id()
                for leaf, _ in searcher.reader().leaf_readers()
                if leaf.segment() is not None
            }
            self._segment_metas = {k: v for k, v in self._segment_metas.items() if k in live_segments}
            snapshot = Snapshot(searcher, self._segment_metas)
            snapshot.rank("relevance")  # every listing needs it: build it once, now
            self._snapshot = snapshot
            self._version, self._dir = version, path
            return self._snapshot

    # Every read of a snapshot holds the lock: under gunicorn's threads, its LRU caches and Whoosh's
    # readers (seek, then read, on shared files) must not be used by two requests at once.
    def check_ready(self) -> None:
        with self._lock:
            snapshot = self.snapshot()
            snapshot.docs("text", "ready")  # reads the term index: fails if files are missing

    def frequency(self, word: str) -> int:
        with self._lock:
            return self.snapshot().frequency(word)

    def typo_candidates(self, word: str) -> dict[str, int]:
        with self._lock:
            snapshot = self.snapshot()
            found = {}
            for candidate in analysis.edits1(word):
                if snapshot.known(candidate):
                    found[candidate] = snapshot.frequency(candidate)
            return found

    def count(self, request: Request) -> int:
        with self._lock:
            snapshot = self.snapshot()
            return len(
                _within(self._matched(snapshot, request), self._filtered(snapshot, request.filters, None), snapshot)
            )

    def search(self, request: Request) -> Hits:
        with self._lock:
            snapshot = self.snapshot()
            key = request.key(paged=False)
            total_set, counts = snapshot.answers.get_or(key, lambda: self._answer(snapshot, request))
            # The page's order too, for as long as the snapshot (the index version) lives: a broad
            # query asked again is not ranked again.
            ordered = snapshot.answers.get_or(
                ("page", *request.key()), lambda: order_page(snapshot, request, total_set)
            )
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
        total_set = _within(matched, self._filtered(snapshot, request.filters, None), snapshot)
        counts = Counts()
        if not request.facets:  # the caller has them (precomputed or cached): count nothing more
            return total_set, counts
        active = _filter_values(request.filters)

        def base(facet):
            return (
                total_set
                if facet not in active
                else _within(matched, self._filtered(snapshot, request.filters, facet), snapshot)
            )

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

    def apply(self, staged) -> None:
        if isinstance(staged, Stream):
            staged.commit()
            return
        documents, removed = staged
        self.write(documents, removed)

    def open_stream(self) -> Stream:
        """A writer process for one large transaction (see whoosh_stream)."""
        return Stream(self.store.root.parent)

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
        # A large batch (an import committed at once) goes through the block writer, in a
        # segment of its own: merging would feed postings to a pool that writer does not read.
        bulk = len(documents) >= BULK_FROM
        writer = (BulkWriter if bulk else FastWriter)(index.open_dir(str(path)))
        try:
            with writer.searcher() as searcher:  # one for all: opening one per id took a tenth of an import
                for product_id in changed:
                    writer.delete_by_term("id", str(product_id), searcher=searcher)
            for document in documents:
                add_document(writer, document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=not bulk)

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


def _within(matched: frozenset, allowed: frozenset, snapshot: Snapshot) -> frozenset:
    """The matches the filters allow. With no filter `allowed` is every live document, which
    every match already is: no intersection, whose cost grows with the number of matches."""
    return matched if allowed is snapshot.live else matched & allowed
