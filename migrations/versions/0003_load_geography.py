"""load the shipped provinces and communes (data migration)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

"""
import sqlalchemy as sa
from alembic import op

from marketplace.core.text import fold
from marketplace.geography import resolver

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
    op.bulk_insert(
        provinces,
        [{"code": p.code, "name": p.name, "name_folded": fold(p.name), "kind": p.kind}
         for p in resolver.provinces()],
    )
    op.bulk_insert(
        communes,
        [{"code": c.code, "province_code": c.province_code, "name": c.name,
          "name_folded": fold(c.name), "kind": c.kind}
         for p in resolver.provinces() for c in resolver.communes_of(p.code)],
    )


def downgrade():
    op.execute(communes.delete())
    op.execute(provinces.delete())
