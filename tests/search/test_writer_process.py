"""A large import's index entries are written by a second process beside its batches: are they
all searchable when the command ends, nowhere after a rollback, replaced rather than duplicated,
and still written (in-process, or by the next writer) when that process dies?"""

import logging

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.catalogue.imports.importer import run_import
from marketplace.core.unitofwork import unit_of_work
from marketplace.extensions import db
from marketplace.search import engine, sync
from marketplace.search.whoosh_engine import WhooshEngine
from marketplace.search.whoosh_store import FastWriter
from tests import factories
from tests.catalogue.import_fixtures import csv_bytes, row
from tests.search.conftest import make_app

ROWS = 7  # more than SEARCH_STREAM_FROM below, in several batches when run with progress_every=2


@pytest.fixture(scope="module")
def stream_app(tmp_path_factory):
    """A Whoosh app whose commits are real, handing entries to a writer process from 2 pending."""
    app = make_app(tmp_path_factory, "writer_process", "whoosh")
    app.config["SEARCH_STREAM_FROM"] = 2
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def streams(monkeypatch):
    """The writer processes opened during the test (the real ones, only counted)."""
    opened = []
    original = WhooshEngine.open_stream

    def counted(self):
        opened.append(original(self))
        return opened[-1]

    monkeypatch.setattr(WhooshEngine, "open_stream", counted)
    return opened


def found(query: str) -> list[int]:
    hits = engine.search_products(query, {}, per_page=100)
    return [] if hits.any_word else hits.ids


def catalogue(word: str, n: int = ROWS, **cells) -> bytes:
    return csv_bytes(
        [row(900 + i, f"W{i}", product_name=f"Chiếu {word} số {i}", **cells) for i in range(n)],
    )


def imported(data: bytes, on_batch=None, fail_after: int | None = None):
    """run_import as the command runs it (one unit of work, entries handed over after each batch),
    in batches of two rows; `fail_after` batches, raise (the unit of work rolls back)."""
    batches = []

    def after_batch(report):
        sync.send_pending(db.session)
        batches.append(report.processed_rows)
        if on_batch is not None:
            on_batch(len(batches))
        if fail_after is not None and len(batches) > fail_after:
            raise RuntimeError("the import broke half-way")

    with unit_of_work():
        return run_import(data, filename="t.csv", on_progress=after_batch, progress_every=2)


def test_an_import_through_the_command_is_searchable_when_it_ends(stream_app, tmp_path, streams):
    path = tmp_path / "list.csv"
    path.write_bytes(catalogue("cói Kim Sơn"))
    with stream_app.app_context():
        result = stream_app.test_cli_runner().invoke(args=["import-catalogue", str(path)])
        assert result.exit_code == 0, result.output
        assert len(streams) == 1 and streams[0].process.returncode == 0
        assert len(found("chieu coi kim son")) == ROWS


def test_an_import_that_rolls_back_after_some_batches_leaves_nothing_in_the_index(stream_app, streams):
    with stream_app.app_context():
        with pytest.raises(RuntimeError):
            imported(catalogue("cói Nga Sơn"), fail_after=2)
        assert len(streams) == 1 and streams[0].product_ids  # entries had been handed over
        assert streams[0].process.returncode is not None  # and the writer has ended
        assert found("chieu coi nga son") == []
        later = factories.product(factories.producer(), name="Chiếu trúc Nga Sơn")
        db.session.commit()  # the write lock is free again
        assert found("chieu nga son") == [later.id]


def test_an_import_that_updates_products_replaces_their_entries(stream_app, streams):
    with stream_app.app_context():
        imported(catalogue("lác Định Yên"))
        ids = sorted(found("chieu lac dinh yen"))
        imported(catalogue("lác Định Yên", product_name_en="Sedge mat"))
        imported(csv_bytes([row(900 + i, f"W{i}", product_name=f"Chiếu hoa Định Yên số {i}") for i in range(ROWS)]))
        assert len(streams) == 3
        assert found("chieu lac dinh yen") == []
        assert sorted(found("chieu hoa dinh yen")) == ids and len(ids) == ROWS


def test_a_product_changed_again_later_in_the_transaction_has_one_entry(stream_app, streams):
    with stream_app.app_context():
        products = [factories.product(factories.producer(), name=f"Nón lá Chuông {i}") for i in range(3)]
        db.session.flush()
        sync.send_pending(db.session)
        products[0].name = "Nón bài thơ Huế"
        db.session.flush()
        sync.send_pending(db.session)  # one pending: kept for the commit
        db.session.commit()
        assert len(streams) == 1
        assert found("non bai tho hue") == [products[0].id]
        assert sorted(found("non la chuong")) == sorted(p.id for p in products[1:])


def test_a_writer_process_that_dies_mid_import_neither_hangs_nor_loses_entries(stream_app, streams, caplog):
    def kill_writer(batch):
        if batch == 2:
            assert streams[0].connection.poll(60)  # started: it has taken over the failed ids
            streams[0].process.kill()

    with stream_app.app_context(), caplog.at_level(logging.ERROR):
        earlier = factories.product(factories.producer(), name="Chiếu cói Phát Diệm cũ")
        db.session.commit()
        engine.engine().write([], {earlier.id})  # as if its write had failed after its commit:
        engine.retry_later({earlier.id})  # left for the next writer, which is the import's process
        imported(catalogue("cói Phát Diệm"), on_batch=kill_writer)
        assert "writing in this process instead" in caplog.text
        assert len(found("chieu coi phat diem")) == ROWS + 1
        assert earlier.id in found("chieu coi phat diem cu")


def test_a_writer_process_that_dies_after_the_database_commit_leaves_its_ids_to_the_next_writer(stream_app, streams):
    def kill_writer(session):
        staged = session.info.get(sync.STAGED)
        if staged is not None and hasattr(staged, "process"):
            staged.process.kill()
            staged.process.wait()

    event.listen(Session, "after_commit", kill_writer, insert=True)
    try:
        with stream_app.app_context():
            imported(catalogue("cói Hới"))
    finally:
        event.remove(Session, "after_commit", kill_writer)
    with stream_app.app_context():
        assert found("chieu coi hoi") == []  # not written: the process died before showing its segment
        assert engine.engine().store.failed_file.exists()
        later = factories.product(factories.producer(), name="Chiếu trúc Hới")
        db.session.commit()  # the next writer redoes them
        assert len(found("chieu coi hoi")) == ROWS
        assert found("chieu truc hoi") == [later.id]


def test_entries_written_in_bulk_are_found_after_their_segment_is_merged(stream_app):
    """A term of one document keeps its posting inline (whoosh_store._write_inline): readers and
    a later writer's merge must both read it."""
    with stream_app.app_context():
        imported(catalogue("cói Tam Điệp"))
        ids = sorted(found("chieu coi tam diep"))
        codes = {i: found(f"chieu coi tam diep so {i}") for i in range(ROWS)}
        store = engine.engine().store
        with store.write_lock():  # every segment merged into one, by the writer requests use
            FastWriter(store.open_index()).commit(optimize=True)
            store.touch_version()
        with store.open_index().reader() as reader:
            assert len(reader.leaf_readers()) == 1
        assert sorted(found("chieu coi tam diep")) == ids and len(ids) == ROWS
        assert {i: found(f"chieu coi tam diep so {i}") for i in range(ROWS)} == codes
        assert all(len(hit) == 1 for hit in codes.values())
