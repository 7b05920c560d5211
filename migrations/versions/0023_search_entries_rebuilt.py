"""search_entries_rebuilt: search_documents is rebuilt without its names column, fixed-width columns
first, its entries in the order of their category and name; nothing on SQLite

Revision ID: 0023_search_entries_rebuilt
Revises: 0022_search_indexes
Create Date: 2026-12-07 10:00:00

Measured at 1,000,000 products, where a search reads every entry it matches (60,850 for "nuoc mam"):
- The names' vector is already in the document at weight A. A search now tests a match's names with
  its words restricted to that weight (postgres_engine._bonus) instead of reading a second vector:
  the separate test cost 15 ms of 47 for the 41,340 matches of "gio may", and the column was 115
  of each entry's 1,048 bytes.
- The columns a search orders and filters by came after the two vectors, so every match's vectors
  were stepped over to reach them: reading ocop, published and product_id of 60,850 matches took
  37 ms with them there, 26.5 ms with them first.
- Entries in the order their products were imported put the matches of a product word on nearly as
  many pages as there are matches (35,347 pages for "gio may"); in the order of category and name,
  as postgres_documents.WRITE now writes them, on 5,346.

The rebuild took 25 to 43 s at a million entries. Catalogue writes wait for it (their entries cannot be
written meanwhile); searches go on reading the old table until the swap at the end.
The downgrade restores the names column from the document (its weight-A part, at the default weight
the column held); the column order and entry order it leaves are harmless.
"""

from alembic import op

revision = "0023_search_entries_rebuilt"
down_revision = "0022_search_indexes"
branch_labels = None
depends_on = None

COLUMNS = (
    "product_id, category_id, published, ocop, group_number, price, province_code, code, cert_kinds,"
    " cert_until, document, exact"
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("LOCK TABLE search_documents IN EXCLUSIVE MODE")  # no write may slip past the copy
    # Fixed-width and NOT NULL first (a row's offsets to them are then known without reading it),
    # nullable price last of those, the vectors at the end.
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
            document tsvector NOT NULL,
            exact tsvector NOT NULL
        )
    """)
    # The same order as postgres_documents.WRITE: category, then the names as the WRITE joins them.
    op.execute(f"""
        INSERT INTO search_documents_rebuilt ({COLUMNS})
        SELECT d.product_id, d.category_id, d.published, d.ocop, d.group_number, d.price, d.province_code, d.code,
            d.cert_kinds, d.cert_until, d.document, d.exact
        FROM search_documents d JOIN products p ON p.id = d.product_id
        ORDER BY d.category_id, lower(concat_ws(' ', nullif(p.name, ''), nullif(p.name_en, ''))) COLLATE "C",
            d.product_id
    """)  # noqa: S608  (fixed text)
    # Indexes and constraints before the swap, under passing names: readers wait only for the swap.
    op.execute("ALTER TABLE search_documents_rebuilt ADD CONSTRAINT rebuilt_pkey PRIMARY KEY (product_id)")
    op.execute(
        "ALTER TABLE search_documents_rebuilt ADD CONSTRAINT rebuilt_product_id_fkey FOREIGN KEY (product_id)"
        " REFERENCES products (id) ON DELETE CASCADE"
    )
    op.execute(
        "CREATE INDEX rebuilt_document ON search_documents_rebuilt USING gin (document)"
        " WITH (gin_pending_list_limit = 64)"
    )
    op.execute("CREATE INDEX rebuilt_code ON search_documents_rebuilt (lower(code))")
    op.execute("ANALYZE search_documents_rebuilt")
    op.execute("DROP TABLE search_documents")
    op.execute("ALTER TABLE search_documents_rebuilt RENAME TO search_documents")
    op.execute("ALTER TABLE search_documents RENAME CONSTRAINT rebuilt_pkey TO search_documents_pkey")
    op.execute(
        "ALTER TABLE search_documents RENAME CONSTRAINT rebuilt_product_id_fkey TO search_documents_product_id_fkey"
    )
    op.execute("ALTER INDEX rebuilt_document RENAME TO ix_search_documents_document")
    op.execute("ALTER INDEX rebuilt_code RENAME TO ix_search_documents_code")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_documents ADD COLUMN names tsvector")
    op.execute("UPDATE search_documents SET names = setweight(ts_filter(document, '{a}'), 'D')")
    op.execute("ALTER TABLE search_documents ALTER COLUMN names SET NOT NULL")
