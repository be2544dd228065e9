"""awards: recognitions, award programme, categories, criteria, jury, nominations, scores

Revision ID: 0005_awards
Revises: 0004_checkin
Create Date: 2026-11-22 16:59:28.629862

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_awards'
down_revision = '0004_checkin'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('award_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('description_ar', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('nominations_open_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nominations_close_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('jury_closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_award_categories_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_categories'))
    )
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_categories_edition_id'), ['edition_id'], unique=False)

    op.create_table('award_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('nominations_open_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nominations_close_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_award_programmes_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_programmes')),
    sa.UniqueConstraint('edition_id', name=op.f('uq_award_programmes_edition_id'))
    )
    op.create_table('awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=True),
    sa.Column('name_ar', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('body_ar', sa.String(length=300), nullable=False),
    sa.Column('body_en', sa.String(length=300), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('recipient_ar', sa.String(length=300), nullable=False),
    sa.Column('recipient_en', sa.String(length=300), nullable=False),
    sa.Column('category_ar', sa.String(length=200), nullable=False),
    sa.Column('category_en', sa.String(length=200), nullable=False),
    sa.Column('description_ar', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('logo_file', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_awards_edition_id_editions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_awards'))
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awards_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_year'), ['year'], unique=False)

    op.create_table('award_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_award_criteria_category_id_award_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_criteria'))
    )
    with op.batch_alter_table('award_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_criteria_category_id'), ['category_id'], unique=False)

    op.create_table('jury_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_jury_assignments_category_id_award_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_jury_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_assignments')),
    sa.UniqueConstraint('category_id', 'user_id', name=op.f('uq_jury_assignments_category_id_user_id'))
    )
    with op.batch_alter_table('jury_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jury_assignments_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jury_assignments_user_id'), ['user_id'], unique=False)

    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('organization_ar', sa.String(length=300), nullable=False),
    sa.Column('organization_en', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('attachment_file', sa.String(length=80), nullable=True),
    sa.Column('is_winner', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_nominations_category_id_award_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_category_id'), ['category_id'], unique=False)

    op.create_table('jury_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['award_criteria.id'], name=op.f('fk_jury_scores_criterion_id_award_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['users.id'], name=op.f('fk_jury_scores_juror_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_jury_scores_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_scores')),
    sa.UniqueConstraint('nomination_id', 'criterion_id', 'juror_id', name=op.f('uq_jury_scores_nomination_id_criterion_id_juror_id'))
    )
    with op.batch_alter_table('jury_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jury_scores_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jury_scores_juror_id'), ['juror_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jury_scores_nomination_id'), ['nomination_id'], unique=False)



def downgrade():
    with op.batch_alter_table('jury_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jury_scores_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_jury_scores_juror_id'))
        batch_op.drop_index(batch_op.f('ix_jury_scores_criterion_id'))

    op.drop_table('jury_scores')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_category_id'))

    op.drop_table('nominations')
    with op.batch_alter_table('jury_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jury_assignments_user_id'))
        batch_op.drop_index(batch_op.f('ix_jury_assignments_category_id'))

    op.drop_table('jury_assignments')
    with op.batch_alter_table('award_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_criteria_category_id'))

    op.drop_table('award_criteria')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_awards_year'))
        batch_op.drop_index(batch_op.f('ix_awards_edition_id'))

    op.drop_table('awards')
    op.drop_table('award_programmes')
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_categories_edition_id'))

    op.drop_table('award_categories')
