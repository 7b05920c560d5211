"""The embedded engine reads each term's postings a block at a time (whoosh_snapshot._posting_ids),
not through Whoosh's matcher, and orders a page without scoring every match when it can
(whoosh_ranking.order_page).

Reading must give exactly the documents Whoosh itself gives: across segments (each numbered from its
own offset), across blocks, without deleted documents (a segment holding some is read through a
filtering matcher), and for terms Whoosh keeps inline in its term index. Ordering must give the
pages the full scoring gives."""

import pytest

from marketplace.search import planner
from marketplace.search.results import Request
from marketplace.search.whoosh_ranking import order_page
from marketplace.search.whoosh_snapshot import Snapshot
from marketplace.search.whoosh_store import FastWriter, Store

# More postings than one block holds (128 in Whoosh's default codec, 1,024 in the site's), and a
# term found once.
COMMON = 1100


def _add(writer, number: int) -> None:
    words = ["gom"] + (["bat"] if number % 3 == 0 else []) + (["duynhat"] if number == 7 else [])
    writer.add_document(
        id=str(number), code=f"sp{number}", text=" ".join(words), name=words[0], exact="gốm", meta=(number,)
    )


# Whoosh's own writer and codec (indexes written before whoosh_store.CODEC), and the site's.
WRITERS = {"whoosh default": lambda ix: ix.writer(), "site codec": FastWriter}


@pytest.fixture(params=WRITERS)
def snapshot(request, tmp_path):
    ix = Store(tmp_path).open_index(create=True)
    for first in (0, COMMON):  # two commits: two segments, the second numbered from an offset
        writer = WRITERS[request.param](ix)
        for number in range(first, first + COMMON):
            _add(writer, number)
        writer.commit(merge=False)
    writer = WRITERS[request.param](ix)
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


@pytest.fixture
def ranked(tmp_path):
    """Products whose names hold both words, one, or neither (found by their description), with
    OCOP stars and publication times that decide ties."""
    ix = Store(tmp_path).open_index(create=True)
    writer = ix.writer()
    for number in range(120):
        name = ("gom bat", "gom", "bat trang", "lo")[number % 4]
        meta = (number, 1, "01", 0, number % 6, 100, float(number % 7), ())  # PID … OCOP, PRICE, PUBLISHED
        writer.add_document(id=str(number), code=f"sp{number}", text=f"{name} gom bat", name=name, exact="", meta=meta)
    writer.commit()
    searcher = ix.searcher()
    yield Snapshot(searcher, {})
    searcher.close()


@pytest.mark.parametrize("per_page", [5, 20, 30])
def test_a_short_page_is_the_start_of_the_fully_scored_order(ranked, per_page):
    """A page the best-scored documents fill is ordered without scoring every match: it must be
    the beginning of the order the full scoring gives (a page longer than that group)."""
    words, code = planner.parse("gom bat")
    matches = ranked.docs("text", "gom") & ranked.docs("text", "bat")
    scored = order_page(ranked, Request(words, code, {}, 1, len(matches)), matches)
    both_in_name = {n for n in matches if ranked.metas[n][0] % 4 == 0}
    assert set(scored[: len(both_in_name)]) == both_in_name  # the names with both words first
    assert order_page(ranked, Request(words, code, {}, 1, per_page), matches) == scored[:per_page]
    assert order_page(ranked, Request(words, code, {}, 2, per_page), matches) == scored[per_page : 2 * per_page]
