"""fairs: B2B meeting slots and meetings (one live meeting per slot), announcements, call subscriptions and deliveries

Revision ID: 0012_fair_meetings
Revises: 0011_search
Create Date: 2026-11-29 01:06:18.918779

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = '0012_fair_meetings'
down_revision = '0011_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call_subscriptions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('provinces', sa.JSON(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_call_subscriptions'))
    )
    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('published_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('fair_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('product_group', sa.SmallInteger(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('news', 'call')", name=op.f('ck_announcements_kind')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_announcements_status')),
    sa.CheckConstraint('product_group IS NULL OR product_group BETWEEN 1 AND 4', name=op.f('ck_announcements_product_group')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_announcements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_announcements_fair_id_fairs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['award_programmes.id'], name=op.f('fk_announcements_programme_id_award_programmes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], name=op.f('fk_announcements_province_code_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements'))
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcements_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcements_status'), ['status'], unique=False)

    op.create_table('fair_meeting_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_fair_meeting_slots_times')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_fair_meeting_slots_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_meeting_slots_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_fair_meeting_slots_producer_id_producers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_meeting_slots')),
    sa.UniqueConstraint('producer_id', 'starts_at', name=op.f('uq_fair_meeting_slots_producer_id_starts_at'))
    )
    with op.batch_alter_table('fair_meeting_slots', schema=None) as batch_op:
        batch_op.create_index('ix_fair_meeting_slots_fair_producer', ['fair_id', 'producer_id'], unique=False)

    op.create_table('call_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], name=op.f('fk_call_deliveries_announcement_id_announcements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_deliveries')),
    sa.UniqueConstraint('announcement_id', 'user_id', name=op.f('uq_call_deliveries_announcement_id_user_id'))
    )
    with op.batch_alter_table('call_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_deliveries_user_id'), ['user_id'], unique=False)

    op.create_table('fair_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('decided_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('requested', 'accepted', 'declined', 'cancelled')", name=op.f('ck_fair_meetings_status')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_fair_meetings_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_fair_meetings_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['fair_meeting_slots.id'], name=op.f('fk_fair_meetings_slot_id_fair_meeting_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_meetings'))
    )
    with op.batch_alter_table('fair_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_meetings_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_meetings_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index('uq_fair_meetings_live_slot', ['slot_id'], unique=True, sqlite_where=sa.text("status IN ('requested', 'accepted')"), postgresql_where=sa.text("status IN ('requested', 'accepted')"))



def downgrade():
    with op.batch_alter_table('fair_meetings', schema=None) as batch_op:
        batch_op.drop_index('uq_fair_meetings_live_slot', sqlite_where=sa.text("status IN ('requested', 'accepted')"), postgresql_where=sa.text("status IN ('requested', 'accepted')"))
        batch_op.drop_index(batch_op.f('ix_fair_meetings_slot_id'))
        batch_op.drop_index(batch_op.f('ix_fair_meetings_buyer_id'))

    op.drop_table('fair_meetings')
    with op.batch_alter_table('call_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_deliveries_user_id'))

    op.drop_table('call_deliveries')
    with op.batch_alter_table('fair_meeting_slots', schema=None) as batch_op:
        batch_op.drop_index('ix_fair_meeting_slots_fair_producer')

    op.drop_table('fair_meeting_slots')
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcements_status'))
        batch_op.drop_index(batch_op.f('ix_announcements_published_at'))

    op.drop_table('announcements')
    op.drop_table('call_subscriptions')
