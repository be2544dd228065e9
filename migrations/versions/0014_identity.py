"""identity: organizer logo, brand colour, signature and seal, PDPL privacy notice; partners and FAQ

Revision ID: 0014_identity
Revises: 0013_experiences
Create Date: 2026-12-21 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_identity'
down_revision = '0013_experiences'
branch_labels = None
depends_on = None

EDITION_STRINGS = {'organizer_logo': 80, 'signature_image': 80, 'seal_image': 80, 'brand_color': 7}
PRIVACY_PARTS = ('controller', 'purposes', 'legal_basis', 'retention', 'recipients', 'rights', 'dpo')


def _edition_columns():
    for name, length in EDITION_STRINGS.items():
        yield sa.Column(name, sa.String(length=length), nullable=False, server_default='')
    for part in PRIVACY_PARTS:
        for lang in ('ar', 'en'):
            yield sa.Column(f'privacy_{part}_{lang}', sa.Text(), nullable=False, server_default='')


def upgrade():
    # Plain ADD COLUMN (no table copy): a copied SQLite table would lose the partial unique index.
    for column in _edition_columns():
        op.add_column('editions', column)
    op.create_table('edition_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('logo', sa.String(length=80), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_edition_partners_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edition_partners'))
    )
    op.create_index(op.f('ix_edition_partners_edition_id'), 'edition_partners', ['edition_id'], unique=False)
    op.create_table('edition_faq',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('question_ar', sa.String(length=300), nullable=False),
    sa.Column('question_en', sa.String(length=300), nullable=False),
    sa.Column('answer_ar', sa.Text(), nullable=False),
    sa.Column('answer_en', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_edition_faq_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edition_faq'))
    )
    op.create_index(op.f('ix_edition_faq_edition_id'), 'edition_faq', ['edition_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_edition_faq_edition_id'), table_name='edition_faq')
    op.drop_table('edition_faq')
    op.drop_index(op.f('ix_edition_partners_edition_id'), table_name='edition_partners')
    op.drop_table('edition_partners')
    for column in reversed(list(_edition_columns())):
        op.execute(f'ALTER TABLE editions DROP COLUMN {column.name}')
