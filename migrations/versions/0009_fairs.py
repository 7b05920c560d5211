"""Fairs: halls, booth types, booths, bookings (never two live on one booth), waiting lists

Revision ID: 0009_fairs
Revises: 0008_import
Create Date: 2026-11-29 00:46:08.666058

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = '0009_fairs'
down_revision = '0008_import'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('registration_opens_on', sa.Date(), nullable=False),
    sa.Column('registration_closes_on', sa.Date(), nullable=False),
    sa.Column('registration_closed_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('published_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('booking_mode', sa.String(length=12), nullable=False),
    sa.Column('verified_only', sa.Boolean(), nullable=False),
    sa.Column('eligible_groups', sa.JSON(), nullable=False),
    sa.Column('eligible_provinces', sa.JSON(), nullable=False),
    sa.Column('max_booths_per_producer', sa.SmallInteger(), nullable=False),
    sa.Column('hold_minutes', sa.Integer(), nullable=False),
    sa.Column('payment_hold_hours', sa.Integer(), nullable=False),
    sa.Column('offer_hours', sa.Integer(), nullable=False),
    sa.Column('cancel_deadline', sa.Date(), nullable=True),
    sa.Column('subsidy_percent', sa.SmallInteger(), nullable=False),
    sa.Column('subsidy_cap_vnd', sa.BigInteger(), nullable=True),
    sa.Column('subsidy_budget_vnd', sa.BigInteger(), nullable=False),
    sa.Column('subsidy_committed_vnd', sa.BigInteger(), nullable=False),
    sa.Column('subsidy_verified_only', sa.Boolean(), nullable=False),
    sa.Column('subsidy_types', sa.JSON(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_fairs_dates')),
    sa.CheckConstraint('max_booths_per_producer >= 1', name=op.f('ck_fairs_capacity')),
    sa.CheckConstraint('registration_closes_on >= registration_opens_on', name=op.f('ck_fairs_registration')),
    sa.CheckConstraint('subsidy_committed_vnd >= 0 AND subsidy_committed_vnd <= subsidy_budget_vnd', name=op.f('ck_fairs_subsidy_budget')),
    sa.CheckConstraint('subsidy_percent BETWEEN 0 AND 100', name=op.f('ck_fairs_subsidy_percent')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_fairs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], name=op.f('fk_fairs_province_code_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fairs'))
    )
    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fairs_province_code'), ['province_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_fairs_status'), ['status'], unique=False)

    op.create_table('booth_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('width_m', sa.Float(), nullable=False),
    sa.Column('depth_m', sa.Float(), nullable=False),
    sa.Column('price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('inclusions', sa.Text(), nullable=True),
    sa.CheckConstraint('price_vnd >= 0', name=op.f('ck_booth_types_price')),
    sa.CheckConstraint('width_m > 0 AND depth_m > 0', name=op.f('ck_booth_types_size')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_booth_types_fair_id_fairs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booth_types')),
    sa.UniqueConstraint('fair_id', 'code', name=op.f('uq_booth_types_fair_id_code'))
    )
    with op.batch_alter_table('booth_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booth_types_fair_id'), ['fair_id'], unique=False)

    op.create_table('fair_halls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('width_m', sa.Float(), nullable=False),
    sa.Column('depth_m', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_halls_fair_id_fairs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_halls')),
    sa.UniqueConstraint('fair_id', 'name', name=op.f('uq_fair_halls_fair_id_name'))
    )
    with op.batch_alter_table('fair_halls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_halls_fair_id'), ['fair_id'], unique=False)

    op.create_table('booths',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('booth_type_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('w', sa.Float(), nullable=False),
    sa.Column('h', sa.Float(), nullable=False),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.CheckConstraint('w > 0 AND h > 0 AND x >= 0 AND y >= 0', name=op.f('ck_booths_geometry')),
    sa.ForeignKeyConstraint(['booth_type_id'], ['booth_types.id'], name=op.f('fk_booths_booth_type_id_booth_types')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_booths_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hall_id'], ['fair_halls.id'], name=op.f('fk_booths_hall_id_fair_halls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booths')),
    sa.UniqueConstraint('fair_id', 'code', name=op.f('uq_booths_fair_id_code'))
    )
    with op.batch_alter_table('booths', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booths_booth_type_id'), ['booth_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booths_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booths_hall_id'), ['hall_id'], unique=False)

    op.create_table('fair_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('booth_id', sa.Integer(), nullable=True),
    sa.Column('booth_type_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('list_price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('subsidy_vnd', sa.BigInteger(), nullable=False),
    sa.Column('subsidy_note', sa.String(length=20), nullable=True),
    sa.Column('expires_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('submitted_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('paid_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("booth_id IS NOT NULL OR status NOT IN ('held', 'applied', 'pending_payment')", name=op.f('ck_fair_bookings_booth_when_live')),
    sa.CheckConstraint("status IN ('held', 'applied', 'requested', 'pending_payment', 'paid', 'cancelled', 'rejected', 'expired')", name=op.f('ck_fair_bookings_status')),
    sa.CheckConstraint('subsidy_vnd >= 0 AND subsidy_vnd <= list_price_vnd', name=op.f('ck_fair_bookings_subsidy')),
    sa.ForeignKeyConstraint(['booth_id'], ['booths.id'], name=op.f('fk_fair_bookings_booth_id_booths')),
    sa.ForeignKeyConstraint(['booth_type_id'], ['booth_types.id'], name=op.f('fk_fair_bookings_booth_type_id_booth_types')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_fair_bookings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_fair_bookings_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_bookings_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_fair_bookings_producer_id_producers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_fair_bookings_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_bookings'))
    )
    with op.batch_alter_table('fair_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_bookings_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index('ix_fair_bookings_fair_status', ['fair_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_bookings_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index('uq_fair_bookings_live_booth', ['booth_id'], unique=True, sqlite_where=sa.text("status IN ('held', 'applied', 'pending_payment', 'paid')"), postgresql_where=sa.text("status IN ('held', 'applied', 'pending_payment', 'paid')"))

    op.create_table('fair_booking_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['fair_bookings.id'], name=op.f('fk_fair_booking_products_booking_id_fair_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_fair_booking_products_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_booking_products')),
    sa.UniqueConstraint('booking_id', 'product_id', name=op.f('uq_fair_booking_products_booking_id_product_id'))
    )
    with op.batch_alter_table('fair_booking_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_booking_products_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_booking_products_product_id'), ['product_id'], unique=False)

    op.create_table('fair_waitlist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('booth_type_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('joined_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('offered_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['fair_bookings.id'], name=op.f('fk_fair_waitlist_booking_id_fair_bookings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['booth_type_id'], ['booth_types.id'], name=op.f('fk_fair_waitlist_booth_type_id_booth_types'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_waitlist_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_fair_waitlist_producer_id_producers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_fair_waitlist_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_waitlist')),
    sa.UniqueConstraint('booth_type_id', 'producer_id', name=op.f('uq_fair_waitlist_booth_type_id_producer_id'))
    )
    with op.batch_alter_table('fair_waitlist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_waitlist_booth_type_id'), ['booth_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_waitlist_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_waitlist_producer_id'), ['producer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('fair_waitlist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_waitlist_producer_id'))
        batch_op.drop_index(batch_op.f('ix_fair_waitlist_fair_id'))
        batch_op.drop_index(batch_op.f('ix_fair_waitlist_booth_type_id'))

    op.drop_table('fair_waitlist')
    with op.batch_alter_table('fair_booking_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_booking_products_product_id'))
        batch_op.drop_index(batch_op.f('ix_fair_booking_products_booking_id'))

    op.drop_table('fair_booking_products')
    with op.batch_alter_table('fair_bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_fair_bookings_live_booth', sqlite_where=sa.text("status IN ('held', 'applied', 'pending_payment', 'paid')"), postgresql_where=sa.text("status IN ('held', 'applied', 'pending_payment', 'paid')"))
        batch_op.drop_index(batch_op.f('ix_fair_bookings_producer_id'))
        batch_op.drop_index('ix_fair_bookings_fair_status')
        batch_op.drop_index(batch_op.f('ix_fair_bookings_fair_id'))

    op.drop_table('fair_bookings')
    with op.batch_alter_table('booths', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booths_hall_id'))
        batch_op.drop_index(batch_op.f('ix_booths_fair_id'))
        batch_op.drop_index(batch_op.f('ix_booths_booth_type_id'))

    op.drop_table('booths')
    with op.batch_alter_table('fair_halls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_halls_fair_id'))

    op.drop_table('fair_halls')
    with op.batch_alter_table('booth_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booth_types_fair_id'))

    op.drop_table('booth_types')
    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fairs_status'))
        batch_op.drop_index(batch_op.f('ix_fairs_province_code'))

    op.drop_table('fairs')
