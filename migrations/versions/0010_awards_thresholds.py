"""awards: per-programme thresholds of the public vote's anomaly report (defaults 48 h, 5, 3)

Revision ID: 0010_awards_thresholds
Revises: 0009_fairs
Create Date: 2026-11-29 00:30:53.277430

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_awards_thresholds'
down_revision = '0009_fairs'
branch_labels = None
depends_on = None


def upgrade():
    # Server defaults give programmes created before this migration the thresholds they ran with.
    with op.batch_alter_table('award_programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_account_hours', sa.SmallInteger(), server_default='48', nullable=False))
        batch_op.add_column(sa.Column('burst_votes', sa.SmallInteger(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('address_votes', sa.SmallInteger(), server_default='3', nullable=False))
        batch_op.create_check_constraint(
            'new_account_hours', sa.text('new_account_hours BETWEEN 1 AND 720'))
        batch_op.create_check_constraint('burst_votes', sa.text('burst_votes BETWEEN 2 AND 1000'))
        batch_op.create_check_constraint('address_votes', sa.text('address_votes BETWEEN 2 AND 1000'))


def downgrade():
    with op.batch_alter_table('award_programmes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_award_programmes_address_votes'), type_='check')
        batch_op.drop_constraint(op.f('ck_award_programmes_burst_votes'), type_='check')
        batch_op.drop_constraint(op.f('ck_award_programmes_new_account_hours'), type_='check')
        batch_op.drop_column('address_votes')
        batch_op.drop_column('burst_votes')
        batch_op.drop_column('new_account_hours')
