"""listing_orders: a btree index on search_documents for each order a listing can take (relevance,
newest, price up, price down) and for the filters without one (group, province, category, certificate);
nothing on SQLite

Revision ID: 0024_listing_orders
Revises: 0023_search_entries_rebuilt
Create Date: 2026-12-07 17:00:00

A catalogue page without words (/products, its later pages, a province or a group) matches every
entry. Reading them all to sort them and keep twenty took 1.4 to 1.8 s at 1,000,000 products; read
along an index in the page's order, the statement stops after the page. The expressions are exactly
postgres_engine._ORDER's, or the planner cannot use them.

A listing with two filters takes the filtered facets' counts from the catalogue counts and counts
the rest over the products matching both (postgres_engine: facets_within), which the filters'
indexes find together (a bitmap AND) instead of reading every entry: a province and a group took
1.4 s at a million products. The price and OCOP filters already lead an order's index. A GIN index
on the certificate kinds serves the certificate filter: a listing of a rare certificate read along
its order's index otherwise read every entry (4.7 s).

Building the indexes locks out catalogue writes (not reads) for a few seconds at a million entries.
"""

from alembic import op

revision = "0024_listing_orders"
down_revision = "0023_search_entries_rebuilt"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_search_documents_relevance": "ocop DESC, published DESC, product_id DESC",
    "ix_search_documents_newest": "published DESC, product_id DESC",
    "ix_search_documents_price_up": "price ASC NULLS LAST, published DESC, product_id DESC",
    "ix_search_documents_price_down": "price DESC NULLS LAST, published DESC, product_id DESC",
    "ix_search_documents_group": "group_number",
    "ix_search_documents_province": "province_code",
    "ix_search_documents_category": "category_id",
    "ix_search_documents_cert": "cert_kinds",  # GIN: see below
}
GIN = {"ix_search_documents_cert"}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in INDEXES.items():
        method = "USING gin " if name in GIN else ""
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_documents {method}({columns})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
