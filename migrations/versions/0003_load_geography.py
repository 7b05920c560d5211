"""load the shipped provinces and communes (data migration)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

"""
import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# A frozen copy of exactly the rows this step inserts: the live geography file (and the folding of
# names) may change later, and an old migration must load today what it loaded when it was written.
DATA = Path(__file__).resolve().parent.parent / "data" / "geography_0003.json"

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Table shapes as of this revision, so later model changes cannot alter what this step does.
provinces = sa.table(
    "provinces",
    sa.column("code", sa.String), sa.column("name", sa.String),
    sa.column("name_folded", sa.String), sa.column("kind", sa.String),
)
communes = sa.table(
    "communes",
    sa.column("code", sa.String), sa.column("province_code", sa.String), sa.column("name", sa.String),
    sa.column("name_folded", sa.String), sa.column("kind", sa.String),
)


def upgrade():
    connection = op.get_bind()
    if connection.execute(sa.select(sa.func.count()).select_from(provinces)).scalar():
        return  # already loaded (e.g. by `flask geography load`)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    op.bulk_insert(provinces, data["provinces"])
    op.bulk_insert(communes, data["communes"])


def downgrade():
    op.execute(communes.delete())
    op.execute(provinces.delete())
