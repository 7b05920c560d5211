"""onsite_gate: exhibitors' staff badges, and the check-ins recorded at a fair's gate

Revision ID: 0018_onsite_gate
Revises: 0017_phone2
Create Date: 2026-12-06 20:16:50.336040

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = "0018_onsite_gate"
down_revision = "0017_phone2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fair_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('badge_kind', sa.String(length=1), nullable=False),
    sa.Column('badge_number', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('scanned_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('scan_id', sa.String(length=64), nullable=False),
    sa.CheckConstraint("badge_kind IN ('E', 'V')", name=op.f('ck_fair_check_ins_badge_kind')),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_check_ins_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_fair_check_ins_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_check_ins')),
    sa.UniqueConstraint('fair_id', 'badge_kind', 'badge_number', 'day', name=op.f('uq_fair_check_ins_fair_id_badge_kind_badge_number_day')),
    sa.UniqueConstraint('scan_id', name=op.f('uq_fair_check_ins_scan_id'))
    )
    op.create_table('fair_exhibitor_badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('person_name', sa.String(length=80), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_fair_exhibitor_badges_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], name=op.f('fk_fair_exhibitor_badges_fair_id_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_fair_exhibitor_badges_producer_id_producers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_exhibitor_badges'))
    )
    with op.batch_alter_table('fair_exhibitor_badges', schema=None) as batch_op:
        batch_op.create_index('ix_fair_exhibitor_badges_fair_producer', ['fair_id', 'producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_exhibitor_badges_producer_id'), ['producer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('fair_exhibitor_badges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_exhibitor_badges_producer_id'))
        batch_op.drop_index('ix_fair_exhibitor_badges_fair_producer')

    op.drop_table('fair_exhibitor_badges')
    op.drop_table('fair_check_ins')
