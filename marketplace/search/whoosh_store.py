"""The Whoosh index on disk: schema, folders, the one write lock, fast writers and the atomic swap.

Layout under DATA_DIR/search: `index-<stamp>/` folders, `CURRENT` naming the live one (replaced
atomically), `VERSION` touched after every change (readers stat it to know when to refresh),
`write.lock` taken by every writer, and during a rebuild `rebuilding` plus `journal` (the ids
changed meanwhile, replayed into the new index before the swap).
"""

import fcntl
import os
import shutil
import time
from array import array
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from whoosh import fields, formats, index
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from marketplace.search import analysis
from marketplace.search.analysis import words

LOCK_TIMEOUT = 30.0  # seconds a writer waits for another (a rebuild's final swap is short)


class WordsField(fields.TEXT):
    """Text already folded (or normalised) by analysis.py: indexing is one regex, no token chain.

    Matching and ranking happen on whole documents sets (see whoosh_engine), so no frequencies,
    positions or lengths are kept: fewer bytes to write and to read.
    """

    def __init__(self):
        super().__init__(phrase=False)
        self.format = formats.Existence()
        self.scorable = False

    def index(self, value, **kwargs):
        return [(word.encode("utf-8"), 1, 1.0, b"") for word in set(words(value))]


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(unique=True),
        code=fields.ID(),  # the product code, lower case, whole
        text=WordsField(),  # every searchable word, folded
        name=WordsField(),  # the names, folded: boosts and prefix suggestions
        exact=WordsField(),  # names, category, producer, place with accents kept
        meta=fields.STORED(),  # what filters, facets and sorting need, as one tuple
    )


def meta_of(document) -> tuple:
    """What filters, facets and sorting read for a product, stored with its entry."""
    return (
        document.product_id,
        document.group,
        document.province,
        document.category_id,
        document.ocop,
        -1 if document.price is None else document.price,
        document.published,
        tuple(document.certificates.items()),
    )


def add_document(writer, document) -> None:
    writer.add_document(
        id=str(document.product_id),
        code=document.code.lower(),
        text=analysis.fold(document.text),
        name=analysis.fold(document.names),
        exact=analysis.normalise(document.exact),
        meta=meta_of(document),
    )


class _MemoryPool:
    """Postings grouped in memory instead of Whoosh's pickled external sort: an index of
    100,000 products fits easily, and it is several times faster."""

    def __init__(self):
        self.postings = defaultdict(list)
        self.fieldnames = set()

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        self.postings[(fieldname, tbytes)].append((docnum, weight, vbytes))

    def iter_postings(self):
        for fieldname, tbytes in sorted(self.postings):
            for docnum, weight, vbytes in sorted(self.postings[(fieldname, tbytes)]):
                yield fieldname, tbytes, docnum, weight, vbytes

    def cleanup(self):
        self.postings.clear()


# Whoosh's default codec keeps 128 postings a block, each block compressed with zlib. Every search
# reads whole posting lists (whoosh_snapshot), so blocks of 1,024 uncompressed postings are read
# 40% faster (30 common words at 100,000 products: 43 -> 25 ms) for 6% more disk, and writing them
# compresses nothing. Segments written before keep their own format: the reader handles both.
BLOCK_POSTINGS = 1024
CODEC = W3Codec(blocklimit=BLOCK_POSTINGS, compression=0)


class FastWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", CODEC)
        super().__init__(ix, **kwargs)
        self.pool = _MemoryPool()

    def _flush_segment(self):
        # No field is scorable, so skip the per-posting length look-ups Whoosh would make.
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, None, self.pool.iter_postings())
        self.fieldwriter.close()


class BulkWriter(FastWriter):
    """For a whole new index (reindex): each document's words are appended to in-memory arrays
    of document numbers, and each posting list is handed to Whoosh's block writer a block at a
    time instead of a posting at a time. Several times faster than add_document at 100,000
    products. Only for this schema, and only for documents added in docnum order."""

    INDEXED = ("code", "exact", "id", "name", "text")

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.arrays = {name: defaultdict(lambda: array("I")) for name in self.INDEXED}

    def add_document(self, **fields):
        docnum = self.docnum
        for name in self.INDEXED:
            value = fields[name]
            postings = self.arrays[name]
            for term in {value} if name in ("id", "code") else set(words(value)):
                postings[term].append(docnum)
        writer = self.perdocwriter
        writer.start_doc(docnum)
        writer.add_field("meta", self.schema["meta"], fields["meta"], 0)
        writer.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in self.INDEXED:
            fieldwriter.start_field(name, self.schema[name])
            postings = self.arrays[name]
            for term in sorted(postings, key=lambda t: t.encode("utf-8")):
                _write_postings(fieldwriter, term.encode("utf-8"), postings[term])
            fieldwriter.finish_field()
            postings.clear()
        fieldwriter.close()


