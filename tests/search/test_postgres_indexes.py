"""The PostgreSQL engine's indexes (migration 0022_search_indexes): the document GIN index keeps a
short pending list, and no write pays for a GIN index no search reads."""

import pytest
from sqlalchemy import text

from marketplace.extensions import db


def test_searches_read_a_short_pending_list_and_writes_keep_only_the_indexes_searches_use(live):
    """Each search scans the whole unsorted pending list of the index it uses: at the default 4 MB
    that can cost more than the rest of the index lookup."""
    if live.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine keeps its index in files")
    with live.app_context():
        indexes = dict(
            db.session.execute(
                text(
                    "SELECT i.relname, i.reloptions FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                    " WHERE x.indrelid = 'search_documents'::regclass"
                )
            ).all()
        )
        db.session.remove()

    assert indexes["ix_search_documents_document"] == ["gin_pending_list_limit=64"]
    relevance = db_index_definition(live, "ix_search_documents_relevance")
    assert relevance.endswith("(ocop DESC, published DESC, product_id DESC) INCLUDE (names)")  # postgres_walk
    listing_orders = {
        f"ix_search_documents_{order}"
        for order in ("relevance", "newest", "price_up", "price_down", "group", "province", "category", "cert")
    }
    assert set(indexes) == {"search_documents_pkey", "ix_search_documents_document", "ix_search_documents_code"} | (
        listing_orders  # 0024_listing_orders: read by pages without words (test_listing_orders)
    )


def db_index_definition(app, name: str) -> str:
    with app.app_context():
        definition = db.session.execute(text("SELECT pg_get_indexdef(CAST(:n AS regclass))"), {"n": name}).scalar()
        db.session.remove()
    return definition


def test_the_words_typos_are_corrected_to_are_the_indexed_lexemes(judged):
    """A correction is looked up among search_words and then matched against the documents: every
    word there must be one of their lexemes, and every lexeme a word there (after a fresh load)."""
    app, _ids = judged
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("the Whoosh engine corrects against its own index")
    with app.app_context():
        lexemes = set(
            db.session.scalars(text("SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_documents"))
        )
        words = set(db.session.scalars(text("SELECT word FROM search_words")))
        db.session.remove()
    assert lexemes and words == lexemes
