"""The embedded engine reads each term's postings a block at a time (whoosh_snapshot._posting_ids),
not through Whoosh's matcher. It must give exactly the documents Whoosh itself gives: across
segments (each numbered from its own offset), across blocks, without deleted documents (a segment
holding some is read through a filtering matcher), and for terms Whoosh keeps inline in its term
index."""

import pytest

from marketplace.search.whoosh_snapshot import Snapshot
from marketplace.search.whoosh_store import Store

# More postings than one block holds (128 in Whoosh's codec), and a term found once.
COMMON, RARE = 300, 1


def _add(writer, number: int) -> None:
    words = ["gom"] + (["bat"] if number % 3 == 0 else []) + (["duynhat"] if number == 7 else [])
    writer.add_document(
        id=str(number), code=f"sp{number}", text=" ".join(words), name=words[0], exact="gốm", meta=(number,)
    )


@pytest.fixture
def snapshot(tmp_path):
    ix = Store(tmp_path).open_index(create=True)
    for first in (0, COMMON):  # two commits: two segments, the second numbered from an offset
        writer = ix.writer()
        for number in range(first, first + COMMON):
            _add(writer, number)
        writer.commit(merge=False)
    writer = ix.writer()
    for number in (COMMON + 9, 2 * COMMON - 1):  # the first segment keeps all its documents
        writer.delete_by_term("id", str(number))
    writer.commit(merge=False)
    searcher = ix.searcher()
    assert len(list(searcher.reader().leaf_readers())) == 2
    yield Snapshot(searcher, {})
    searcher.close()


def _whoosh_own(snapshot: Snapshot, field: str, term: str) -> frozenset:
    reader = snapshot.reader
    if (field, term) not in reader:
        return frozenset()
    return frozenset(n for n in reader.postings(field, term).all_ids() if not reader.is_deleted(n))


@pytest.mark.parametrize(("field", "term"), [("text", "gom"), ("text", "bat"), ("name", "gom"), ("text", "duynhat")])
def test_block_reading_gives_the_documents_whoosh_gives(snapshot, field, term):
    found = snapshot.docs(field, term)
    assert found == _whoosh_own(snapshot, field, term)
    assert found <= snapshot.live


def test_documents_are_numbered_across_segments_and_deletions_are_left_out(snapshot):
    gom = snapshot.docs("text", "gom")
    assert len(gom) == 2 * COMMON - 2
    assert {snapshot.metas[n][0] for n in gom} == set(range(2 * COMMON)) - {COMMON + 9, 2 * COMMON - 1}
    assert {snapshot.metas[n][0] for n in snapshot.docs("text", "duynhat")} == {7}
    assert snapshot.docs("text", "khong_co") == frozenset()
