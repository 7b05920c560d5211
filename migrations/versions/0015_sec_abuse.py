"""abuse limits: one live meeting per buyer and exhibitor (a partial unique index), the staff review
queue of buyers reported as spam, and a booking's subsidy counted against the budget only once committed

Revision ID: 0015_sec_abuse
Revises: 0014_sec_accounts
Create Date: 2026-12-06 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = "0015_sec_abuse"
down_revision = "0014_sec_accounts"
branch_labels = None
depends_on = None

LIVE_MEETING = "status IN ('requested', 'accepted')"
PENDING_REVIEW = "status = 'pending'"


def upgrade():
    # Meetings carry their slot's fair and exhibitor, so the database can guard the pair.
    with op.batch_alter_table('fair_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fair_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('producer_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE fair_meetings SET"
        " fair_id = (SELECT s.fair_id FROM fair_meeting_slots s WHERE s.id = fair_meetings.slot_id),"
        " producer_id = (SELECT s.producer_id FROM fair_meeting_slots s WHERE s.id = fair_meetings.slot_id)"
    )
    # A race before this index may have left two live meetings of one buyer with one exhibitor:
    # the later ones are called off so the index can be built.
    op.execute(
        "UPDATE fair_meetings SET status = 'cancelled' WHERE status IN ('requested', 'accepted') AND EXISTS ("
        " SELECT 1 FROM fair_meetings older WHERE older.buyer_id = fair_meetings.buyer_id"
        " AND older.fair_id = fair_meetings.fair_id AND older.producer_id = fair_meetings.producer_id"
        " AND older.status IN ('requested', 'accepted') AND older.id < fair_meetings.id)"
    )
    with op.batch_alter_table('fair_meetings', schema=None) as batch_op:
        batch_op.alter_column('fair_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('producer_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_fair_meetings_fair_id_fairs'), 'fairs', ['fair_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_fair_meetings_producer_id_producers'), 'producers',
                                    ['producer_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index('uq_fair_meetings_live_buyer_exhibitor', ['buyer_id', 'fair_id', 'producer_id'],
                              unique=True, sqlite_where=sa.text(LIVE_MEETING), postgresql_where=sa.text(LIVE_MEETING))

    op.create_table('inquiry_spam_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reporters', sa.Integer(), nullable=False),
    sa.Column('opened_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('blocked_until', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'blocked', 'dismissed')", name=op.f('ck_inquiry_spam_reviews_status')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_inquiry_spam_reviews_buyer_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_inquiry_spam_reviews_decided_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_spam_reviews'))
    )
    with op.batch_alter_table('inquiry_spam_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_spam_reviews_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index('uq_inquiry_spam_reviews_pending_buyer', ['buyer_id'], unique=True,
                              sqlite_where=sa.text(PENDING_REVIEW), postgresql_where=sa.text(PENDING_REVIEW))

    # Until now every live booking's subsidy was counted in the fair's budget the moment it was held;
    # those keep counting (marked committed), new ones count from approval or payment.
    with op.batch_alter_table('fair_bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subsidy_committed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE fair_bookings SET subsidy_committed = TRUE WHERE subsidy_vnd > 0"
        " AND status IN ('held', 'applied', 'requested', 'pending_payment', 'paid')"
    )


def downgrade():
    with op.batch_alter_table('fair_bookings', schema=None) as batch_op:
        batch_op.drop_column('subsidy_committed')
    with op.batch_alter_table('inquiry_spam_reviews', schema=None) as batch_op:
        batch_op.drop_index('uq_inquiry_spam_reviews_pending_buyer', sqlite_where=sa.text(PENDING_REVIEW),
                            postgresql_where=sa.text(PENDING_REVIEW))
        batch_op.drop_index(batch_op.f('ix_inquiry_spam_reviews_buyer_id'))
    op.drop_table('inquiry_spam_reviews')
    with op.batch_alter_table('fair_meetings', schema=None) as batch_op:
        batch_op.drop_index('uq_fair_meetings_live_buyer_exhibitor', sqlite_where=sa.text(LIVE_MEETING),
                            postgresql_where=sa.text(LIVE_MEETING))
        batch_op.drop_constraint(batch_op.f('fk_fair_meetings_producer_id_producers'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_fair_meetings_fair_id_fairs'), type_='foreignkey')
        batch_op.drop_column('producer_id')
        batch_op.drop_column('fair_id')
