"""payments: invoices with their lines, the append-only payment ledger, Stripe events, bank statements

Revision ID: 0005_payments
Revises: 0004
Create Date: 2026-11-28 23:37:33.298698

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = '0005_payments'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stripe_events',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=True),
    sa.Column('received_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_events'))
    )
    op.create_table('bank_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('applied_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('applied_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_bank_statements_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_statements'))
    )
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('payable_kind', sa.String(length=30), nullable=False),
    sa.Column('payable_id', sa.Integer(), nullable=False),
    sa.Column('context_kind', sa.String(length=30), nullable=True),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('context_label', sa.String(length=200), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('description_en', sa.String(length=200), nullable=True),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('payer_user_id', sa.Integer(), nullable=True),
    sa.Column('payer_producer_id', sa.Integer(), nullable=True),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('payer_tax_code', sa.String(length=14), nullable=True),
    sa.Column('payer_address', sa.String(length=255), nullable=True),
    sa.Column('payer_email', sa.String(length=254), nullable=True),
    sa.Column('seller_name', sa.String(length=200), nullable=False),
    sa.Column('seller_tax_code', sa.String(length=14), nullable=True),
    sa.Column('seller_address', sa.String(length=255), nullable=True),
    sa.Column('bank_bin', sa.String(length=6), nullable=True),
    sa.Column('bank_account_number', sa.String(length=19), nullable=True),
    sa.Column('bank_account_name', sa.String(length=120), nullable=True),
    sa.Column('return_path', sa.String(length=255), nullable=True),
    sa.Column('due_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('void_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount_vnd > 0', name=op.f('ck_invoices_amount_vnd')),
    sa.ForeignKeyConstraint(['payer_producer_id'], ['producers.id'], name=op.f('fk_invoices_payer_producer_id_producers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payer_user_id'], ['users.id'], name=op.f('fk_invoices_payer_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('payable_kind', 'payable_id', name=op.f('uq_invoices_payable_kind_payable_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_invoices_reference'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index('ix_invoices_context', ['context_kind', 'context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_payer_producer_id'), ['payer_producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_payer_user_id'), ['payer_user_id'], unique=False)

    op.create_table('invoice_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('description_en', sa.String(length=200), nullable=True),
    sa.Column('list_price_vnd', sa.Integer(), nullable=False),
    sa.Column('subsidy_vnd', sa.Integer(), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount_vnd = list_price_vnd - subsidy_vnd', name=op.f('ck_invoice_lines_amount_vnd')),
    sa.CheckConstraint('subsidy_vnd >= 0 AND subsidy_vnd <= list_price_vnd', name=op.f('ck_invoice_lines_subsidy_vnd')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_lines_invoice_id_invoices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_lines'))
    )
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_lines_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('payment_transactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('provider_ref', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('payment_ref', sa.String(length=80), nullable=True),
    sa.Column('event_id', sa.String(length=80), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_vnd >= 0', name=op.f('ck_payment_transactions_amount_vnd')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_payment_transactions_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payment_transactions_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_transactions')),
    sa.UniqueConstraint('invoice_id', 'seq', name=op.f('uq_payment_transactions_invoice_id_seq'))
    )
    with op.batch_alter_table('payment_transactions', schema=None) as batch_op:
        batch_op.create_index('ix_payment_transactions_chain', ['provider', 'provider_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_transactions_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_transactions_payment_ref'), ['payment_ref'], unique=False)



def downgrade():
    with op.batch_alter_table('payment_transactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_transactions_payment_ref'))
        batch_op.drop_index(batch_op.f('ix_payment_transactions_invoice_id'))
        batch_op.drop_index('ix_payment_transactions_chain')

    op.drop_table('payment_transactions')
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_lines_invoice_id'))

    op.drop_table('invoice_lines')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_payer_user_id'))
        batch_op.drop_index(batch_op.f('ix_invoices_payer_producer_id'))
        batch_op.drop_index('ix_invoices_context')

    op.drop_table('invoices')
    op.drop_table('bank_statements')
    op.drop_table('stripe_events')
