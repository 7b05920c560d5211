"""certifications: verified flag (who granted or checked it); self-declared OCOP and standout titles stop counting

Revision ID: 0016_sec_content
Revises: 0015_sec_abuse
Create Date: 2026-12-06 17:30:00

Existing rows. Nothing recorded who entered a certification, so the upgrade marks a row verified when
something other than a producer's own account must have written it:
- an award certificate points at it (issued by the awards module when results were published);
- its producer has no member account (only the centre's import or staff could have entered it);
- its producer is a demo establishment (e-mail @demo.cnnt.vn, written by `seed-demo`).
Every other row (entered while a producer account existed) becomes self-declared; staff can verify the
OCOP and standout ones from the product's certificate page. Products' ocop_stars are recomputed from the
verified OCOP rows still valid today, so the `ocop_min` filter stops trusting self-declared stars at once.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


revision = "0016_sec_content"
down_revision = "0015_sec_abuse"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('verified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verified_at', marketplace.core.models.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_certifications_verified_by_id_users'), 'users',
                                    ['verified_by_id'], ['id'], ondelete='SET NULL')

    holder = "COALESCE(c.producer_id, (SELECT p.producer_id FROM products p WHERE p.id = c.product_id))"
    op.execute(sa.text(f"""
        UPDATE certifications SET verified = true WHERE id IN (
            SELECT c.id FROM certifications c
            WHERE EXISTS (SELECT 1 FROM award_certificates a WHERE a.catalogue_certification_id = c.id)
               OR NOT EXISTS (SELECT 1 FROM producer_members m WHERE m.producer_id = {holder})
               OR EXISTS (SELECT 1 FROM producers d WHERE d.id = {holder} AND d.email LIKE '%@demo.cnnt.vn')
        )"""))
    # The highest verified OCOP rating still valid today (as services.refresh_ocop_stars keeps it).
    op.execute(sa.text("""
        UPDATE products SET ocop_stars = COALESCE((
            SELECT MAX(c.stars) FROM certifications c
            WHERE c.product_id = products.id AND c.kind = 'ocop' AND c.verified = true
              AND (c.valid_from IS NULL OR c.valid_from <= CURRENT_DATE)
              AND (c.valid_until IS NULL OR c.valid_until >= CURRENT_DATE)
        ), 0)"""))


def downgrade():
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certifications_verified_by_id_users'), type_='foreignkey')
        batch_op.drop_column('verified_at')
        batch_op.drop_column('verified_by_id')
        batch_op.drop_column('verified')
