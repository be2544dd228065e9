"""job heartbeat: a running job records when its worker last reported, so a job left by a
killed worker is taken over; award certificates are one per winner

Revision ID: 0012_job_heartbeat
Revises: 0011_identity
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_job_heartbeat'
down_revision = '0011_identity'
branch_labels = None
depends_on = None


UNHELD = 'revoked_at IS NULL AND participant_id IS NULL'


def upgrade():
    op.add_column('jobs', sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
    # Should two announcements ever have raced, the first certificate of a subject stays valid.
    op.execute(
        "UPDATE certificates SET revoked_at = CURRENT_TIMESTAMP WHERE " + UNHELD + " AND id NOT IN "
        "(SELECT min(id) FROM certificates WHERE " + UNHELD + " GROUP BY edition_id, kind, subject)"
    )
    op.create_index(
        'uq_certificates_subject', 'certificates', ['edition_id', 'kind', 'subject'], unique=True,
        sqlite_where=sa.text(UNHELD), postgresql_where=sa.text(UNHELD),
    )


def downgrade():
    op.drop_index('uq_certificates_subject', table_name='certificates')
    with op.batch_alter_table('jobs') as batch_op:
        batch_op.drop_column('heartbeat_at')