def _write_postings(fieldwriter, tbytes: bytes, docnums: array) -> None:
    """What FieldWriter.add() does posting by posting, a whole block at a time."""
    if len(docnums) == 1:
        _write_inline(fieldwriter, tbytes, docnums[0])
        return
    fieldwriter.start_term(tbytes)
    block = fieldwriter._postwriter
    limit = block._blocklimit
    for start in range(0, len(docnums), limit):
        if len(block._ids):
            block._write_block()
        chunk = docnums[start : start + limit]
        block._ids = chunk
        block._weights = array("f", _ONES[: len(chunk)])
        block._maxweight = 1.0
    fieldwriter.finish_term()


_ONES = array("f", [1.0] * BLOCK_POSTINGS)


def _write_inline(fieldwriter, tbytes: bytes, docnum: int) -> None:
    """A term of one document (most are: ids, house numbers, names) keeps its posting inside its
    term entry, where Whoosh's codec reads it, instead of in a block of its own: 90% of
    the terms of 100,000 products, and 40% of the time spent writing them. (Whoosh's own writer
    never inlines: its limit is 1 posting, and the method its inline branch calls does not exist.)"""
    terminfo = W3TermInfo(weight=1.0, df=1, maxweight=1.0, minid=docnum, maxid=docnum)
    terminfo.set_inlined((docnum,), (1.0,), (b"",))  # b"": a value, as a later merge expects bytes
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())


class Store:
    """The search folder of one DATA_DIR."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "search"
        self.current_file = self.root / "CURRENT"
        self.version_file = self.root / "VERSION"
        self.lock_file = self.root / "write.lock"
        self.rebuilding_file = self.root / "rebuilding"
        self.journal_file = self.root / "journal"
        self.failed_file = self.root / "failed"

    # -- where the live index is ----------------------------------------------------------

    def current_dir(self) -> Path | None:
        """The live index folder; None before the first index exists. Raises when CURRENT names
        a folder that is gone: an empty index must not silently stand in for a lost one."""
        try:
            name = self.current_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        if not name or not path.is_dir():
            raise FileNotFoundError(f"the search index folder {name!r} is missing: run `search reindex`")
        return path

    def open_index(self, create: bool = False):
        """The live index; with create=True an empty one is made when there is none."""
        path = self.current_dir()
        if path is None:
            if not create:
                return None
            with self.write_lock():
                path = self.current_dir()
                if path is None:
                    path = self.new_dir()
                    index.create_in(str(path), make_schema())
                    self.swap_to(path)
        return index.open_dir(str(path))

    def new_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"index-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        path.mkdir()
        return path

    def swap_to(self, path: Path) -> None:
        """Point CURRENT at `path` atomically (rename), then tell readers."""
        temporary = self.root / f"CURRENT.{os.getpid()}"
        temporary.write_text(path.name, encoding="ascii")
        os.replace(temporary, self.current_file)
        self.touch_version()
        self._remove_old(keep={path.name})

    def _remove_old(self, keep: set[str]) -> None:
        # Keep the previous index a while: a reader may still be finishing a query on it.
        folders = sorted((p for p in self.root.glob("index-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
        for old in folders[:-2]:
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def touch_version(self) -> None:
        temporary = self.root / f"VERSION.{os.getpid()}"
        temporary.write_text(str(time.time_ns()), encoding="ascii")
        os.replace(temporary, self.version_file)

    def version(self) -> tuple:
        """Cheap to ask on every query: changes whenever the index or CURRENT does."""
        try:
            stat = self.version_file.stat()
        except FileNotFoundError:
            return (0, 0)
        return (stat.st_ino, stat.st_mtime_ns)

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT):
        """One writer at a time across processes (flock: the kernel frees it if a writer dies)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.lock_file, "a+") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError("the search index is locked by another writer") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def journal(self, product_ids) -> None:
        """While a rebuild runs, remember what changed so it can be replayed before the swap."""
        if self.rebuilding_file.exists():
            with open(self.journal_file, "a", encoding="ascii") as handle:
                handle.write("".join(f"{pid}\n" for pid in product_ids))

    def take_journal(self) -> set[int]:
        try:
            text = self.journal_file.read_text(encoding="ascii")
        except FileNotFoundError:
            return set()
        self.journal_file.unlink()
        return {int(line) for line in text.split()}

    def remember_failed(self, product_ids) -> None:
        """Ids whose write failed after their commit (the lock timed out, the disk was full):
        the next writer, or the next rebuild, redoes them. Appending a line needs no lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.failed_file, "a", encoding="ascii") as handle:
            handle.write("".join(f"{pid}\n" for pid in product_ids))

    def take_failed(self) -> set[int]:
        try:
            text = self.failed_file.read_text(encoding="ascii")
        except FileNotFoundError:
            return set()
        self.failed_file.unlink()
        return {int(line) for line in text.split()}
