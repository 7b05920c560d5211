"""search_indexes: drop the GIN indexes on search_documents.exact and .names, which no search reads
(both are tested on the rows a match on the document index found); every write paid for them

Revision ID: 0022_search_indexes
Revises: 0021_basics
Create Date: 2026-12-07 03:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0022_search_indexes"
down_revision = "0021_basics"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_exact")
    op.execute("DROP INDEX IF EXISTS ix_search_documents_names")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents_exact ON search_documents USING gin (exact)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents_names ON search_documents USING gin (names)")
