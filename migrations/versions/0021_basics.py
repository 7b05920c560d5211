"""basics: drop products.search_text, the folded text of the LIKE search nothing reads any more
(searching goes through the search engines: Whoosh or PostgreSQL full text)

Revision ID: 0021_basics
Revises: 0020_leads
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0021_basics"
down_revision = "0020_leads"
branch_labels = None
depends_on = None


# SQLite's batch mode copies the table and cannot carry an index on an expression (migration 0016):
# it is dropped before the copy and made again after it.
NEWEST = ("ix_products_status_newest", "products",
          ["status", sa.text("coalesce(published_at, created_at) DESC"), sa.text("id DESC")])


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    if _sqlite():
        op.drop_index(NEWEST[0], table_name="products")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("search_text")
    if _sqlite():
        op.create_index(*NEWEST)


def downgrade():
    # Rows come back with an empty text: the old code refreshed it on each product's next save.
    if _sqlite():
        op.drop_index(NEWEST[0], table_name="products")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    if _sqlite():
        op.create_index(*NEWEST)
