"""saved searches: a buyer's catalogue search mailed daily or weekly with its new products

Revision ID: 0019_saved_searches
Revises: 0018_onsite_gate
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = "0019_saved_searches"
down_revision = "0018_onsite_gate"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.String(length=8), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('last_digest_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("frequency IN ('daily', 'weekly')", name=op.f('ck_saved_searches_frequency')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches')),
    sa.UniqueConstraint('user_id', 'fingerprint', name=op.f('uq_saved_searches_user_id_fingerprint'))
    )
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)

    op.create_table('saved_search_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('saved_search_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_saved_search_deliveries_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'], name=op.f('fk_saved_search_deliveries_saved_search_id_saved_searches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_search_deliveries')),
    sa.UniqueConstraint('saved_search_id', 'product_id', name=op.f('uq_saved_search_deliveries_saved_search_id_product_id'))
    )
    with op.batch_alter_table('saved_search_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_search_deliveries_product_id'), ['product_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_search_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_search_deliveries_product_id'))
    op.drop_table('saved_search_deliveries')
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))
    op.drop_table('saved_searches')
