"""`search reindex`: a rebuild from the database while the site keeps answering, and readiness."""

import threading

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.extensions import db
from marketplace.search import engine
from tests import factories
from tests.search.test_sync import found


def _catalogue(app, count: int, word: str) -> list[int]:
    with app.app_context():
        first = factories.product(factories.producer(), name=f"Bình hoa {word} 0")
        products = [first] + [factories.product(first.producer, name=f"Bình hoa {word} {n}") for n in range(1, count)]
        db.session.commit()
        return [p.id for p in products]


def test_reindex_command_rebuilds_from_the_database_with_a_progress_bar(live):
    ids = _catalogue(live, 5, "lavender")
    result = live.test_cli_runner().invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Indexing products" in result.output
    assert "Indexed" in result.output and "products/s" in result.output
    with live.app_context():
        assert sorted(found("binh hoa lavender")) == sorted(ids)


def test_the_site_keeps_answering_during_a_rebuild_and_loses_no_change_made_meanwhile(live):
    ids = _catalogue(live, 60, "oaihuong")
    failures, answers, stop = [], [], threading.Event()

    def serve():
        with live.app_context():
            while not stop.is_set():
                try:
                    answers.append(len(found("binh hoa oaihuong")))
                except Exception as error:  # noqa: BLE001 — any failure while serving is the bug
                    failures.append(error)
                db.session.remove()

    def rename():
        with live.app_context():
            product = db.session.get(Product, ids[0])
            product.name = "Bình gốm rename trong lúc dựng lại"
            db.session.commit()

    writer = threading.Thread(target=rename)

    def rename_meanwhile(_done):
        # Another request commits a change while the rebuild is under way (with PostgreSQL its
        # entry waits for the rebuild's transaction, so do not wait for it here).
        if not writer.is_alive() and writer.ident is None:
            writer.start()
            writer.join(timeout=3)

    reader = threading.Thread(target=serve)
    reader.start()
    try:
        with live.app_context():
            count = engine.reindex(on_progress=rename_meanwhile)
            db.session.remove()
    finally:
        stop.set()
        reader.join()
        writer.join()

    assert not failures
    assert answers and min(answers) >= 59  # never an empty or half-built index
    with live.app_context():
        assert count >= 60
        assert found("rename trong luc dung lai") == [ids[0]]
        assert ids[0] not in found("binh hoa oaihuong")
        remaining = db.session.scalars(select(Product.id).where(Product.name.like("Bình hoa oaihuong%"))).all()
        assert sorted(found("binh hoa oaihuong")) == sorted(remaining)


def test_healthz_reports_the_search_index(live):
    response = live.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["search"] == "ok"


def test_healthz_answers_503_when_the_index_cannot_be_read(live):
    if live.config["SEARCH_BACKEND"] != "whoosh":
        pytest.skip("the PostgreSQL engine's index is in the database, whose failure core tests cover")
    with live.app_context():
        store = live.extensions["search"].store
        folder = store.current_dir()
        moved = folder.with_name(folder.name + "-moved")
        folder.rename(moved)
        store.touch_version()
        try:
            response = live.test_client().get("/healthz")
            assert response.status_code == 503
            assert response.get_json()["search"] == "error: FileNotFoundError"
        finally:
            moved.rename(folder)
            store.touch_version()
        assert live.test_client().get("/healthz").status_code == 200
