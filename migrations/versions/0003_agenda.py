"""agenda: rooms, tracks, speakers, sessions, session speakers and sign-ups

Revision ID: 0003_agenda
Revises: 0002_registration_console
Create Date: 2026-11-22 16:59:03.451062

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_agenda'
down_revision = '0002_registration_console'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_agenda_rooms_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_rooms'))
    )
    with op.batch_alter_table('agenda_rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_rooms_edition_id'), ['edition_id'], unique=False)

    op.create_table('agenda_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('title_ar', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('organization_ar', sa.String(length=200), nullable=False),
    sa.Column('organization_en', sa.String(length=200), nullable=False),
    sa.Column('bio_ar', sa.Text(), nullable=False),
    sa.Column('bio_en', sa.Text(), nullable=False),
    sa.Column('photo', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_agenda_speakers_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_speakers'))
    )
    with op.batch_alter_table('agenda_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_speakers_edition_id'), ['edition_id'], unique=False)

    op.create_table('agenda_tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_agenda_tracks_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_tracks'))
    )
    with op.batch_alter_table('agenda_tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_tracks_edition_id'), ['edition_id'], unique=False)

    op.create_table('agenda_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title_ar', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('description_ar', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('seat_limit', sa.Integer(), nullable=True),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_agenda_sessions_edition_id_editions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['agenda_rooms.id'], name=op.f('fk_agenda_sessions_room_id_agenda_rooms'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['track_id'], ['agenda_tracks.id'], name=op.f('fk_agenda_sessions_track_id_agenda_tracks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_sessions'))
    )
    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_sessions_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_sessions_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_sessions_track_id'), ['track_id'], unique=False)

    op.create_table('agenda_session_speakers',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_agenda_session_speakers_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['agenda_speakers.id'], name=op.f('fk_agenda_session_speakers_speaker_id_agenda_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'speaker_id', name=op.f('pk_agenda_session_speakers'))
    )
    with op.batch_alter_table('agenda_session_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_session_speakers_speaker_id'), ['speaker_id'], unique=False)

    op.create_table('session_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_session_signups_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_signups_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_signups')),
    sa.UniqueConstraint('session_id', 'participant_id', name=op.f('uq_session_signups_session_id_participant_id'))
    )
    with op.batch_alter_table('session_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_signups_participant_id'), ['participant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_signups_participant_id'))

    op.drop_table('session_signups')
    with op.batch_alter_table('agenda_session_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_session_speakers_speaker_id'))

    op.drop_table('agenda_session_speakers')
    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_sessions_track_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_sessions_room_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_sessions_edition_id'))

    op.drop_table('agenda_sessions')
    with op.batch_alter_table('agenda_tracks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_tracks_edition_id'))

    op.drop_table('agenda_tracks')
    with op.batch_alter_table('agenda_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_speakers_edition_id'))

    op.drop_table('agenda_speakers')
    with op.batch_alter_table('agenda_rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_rooms_edition_id'))

    op.drop_table('agenda_rooms')
