"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def test_migrations_match_the_models(app, db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    # Expression indexes (lower(email)) cannot be reflected on every backend; they are checked below.
    diff = [d for d in diff if not (d[0] in ("add_index", "remove_index") and d[1].name.startswith("uq_"))]
    assert diff == []


def test_email_uniqueness_is_case_insensitive_in_the_database(db, edition):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from conference.models import Participant

    db.session.add(Participant(edition_id=edition.id, name_en="A", email="Sara@Example.org", status="confirmed"))
    db.session.commit()
    db.session.add(Participant(edition_id=edition.id, name_en="B", email="sara@example.ORG", status="confirmed"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_only_one_edition_can_be_current(db, edition):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from tests.helpers import make_edition

    with pytest.raises(IntegrityError):
        make_edition(db, number=9)
    db.session.rollback()


def test_the_migration_history_is_one_line_that_downgrades_cleanly(app, tmp_path):
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1
    scratch = app.config["SQLALCHEMY_DATABASE_URI"]
    if scratch.startswith("sqlite"):
        from conference import create_app

        other = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "scratch.sqlite3"), "SECRET_KEY": "x"})
        with other.app_context():
            upgrade()
            downgrade(revision="base")
            upgrade()
