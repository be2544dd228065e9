"""experiences: the tracks a call accepts; each presenter confirms the session's times

Revision ID: 0013_experiences
Revises: 0012_job_heartbeat
Create Date: 2026-12-20 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_experiences'
down_revision = '0012_job_heartbeat'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experience_call_tracks',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['experience_calls.id'], name=op.f('fk_experience_call_tracks_call_id_experience_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['track_id'], ['agenda_tracks.id'], name=op.f('fk_experience_call_tracks_track_id_agenda_tracks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'track_id', name=op.f('pk_experience_call_tracks'))
    )
    with op.batch_alter_table('experience_presenters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot_starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('slot_ends_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('slot_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    # A slot confirmed for the whole submission counts for each of its presenters.
    op.execute(
        "UPDATE experience_presenters SET slot_confirmed_at = ("
        " SELECT s.slot_confirmed_at FROM experience_submissions s WHERE s.id = experience_presenters.submission_id),"
        " slot_starts_at = (SELECT a.starts_at FROM experience_submissions s JOIN agenda_sessions a ON a.id = s.session_id"
        " WHERE s.id = experience_presenters.submission_id AND s.slot_confirmed_at IS NOT NULL),"
        " slot_ends_at = (SELECT a.ends_at FROM experience_submissions s JOIN agenda_sessions a ON a.id = s.session_id"
        " WHERE s.id = experience_presenters.submission_id AND s.slot_confirmed_at IS NOT NULL)"
    )
    with op.batch_alter_table('experience_submissions', schema=None) as batch_op:
        batch_op.drop_column('slot_confirmed_at')


def downgrade():
    with op.batch_alter_table('experience_submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE experience_submissions SET slot_confirmed_at = (SELECT MAX(p.slot_confirmed_at)"
        " FROM experience_presenters p WHERE p.submission_id = experience_submissions.id)"
    )
    with op.batch_alter_table('experience_presenters', schema=None) as batch_op:
        batch_op.drop_column('slot_confirmed_at')
        batch_op.drop_column('slot_ends_at')
        batch_op.drop_column('slot_starts_at')
    op.drop_table('experience_call_tracks')
