"""printing: one sender per printer (a claim with a heartbeat), each print's job name at the
printer and who sent it

Revision ID: 0015_printing
Revises: 0014_identity
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_printing'
down_revision = '0014_identity'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('printer_senders',
    sa.Column('printer_uri', sa.String(length=500), nullable=False),
    sa.Column('claimed_by', sa.String(length=80), server_default='', nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('printer_uri', name=op.f('pk_printer_senders'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printer_job_name', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('sent_by', sa.String(length=80), server_default='', nullable=False))
    op.execute("UPDATE print_jobs SET printer_job_name = 'badge-' || id")


def downgrade():
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_column('sent_by')
        batch_op.drop_column('printer_job_name')
    op.drop_table('printer_senders')
