"""identity: the forum's names, contact, issuing official and host logo per edition; honorifics
and collation keys for participants

Revision ID: 0011_identity
Revises: 0005_awards
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_identity'
down_revision = '0005_awards'
branch_labels = None
depends_on = None

EDITION_TEXTS = {
    'forum_name_ar': 200, 'forum_name_en': 200, 'short_name_ar': 80, 'short_name_en': 80,
    'contact_email': 254, 'contact_phone': 20, 'contact_whatsapp': 20,
    'contact_address_ar': 300, 'contact_address_en': 300, 'map_url': 500,
    'official_name_ar': 200, 'official_name_en': 200, 'official_title_ar': 200, 'official_title_en': 200,
    'host_logo': 80,
}


def upgrade():
    with op.batch_alter_table('editions', schema=None) as batch_op:
        for name, length in EDITION_TEXTS.items():
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False, server_default=''))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('honorific', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('name_sort_key', sa.LargeBinary(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('organization_sort_key', sa.LargeBinary(), nullable=False,
                                      server_default=sa.text("''")))
        batch_op.add_column(sa.Column('organization_key', sa.String(length=200), nullable=False, server_default=''))
        batch_op.create_index('ix_participants_edition_name_sort', ['edition_id', 'name_sort_key'], unique=False)
        batch_op.create_index('ix_participants_edition_organization_key', ['edition_id', 'organization_key'],
                              unique=False)
    _fill_participant_keys()


def _fill_participant_keys():
    from conference.collation import sort_key
    from conference.search import fold

    connection = op.get_bind()
    people = sa.table('participants', sa.column('id'), sa.column('name_ar'), sa.column('name_en'),
                      sa.column('organization'), sa.column('name_sort_key', sa.LargeBinary),
                      sa.column('organization_sort_key', sa.LargeBinary), sa.column('organization_key'))
    rows = connection.execute(sa.select(people.c.id, people.c.name_ar, people.c.name_en, people.c.organization)).all()
    for row in rows:
        connection.execute(
            people.update().where(people.c.id == row.id).values(
                name_sort_key=sort_key(row.name_ar or row.name_en),
                organization_sort_key=sort_key(row.organization),
                organization_key=fold(row.organization)[:200],
            )
        )


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_edition_organization_key')
        batch_op.drop_index('ix_participants_edition_name_sort')
        for name in ('organization_key', 'organization_sort_key', 'name_sort_key', 'honorific'):
            batch_op.drop_column(name)
    with op.batch_alter_table('editions', schema=None) as batch_op:
        for name in reversed(list(EDITION_TEXTS)):
            batch_op.drop_column(name)
