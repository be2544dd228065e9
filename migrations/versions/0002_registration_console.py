"""registration console: indexes for filtering and sorting the participant list

Revision ID: 0002_registration_console
Revises: 0001_foundation
"""
from alembic import op

revision = '0002_registration_console'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_participants_edition_category', ['edition_id', 'category']),
    ('ix_participants_edition_sector', ['edition_id', 'sector']),
    ('ix_participants_edition_organization', ['edition_id', 'organization']),
    ('ix_participants_edition_name_ar', ['edition_id', 'name_ar']),
    ('ix_participants_edition_name_en', ['edition_id', 'name_en']),
)


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        for name, columns in INDEXES:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        for name, _columns in reversed(INDEXES):
            batch_op.drop_index(name)
