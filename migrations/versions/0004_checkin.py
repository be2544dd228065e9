"""venue desk: check-ins and certificate release

Revision ID: 0004_checkin
Revises: 0003_agenda
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_checkin'
down_revision = '0003_agenda'
branch_labels = None
depends_on = None

ATTENDANCE_WHERE = "result = 'ok' AND session_id IS NOT NULL"


def upgrade():
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('where', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('result', sa.String(length=24), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=True),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_checkins_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_checkins_edition_id_editions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_checkins_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_checkins_participant_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('nonce', name=op.f('uq_checkins_nonce'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_edition_at', ['edition_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkins_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('uq_checkins_session_attendance', ['session_id', 'participant_id'], unique=True,
                              sqlite_where=sa.text(ATTENDANCE_WHERE), postgresql_where=sa.text(ATTENDANCE_WHERE))

    op.create_table('certificate_releases',
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_certificate_releases_edition_id_editions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['released_by_id'], ['users.id'], name=op.f('fk_certificate_releases_released_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('edition_id', name=op.f('pk_certificate_releases'))
    )


def downgrade():
    op.drop_table('certificate_releases')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('uq_checkins_session_attendance')
        batch_op.drop_index(batch_op.f('ix_checkins_participant_id'))
        batch_op.drop_index('ix_checkins_edition_at')
    op.drop_table('checkins')
