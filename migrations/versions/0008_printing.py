"""printing: print stations and print jobs

Revision ID: 0008_printing
Revises: 0006_production
Create Date: 2026-12-01 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_printing'
down_revision = '0006_production'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('print_stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name_ar', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('printer_uri', sa.String(length=500), nullable=False),
    sa.Column('layout', sa.String(length=20), nullable=False),
    sa.Column('auto_print', sa.Boolean(), nullable=False),
    sa.Column('print_only', sa.Boolean(), nullable=False),
    sa.Column('kiosk_code', sa.String(length=16), nullable=False),
    sa.Column('kiosk_pin_hash', sa.String(length=255), nullable=False),
    sa.Column('kiosk_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_print_stations_edition_id_editions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_stations')),
    sa.UniqueConstraint('kiosk_code', name=op.f('uq_print_stations_kiosk_code'))
    )
    with op.batch_alter_table('print_stations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_stations_edition_id'), ['edition_id'], unique=False)

    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('printer_uri', sa.String(length=500), nullable=False),
    sa.Column('printer_job_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_print_jobs_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_print_jobs_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['station_id'], ['print_stations.id'], name=op.f('fk_print_jobs_station_id_print_stations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_jobs_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_print_jobs_station_status', ['station_id', 'status', 'next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_print_jobs_station_status')
        batch_op.drop_index(batch_op.f('ix_print_jobs_participant_id'))
    op.drop_table('print_jobs')
    with op.batch_alter_table('print_stations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_stations_edition_id'))
    op.drop_table('print_stations')
