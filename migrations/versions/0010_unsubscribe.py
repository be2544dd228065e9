"""unsubscribe: participants may stop bulk mail (certificate links, announcements)

Revision ID: 0010_unsubscribe
Revises: 0009_experiences
Create Date: 2026-12-01 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_unsubscribe'
down_revision = '0009_experiences'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants') as batch_op:
        batch_op.add_column(sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('participants') as batch_op:
        batch_op.drop_column('unsubscribed_at')
