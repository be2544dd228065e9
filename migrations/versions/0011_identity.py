"""identity: the forum's names, contact, issuing official and host logo per edition; honorifics
and collation keys for participants

Revision ID: 0011_identity
Revises: 0007_security
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_identity'
down_revision = '0007_security'
branch_labels = None
depends_on = None

EDITION_TEXTS = {
    'forum_name_ar': 200, 'forum_name_en': 200, 'short_name_ar': 80, 'short_name_en': 80,
    'contact_email': 254, 'contact_phone': 20, 'contact_whatsapp': 20,
    'contact_address_ar': 300, 'contact_address_en': 300, 'map_url': 500,
    'official_name_ar': 200, 'official_name_en': 200, 'official_title_ar': 200, 'official_title_en': 200,
    'host_logo': 80,
}


# Plain ADD/DROP COLUMN (no table copy): a copied SQLite table would lose the expression and
# partial unique indexes (lower(email), one current edition).
PARTICIPANT_COLUMNS = (
    sa.Column('honorific', sa.String(length=10), nullable=False, server_default=''),
    sa.Column('name_sort_key', sa.LargeBinary(), nullable=False, server_default=sa.text("''")),
    sa.Column('organization_sort_key', sa.LargeBinary(), nullable=False, server_default=sa.text("''")),
    sa.Column('organization_key', sa.String(length=200), nullable=False, server_default=''),
)


def upgrade():
    for name, length in EDITION_TEXTS.items():
        op.add_column('editions', sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
    for column in PARTICIPANT_COLUMNS:
        op.add_column('participants', column)
    op.create_index('ix_participants_edition_name_sort', 'participants', ['edition_id', 'name_sort_key'])
    op.create_index('ix_participants_edition_organization_key', 'participants', ['edition_id', 'organization_key'])
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
    op.drop_index('ix_participants_edition_organization_key', table_name='participants')
    op.drop_index('ix_participants_edition_name_sort', table_name='participants')
    for column in reversed(PARTICIPANT_COLUMNS):
        op.execute(f'ALTER TABLE participants DROP COLUMN {column.name}')
    for name in reversed(list(EDITION_TEXTS)):
        op.execute(f'ALTER TABLE editions DROP COLUMN {name}')
