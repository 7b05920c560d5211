"""search: PostgreSQL full-text tables (unaccent, pg_trgm, GIN); nothing on SQLite

Revision ID: 0011_search
Revises: 0010_awards_thresholds
Create Date: 2026-11-28 23:50:00

The Whoosh engine (the default) keeps its index under DATA_DIR, not in the database, so on
SQLite this migration does nothing. On PostgreSQL it prepares SEARCH_BACKEND=postgres: the
tables exist whichever engine runs, and `flask --app wsgi search reindex` fills them.
Hand-written: these tables are not SQLAlchemy models (see marketplace/search/postgres_schema.py),
so that autogenerate on SQLite never proposes them.
"""
from alembic import op

revision = "0011_search"
down_revision = "0010_awards_thresholds"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("""
        CREATE TABLE search_documents (
            product_id integer PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
            document tsvector NOT NULL,
            exact tsvector NOT NULL,
            names tsvector NOT NULL,
            code varchar(40) NOT NULL,
            group_number smallint NOT NULL,
            province_code varchar(2) NOT NULL,
            category_id integer NOT NULL,
            ocop smallint NOT NULL,
            price bigint,
            published double precision NOT NULL,
            cert_kinds text[] NOT NULL,
            cert_until integer[] NOT NULL
        )
    """)
    op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)")
    op.execute("CREATE INDEX ix_search_documents_exact ON search_documents USING gin (exact)")
    op.execute("CREATE INDEX ix_search_documents_names ON search_documents USING gin (names)")
    op.execute("CREATE INDEX ix_search_documents_code ON search_documents (lower(code))")
    op.execute("CREATE TABLE search_words (word text PRIMARY KEY)")
    # Set to a fresh sequence number by every index write inside its transaction: app servers
    # drop cached answers once it commits; a rolled-back number is never used again.
    op.execute("CREATE SEQUENCE search_version_seq")
    op.execute("CREATE TABLE search_state (version bigint NOT NULL)")
    op.execute("INSERT INTO search_state (version) VALUES (0)")
    op.execute("CREATE INDEX ix_search_words_trigram ON search_words USING gin (word gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_state")
    op.execute("DROP SEQUENCE IF EXISTS search_version_seq")
    op.execute("DROP TABLE IF EXISTS search_words")
    op.execute("DROP TABLE IF EXISTS search_documents")
