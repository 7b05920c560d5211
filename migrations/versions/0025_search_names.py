"""search_names: search_documents gets the products' names as a vector of their own, before the long
vectors, and the relevance index carries it; nothing on SQLite

Revision ID: 0025_search_names
Revises: 0024_listing_orders
Create Date: 2026-12-07 21:00:00

Measured at 1,000,000 products, where a search by relevance read every match (60,850 for "nuoc mam")
to find the 500 best by the names test, OCOP stars, date and id (postgres_engine.CANDIDATES):
- The names test on the whole document, restricted to weight A, took 20 ms of the 75; on a vector of
  the names alone (74 bytes against the document's 524) it takes about 7.
- The exact words' vector loses its positions (nothing reads them): 283 bytes a row became 182, which
  more than pays for the names' 74 (a search's count reads every match's row).
- Carried in the relevance index (INCLUDE), the names let a broad search find those 500 by walking
  the index in its order from an index-only scan: 8,149 index entries for "nuoc mam", 2 to 3 ms,
  where reading and sorting every match took 50 to 60 (postgres_engine: _walked).

The table is rebuilt as 0023 rebuilt it, so that the names come before the long vectors (a column
after them is reached only by stepping over them) and the entries keep the order of their category
and name. Catalogue writes wait for the rebuild (25 to 45 s at a million entries); searches read the
old table until the swap.
"""

from alembic import op

revision = "0025_search_names"
down_revision = "0024_listing_orders"
branch_labels = None
depends_on = None

COLUMNS = (
    "product_id, category_id, published, ocop, group_number, price, province_code, code, cert_kinds,"
    " cert_until, document, exact"
)
# 0024's, under passing names until the swap; the relevance index now carries the names.
INDEXES = {
    "ix_search_documents_relevance": "btree (ocop DESC, published DESC, product_id DESC) INCLUDE (names)",
    "ix_search_documents_newest": "btree (published DESC, product_id DESC)",
    "ix_search_documents_price_up": "btree (price ASC NULLS LAST, published DESC, product_id DESC)",
    "ix_search_documents_price_down": "btree (price DESC NULLS LAST, published DESC, product_id DESC)",
    "ix_search_documents_group": "btree (group_number)",
    "ix_search_documents_province": "btree (province_code)",
    "ix_search_documents_category": "btree (category_id)",
    "ix_search_documents_cert": "gin (cert_kinds)",
    "ix_search_documents_document": "gin (document) WITH (gin_pending_list_limit = 64)",
    "ix_search_documents_code": "btree (lower(code))",
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("LOCK TABLE search_documents IN EXCLUSIVE MODE")  # no write may slip past the copy
    op.execute("""
        CREATE TABLE search_documents_rebuilt (
            product_id integer NOT NULL,
            category_id integer NOT NULL,
            published double precision NOT NULL,
            ocop smallint NOT NULL,
            group_number smallint NOT NULL,
            price bigint,
            province_code varchar(2) NOT NULL,
            code varchar(40) NOT NULL,
            cert_kinds text[] NOT NULL,
            cert_until integer[] NOT NULL,
            names tsvector NOT NULL,
            document tsvector NOT NULL,
            exact tsvector NOT NULL
        )
    """)
    # The names are the document's weight-A part (postgres_documents writes them from the same text),
    # and neither they nor the exact words keep positions: only matches are asked of them.
    op.execute(f"""
        INSERT INTO search_documents_rebuilt ({COLUMNS}, names)
        SELECT {COLUMNS.replace("exact", "strip(exact)")}, strip(ts_filter(document, '{{a}}'))
        FROM search_documents ORDER BY ctid
    """)  # noqa: S608  (fixed text)
    op.execute("ALTER TABLE search_documents_rebuilt ADD CONSTRAINT rebuilt_pkey PRIMARY KEY (product_id)")
    op.execute(
        "ALTER TABLE search_documents_rebuilt ADD CONSTRAINT rebuilt_product_id_fkey FOREIGN KEY (product_id)"
        " REFERENCES products (id) ON DELETE CASCADE"
    )
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX rebuilt_{name} ON search_documents_rebuilt USING {definition}")
    op.execute("ANALYZE search_documents_rebuilt")
    op.execute("DROP TABLE search_documents")
    op.execute("ALTER TABLE search_documents_rebuilt RENAME TO search_documents")
    op.execute("ALTER TABLE search_documents RENAME CONSTRAINT rebuilt_pkey TO search_documents_pkey")
    op.execute(
        "ALTER TABLE search_documents RENAME CONSTRAINT rebuilt_product_id_fkey TO search_documents_product_id_fkey"
    )
    for name in INDEXES:
        op.execute(f"ALTER INDEX rebuilt_{name} RENAME TO {name}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_search_documents_relevance")
    op.execute("ALTER TABLE search_documents DROP COLUMN names")
    op.execute("CREATE INDEX ix_search_documents_relevance ON search_documents (ocop DESC, published DESC, product_id DESC)")
