"""After a bulk import, refresh the planner's statistics of the tables it loaded: right after
100,000 rows arrive, PostgreSQL still believes the tables hold the few rows it last sampled and
picks plans that run for minutes (issue 12)."""

from sqlalchemy import text

from marketplace.extensions import db

# What an import writes; the search tables are written by the PostgreSQL engine in the same
# transaction (they exist on PostgreSQL whichever engine runs, and are empty under Whoosh).
LOADED = ("producers", "products", "certifications", "categories", "audit_events")
POSTGRES_SEARCH = ("search_documents", "search_words")


def analyse_loaded_tables() -> None:
    """ANALYZE the loaded tables (PostgreSQL), or ANALYZE them and let SQLite's optimiser run;
    the caller commits (PostgreSQL keeps statistics in its catalogue, inside the transaction)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"ANALYZE {', '.join(LOADED + POSTGRES_SEARCH)}"))
        return
    for table in LOADED:
        db.session.execute(text(f"ANALYZE {table}"))
    db.session.execute(text("PRAGMA optimize"))


def vacuum_search_entries() -> None:
    """After the import's statistics are committed, PostgreSQL only: VACUUM the search entries, so
    that their pages are marked all-visible and a broad search walks the relevance index alone
    (search/postgres_walk.py) instead of visiting every entry it passes (about 1 s at 1,000,000
    entries; autovacuum, off on some servers, would come much later). On a connection of its own,
    outside any transaction, as VACUUM must run. SKIP_LOCKED: it never waits, and skips the table
    while another transaction holds it (autovacuum at work, or a test's enclosing transaction)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM (SKIP_LOCKED) {POSTGRES_SEARCH[0]}"))
