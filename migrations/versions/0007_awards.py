"""standout rural products: programmes, criteria, dossiers, jury sheets, votes, certificates

Revision ID: 0007_awards
Revises: 0006_inquiries
Create Date: 2026-11-28 23:34:53.496726

"""
from alembic import op
import sqlalchemy as sa

import marketplace.core.models


# revision identifiers, used by Alembic.
revision = '0007_awards'
down_revision = '0006_inquiries'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('award_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('commune_code', sa.String(length=5), nullable=True),
    sa.Column('region', sa.String(length=10), nullable=True),
    sa.Column('group_numbers', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('phase', sa.String(length=12), nullable=False),
    sa.Column('nomination_closes_on', sa.Date(), nullable=True),
    sa.Column('judging_closes_on', sa.Date(), nullable=True),
    sa.Column('results_on', sa.Date(), nullable=True),
    sa.Column('pass_mark', sa.SmallInteger(), nullable=False),
    sa.Column('min_scores_per_entry', sa.SmallInteger(), nullable=False),
    sa.Column('disagreement_points', sa.SmallInteger(), nullable=False),
    sa.Column('requires_lower_level', sa.Boolean(), nullable=False),
    sa.Column('quota_per_group', sa.SmallInteger(), nullable=True),
    sa.Column('voting_enabled', sa.Boolean(), nullable=False),
    sa.Column('vote_weight', sa.SmallInteger(), nullable=False),
    sa.Column('voting_opens_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('voting_closes_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('council_approved_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('council_approved_by_id', sa.Integer(), nullable=True),
    sa.Column('council_reference', sa.String(length=200), nullable=True),
    sa.Column('decision_number', sa.String(length=60), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('published_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IN ('commune', 'province', 'region', 'national')", name=op.f('ck_award_programmes_level')),
    sa.CheckConstraint('pass_mark BETWEEN 0 AND 100', name=op.f('ck_award_programmes_pass_mark')),
    sa.CheckConstraint('vote_weight BETWEEN 0 AND 100', name=op.f('ck_award_programmes_vote_weight')),
    sa.ForeignKeyConstraint(['commune_code'], ['communes.code'], name=op.f('fk_award_programmes_commune_code_communes')),
    sa.ForeignKeyConstraint(['council_approved_by_id'], ['users.id'], name=op.f('fk_award_programmes_council_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_award_programmes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], name=op.f('fk_award_programmes_province_code_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_programmes'))
    )
    with op.batch_alter_table('award_programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_programmes_phase'), ['phase'], unique=False)

    op.create_table('award_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('max_points', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('max_points BETWEEN 1 AND 100', name=op.f('ck_award_criteria_max_points')),
    sa.ForeignKeyConstraint(['programme_id'], ['award_programmes.id'], name=op.f('fk_award_criteria_programme_id_award_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_criteria')),
    sa.UniqueConstraint('programme_id', 'code', name=op.f('uq_award_criteria_programme_id_code'))
    )
    with op.batch_alter_table('award_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_criteria_programme_id'), ['programme_id'], unique=False)

    op.create_table('award_jurors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group_number', sa.SmallInteger(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=True),
    sa.Column('appointed_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['communes.code'], name=op.f('fk_award_jurors_commune_code_communes')),
    sa.ForeignKeyConstraint(['programme_id'], ['award_programmes.id'], name=op.f('fk_award_jurors_programme_id_award_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_jurors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_jurors')),
    sa.UniqueConstraint('programme_id', 'user_id', 'group_number', name=op.f('uq_award_jurors_programme_id_user_id_group_number'))
    )
    with op.batch_alter_table('award_jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_jurors_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_jurors_user_id'), ['user_id'], unique=False)

    op.create_table('award_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('group_number', sa.SmallInteger(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('production', sa.Text(), nullable=True),
    sa.Column('markets', sa.Text(), nullable=True),
    sa.Column('made_in_series', sa.Boolean(), nullable=False),
    sa.Column('own_product', sa.Boolean(), nullable=False),
    sa.Column('meets_standards', sa.Boolean(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('previous_certificate_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('screened_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('screening_note', sa.Text(), nullable=True),
    sa.Column('award_override', sa.Boolean(), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=True),
    sa.Column('jury_score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('public_votes', sa.Integer(), nullable=True),
    sa.Column('rank', sa.SmallInteger(), nullable=True),
    sa.Column('awarded', sa.Boolean(), nullable=True),
    sa.Column('created_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('group_number BETWEEN 1 AND 4', name=op.f('ck_award_nominations_group_number')),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_award_nominations_nominated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_award_nominations_producer_id_producers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_award_nominations_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['award_programmes.id'], name=op.f('fk_award_nominations_programme_id_award_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_nominations')),
    sa.UniqueConstraint('programme_id', 'code', name=op.f('uq_award_nominations_programme_id_code')),
    sa.UniqueConstraint('programme_id', 'product_id', name=op.f('uq_award_nominations_programme_id_product_id'))
    )
    with op.batch_alter_table('award_nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_nominations_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_nominations_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_nominations_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_nominations_status'), ['status'], unique=False)

    op.create_table('award_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('programme_name', sa.String(length=200), nullable=False),
    sa.Column('product_name', sa.String(length=200), nullable=False),
    sa.Column('producer_name', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=255), nullable=True),
    sa.Column('group_number', sa.SmallInteger(), nullable=False),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('catalogue_certification_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['catalogue_certification_id'], ['certifications.id'], name=op.f('fk_award_certificates_catalogue_certification_id_certifications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nomination_id'], ['award_nominations.id'], name=op.f('fk_award_certificates_nomination_id_award_nominations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_award_certificates_product_id_products'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_award_certificates_code')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_award_certificates_nomination_id')),
    sa.UniqueConstraint('number', name=op.f('uq_award_certificates_number'))
    )
    with op.batch_alter_table('award_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_certificates_product_id'), ['product_id'], unique=False)

    # Nominations and certificates point at each other: the second link is added once both exist.
    with op.batch_alter_table('award_nominations', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_award_nominations_previous_certificate_id_award_certificates'),
            'award_certificates', ['previous_certificate_id'], ['id'], ondelete='SET NULL',
        )

    op.create_table('award_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('declared_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['award_nominations.id'], name=op.f('fk_award_conflicts_nomination_id_award_nominations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_conflicts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_conflicts')),
    sa.UniqueConstraint('nomination_id', 'user_id', name=op.f('uq_award_conflicts_nomination_id_user_id'))
    )
    with op.batch_alter_table('award_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_conflicts_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_conflicts_user_id'), ['user_id'], unique=False)

    op.create_table('award_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=12), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['award_nominations.id'], name=op.f('fk_award_documents_nomination_id_award_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_documents'))
    )
    with op.batch_alter_table('award_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_documents_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('award_score_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('total', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('saved_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['juror_id'], ['users.id'], name=op.f('fk_award_score_sheets_juror_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['award_nominations.id'], name=op.f('fk_award_score_sheets_nomination_id_award_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_score_sheets')),
    sa.UniqueConstraint('nomination_id', 'juror_id', name=op.f('uq_award_score_sheets_nomination_id_juror_id'))
    )
    with op.batch_alter_table('award_score_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_score_sheets_juror_id'), ['juror_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_score_sheets_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('award_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('group_number', sa.SmallInteger(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cast_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('voided_at', marketplace.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.Column('void_reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['nomination_id'], ['award_nominations.id'], name=op.f('fk_award_votes_nomination_id_award_nominations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['award_programmes.id'], name=op.f('fk_award_votes_programme_id_award_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_votes_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voided_by_id'], ['users.id'], name=op.f('fk_award_votes_voided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_votes')),
    sa.UniqueConstraint('programme_id', 'group_number', 'user_id', name=op.f('uq_award_votes_programme_id_group_number_user_id'))
    )
    with op.batch_alter_table('award_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_votes_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index('ix_award_votes_programme_ip', ['programme_id', 'ip'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_votes_user_id'), ['user_id'], unique=False)

    op.create_table('award_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.CheckConstraint('points >= 0', name=op.f('ck_award_scores_points')),
    sa.ForeignKeyConstraint(['criterion_id'], ['award_criteria.id'], name=op.f('fk_award_scores_criterion_id_award_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sheet_id'], ['award_score_sheets.id'], name=op.f('fk_award_scores_sheet_id_award_score_sheets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_scores')),
    sa.UniqueConstraint('sheet_id', 'criterion_id', name=op.f('uq_award_scores_sheet_id_criterion_id'))
    )
    with op.batch_alter_table('award_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_scores_sheet_id'), ['sheet_id'], unique=False)



def downgrade():
    with op.batch_alter_table('award_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_scores_sheet_id'))

    op.drop_table('award_scores')
    with op.batch_alter_table('award_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_votes_user_id'))
        batch_op.drop_index('ix_award_votes_programme_ip')
        batch_op.drop_index(batch_op.f('ix_award_votes_nomination_id'))

    op.drop_table('award_votes')
    with op.batch_alter_table('award_score_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_score_sheets_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_award_score_sheets_juror_id'))

    op.drop_table('award_score_sheets')
    with op.batch_alter_table('award_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_documents_nomination_id'))

    op.drop_table('award_documents')
    with op.batch_alter_table('award_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_conflicts_user_id'))
        batch_op.drop_index(batch_op.f('ix_award_conflicts_nomination_id'))

    op.drop_table('award_conflicts')
    with op.batch_alter_table('award_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_certificates_product_id'))

    with op.batch_alter_table('award_nominations', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_award_nominations_previous_certificate_id_award_certificates'), type_='foreignkey')

    op.drop_table('award_certificates')
    with op.batch_alter_table('award_nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_nominations_status'))
        batch_op.drop_index(batch_op.f('ix_award_nominations_programme_id'))
        batch_op.drop_index(batch_op.f('ix_award_nominations_product_id'))
        batch_op.drop_index(batch_op.f('ix_award_nominations_producer_id'))

    op.drop_table('award_nominations')
    with op.batch_alter_table('award_jurors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_jurors_user_id'))
        batch_op.drop_index(batch_op.f('ix_award_jurors_programme_id'))

    op.drop_table('award_jurors')
    with op.batch_alter_table('award_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_criteria_programme_id'))

    op.drop_table('award_criteria')
    with op.batch_alter_table('award_programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_programmes_phase'))

    op.drop_table('award_programmes')
