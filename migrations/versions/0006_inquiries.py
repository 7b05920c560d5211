"""Partner inquiries: threads, messages, quotes, buying requests, notices, drafts.

Revision ID: 0006_inquiries
Revises: 0005_payments
Create Date: 2026-11-28 23:33:20.025500

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = '0006_inquiries'
down_revision = '0005_payments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inquiry_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_drafts')),
    sa.UniqueConstraint('token', name=op.f('uq_inquiry_drafts_token'))
    )
    with op.batch_alter_table('inquiry_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_drafts_created_at'), ['created_at'], unique=False)

    op.create_table('buying_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('group_number', sa.SmallInteger(), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('export_market', sa.String(length=80), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_buying_requests_quantity')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_buying_requests_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], name=op.f('fk_buying_requests_hidden_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], name=op.f('fk_buying_requests_province_code_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buying_requests'))
    )
    with op.batch_alter_table('buying_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_buying_requests_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_buying_requests_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_buying_requests_group_number'), ['group_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_buying_requests_status'), ['status'], unique=False)

    op.create_table('inquiry_notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('daily_digest', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_inquiry_notification_settings'))
    )
    op.create_table('inquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('started_by', sa.String(length=10), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('target_price_vnd', sa.BigInteger(), nullable=True),
    sa.Column('delivery_province_code', sa.String(length=2), nullable=True),
    sa.Column('delivery_country', sa.String(length=80), nullable=True),
    sa.Column('wanted_by', sa.Date(), nullable=True),
    sa.Column('contact_preference', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('closed_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_buyer_activity_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_producer_activity_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('buyer_read_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('producer_read_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('spam_reported_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('spam_reported_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity IS NULL OR quantity > 0', name=op.f('ck_inquiries_quantity')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_inquiries_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delivery_province_code'], ['provinces.code'], name=op.f('fk_inquiries_delivery_province_code_provinces')),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_inquiries_producer_id_producers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_inquiries_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['buying_requests.id'], name=op.f('fk_inquiries_request_id_buying_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['spam_reported_by_id'], ['users.id'], name=op.f('fk_inquiries_spam_reported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiries')),
    sa.UniqueConstraint('request_id', 'producer_id', name=op.f('uq_inquiries_request_id_producer_id'))
    )
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiries_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index('ix_inquiries_producer_status', ['producer_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_spam_reported_at'), ['spam_reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_status'), ['status'], unique=False)

    op.create_table('inquiry_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attachment_key', sa.String(length=40), nullable=True),
    sa.Column('attachment_name', sa.String(length=120), nullable=True),
    sa.Column('attachment_kind', sa.String(length=10), nullable=True),
    sa.Column('attachment_size', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_inquiry_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_messages_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_messages'))
    )
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_messages_inquiry_id'), ['inquiry_id'], unique=False)

    op.create_table('inquiry_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('mailed_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_notices_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['buying_requests.id'], name=op.f('fk_inquiry_notices_request_id_buying_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_notices'))
    )
    with op.batch_alter_table('inquiry_notices', schema=None) as batch_op:
        batch_op.create_index('ix_inquiry_notices_pending', ['mailed_at', 'user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiry_notices_user_id'), ['user_id'], unique=False)

    op.create_table('inquiry_quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('unit_price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('min_quantity', sa.Integer(), nullable=True),
    sa.Column('lead_time_days', sa.Integer(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('delivery_terms', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('min_quantity IS NULL OR min_quantity > 0', name=op.f('ck_inquiry_quotes_min_quantity')),
    sa.CheckConstraint('unit_price_vnd >= 0', name=op.f('ck_inquiry_quotes_price')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_inquiry_quotes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_quotes_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_quotes'))
    )
    with op.batch_alter_table('inquiry_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_quotes_inquiry_id'), ['inquiry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('inquiry_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_quotes_inquiry_id'))

    op.drop_table('inquiry_quotes')
    with op.batch_alter_table('inquiry_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_notices_user_id'))
        batch_op.drop_index('ix_inquiry_notices_pending')

    op.drop_table('inquiry_notices')
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_messages_inquiry_id'))

    op.drop_table('inquiry_messages')
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiries_status'))
        batch_op.drop_index(batch_op.f('ix_inquiries_spam_reported_at'))
        batch_op.drop_index(batch_op.f('ix_inquiries_product_id'))
        batch_op.drop_index('ix_inquiries_producer_status')
        batch_op.drop_index(batch_op.f('ix_inquiries_last_activity_at'))
        batch_op.drop_index(batch_op.f('ix_inquiries_buyer_id'))

    op.drop_table('inquiries')
    op.drop_table('inquiry_notification_settings')
    with op.batch_alter_table('buying_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_buying_requests_status'))
        batch_op.drop_index(batch_op.f('ix_buying_requests_group_number'))
        batch_op.drop_index(batch_op.f('ix_buying_requests_deadline'))
        batch_op.drop_index(batch_op.f('ix_buying_requests_buyer_id'))

    op.drop_table('buying_requests')
    with op.batch_alter_table('inquiry_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_drafts_created_at'))

    op.drop_table('inquiry_drafts')
