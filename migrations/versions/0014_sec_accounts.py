"""accounts: server-side login sessions (logout ends a session for good); no API token for an unconfirmed email

Revision ID: 0014_sec_accounts
Revises: 0013_scale_pages
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = "0014_sec_accounts"
down_revision = "0013_scale_pages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_login_sessions_key_hash'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)
    # Tokens an unconfirmed address took before confirmation was required: the address may not be
    # theirs (someone registered with a cooperative's email before its owner did).
    op.execute("DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE email_verified_at IS NULL)")


def downgrade():
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
