"""leads: buyers met at a booth (fair_leads, fair_lead_products); a thread's origin fair and its products

Revision ID: 0020_leads
Revises: 0019_saved_searches
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa

from marketplace.core.models import UTCDateTime


# revision identifiers, used by Alembic.
revision = "0020_leads"
down_revision = "0019_saved_searches"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_fair_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_inquiries_origin_fair_id"), ["origin_fair_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_inquiries_origin_fair_id_fairs"), "fairs", ["origin_fair_id"],
                                    ["id"], ondelete="SET NULL")
    op.create_table(
        "inquiry_products",
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["inquiry_id"], ["inquiries.id"], name=op.f("fk_inquiry_products_inquiry_id_inquiries"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_inquiry_products_product_id_products"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("inquiry_id", "product_id", name=op.f("pk_inquiry_products")),
    )
    op.create_table(
        "fair_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("inquiry_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("scanned_by_id", sa.Integer(), nullable=True),
        sa.Column("scanned_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_scanned_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_fair_leads_rating")),
        sa.CheckConstraint("withdrawn_at IS NULL OR (buyer_id IS NULL AND note IS NULL AND inquiry_id IS NULL)",
                           name=op.f("ck_fair_leads_withdrawn_anonymous")),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name=op.f("fk_fair_leads_buyer_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["fair_id"], ["fairs.id"], name=op.f("fk_fair_leads_fair_id_fairs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["inquiry_id"], ["inquiries.id"], name=op.f("fk_fair_leads_inquiry_id_inquiries"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["producer_id"], ["producers.id"], name=op.f("fk_fair_leads_producer_id_producers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scanned_by_id"], ["users.id"], name=op.f("fk_fair_leads_scanned_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair_leads")),
        sa.UniqueConstraint("fair_id", "producer_id", "buyer_id", name=op.f("uq_fair_leads_fair_id_producer_id_buyer_id")),
    )
    with op.batch_alter_table("fair_leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fair_leads_buyer_id"), ["buyer_id"], unique=False)
        batch_op.create_index("ix_fair_leads_fair_producer", ["fair_id", "producer_id"], unique=False)
    op.create_table(
        "fair_lead_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["fair_leads.id"], name=op.f("fk_fair_lead_products_lead_id_fair_leads"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_fair_lead_products_product_id_products"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair_lead_products")),
        sa.UniqueConstraint("lead_id", "product_id", name=op.f("uq_fair_lead_products_lead_id_product_id")),
    )
    with op.batch_alter_table("fair_lead_products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fair_lead_products_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fair_lead_products_product_id"), ["product_id"], unique=False)


def downgrade():
    with op.batch_alter_table("fair_lead_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fair_lead_products_product_id"))
        batch_op.drop_index(batch_op.f("ix_fair_lead_products_lead_id"))
    op.drop_table("fair_lead_products")
    with op.batch_alter_table("fair_leads", schema=None) as batch_op:
        batch_op.drop_index("ix_fair_leads_fair_producer")
        batch_op.drop_index(batch_op.f("ix_fair_leads_buyer_id"))
    op.drop_table("fair_leads")
    op.drop_table("inquiry_products")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inquiries_origin_fair_id_fairs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_inquiries_origin_fair_id"))
        batch_op.drop_column("origin_fair_id")
