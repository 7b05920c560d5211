"""phone2: the phone number an inquiry asks to be called on; English texts of fairs and booth types

Revision ID: 0017_phone2
Revises: 0016_sec_content
Create Date: 2026-12-06 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_phone2"
down_revision = "0016_sec_content"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=30), nullable=True))
    with op.batch_alter_table("fairs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("venue_en", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("description_en", sa.Text(), nullable=True))
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("inclusions_en", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.drop_column("inclusions_en")
        batch_op.drop_column("name_en")
    with op.batch_alter_table("fairs", schema=None) as batch_op:
        batch_op.drop_column("description_en")
        batch_op.drop_column("venue_en")
        batch_op.drop_column("name_en")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_column("contact_phone")
