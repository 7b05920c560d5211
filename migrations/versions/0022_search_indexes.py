"""search_indexes: the document GIN index of search_documents keeps a pending list of at most 64 kB,
and the GIN indexes on .exact and .names, which no search reads, are dropped; nothing on SQLite

Revision ID: 0022_search_indexes
Revises: 0021_basics
Create Date: 2026-12-07 03:20:00

A GIN index first appends new entries to an unsorted pending list, merged into the index by VACUUM
or once it passes gin_pending_list_limit (4 MB by default). Every search scans the whole list: at
100,000 products, after 4,005 product writes since the last merge, the index part of "gio may" read
376 buffers in 3.2 ms instead of 28 in 1.0. At 64 kB it costs at most a few pages, and those writes
took as long (155 ms against 162); with fastupdate off they took 359.

.exact and .names are only tested on the rows the document index found (pg_stat_user_indexes shows
no scan of theirs), yet every write kept their indexes: inserting 100,000 entries took 4.4 s with
them and 1.9 s without.
"""

from alembic import op

revision = "0022_search_indexes"
down_revision = "0021_basics"
branch_labels = None
depends_on = None

DOCUMENT_INDEX = "ix_search_documents_document"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_exact")
    op.execute("DROP INDEX IF EXISTS ix_search_documents_names")
    op.execute(f"ALTER INDEX {DOCUMENT_INDEX} SET (gin_pending_list_limit = 64)")
    op.execute(f"SELECT gin_clean_pending_list('{DOCUMENT_INDEX}'::regclass)")  # what the old limit let pile up


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER INDEX {DOCUMENT_INDEX} RESET (gin_pending_list_limit)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents_exact ON search_documents USING gin (exact)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents_names ON search_documents USING gin (names)")
