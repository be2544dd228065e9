"""production: claimed mail and jobs, one attendance certificate per person, shared stored files

Revision ID: 0006_production
Revises: 0010_unsubscribe
Create Date: 2026-12-01 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_production'
down_revision = '0010_unsubscribe'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=False, server_default=''))
    op.create_index(
        'uq_certificates_holder', 'certificates', ['edition_id', 'kind', 'subject', 'participant_id'], unique=True,
        sqlite_where=sa.text('revoked_at IS NULL AND participant_id IS NOT NULL'),
        postgresql_where=sa.text('revoked_at IS NULL AND participant_id IS NOT NULL'),
    )
    op.create_table('stored_files',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_stored_files'))
    )


def downgrade():
    op.drop_table('stored_files')
    op.drop_index('uq_certificates_holder', table_name='certificates')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claimed_by')
