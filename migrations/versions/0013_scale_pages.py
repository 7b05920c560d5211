"""scale: precomputed catalogue counts, and indexes for what listings filter and sort on

Revision ID: 0013_scale_pages
Revises: 0012_fair_meetings
Create Date: 2026-12-06 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_scale_pages'
down_revision = '0012_fair_meetings'
branch_labels = None
depends_on = None


def upgrade():
    # Filled by the first refresh (after the first catalogue write, the first read, or
    # `flask refresh-counts`); until then pages count for themselves.
    op.create_table(
        'catalogue_counts',
        sa.Column('facet', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=80), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('facet', 'value', name=op.f('pk_catalogue_counts')),
    )
    # The home page's newest products, read along the index instead of sorting every product.
    op.create_index('ix_products_status_newest', 'products',
                    ['status', sa.text('coalesce(published_at, created_at) DESC'), sa.text('id DESC')])
    # A page of producers' published product counts, and a producer's own products.
    op.create_index('ix_products_producer_status', 'products', ['producer_id', 'status'])
    # The directory: one province's producers by name, a page at a time.
    op.create_index('ix_producers_province_slug', 'producers', ['province_code', 'slug', 'id'])


def downgrade():
    op.drop_index('ix_producers_province_slug', table_name='producers')
    op.drop_index('ix_products_producer_status', table_name='products')
    op.drop_index('ix_products_status_newest', table_name='products')
    op.drop_table('catalogue_counts')
