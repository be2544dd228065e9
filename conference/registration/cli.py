"""`flask --app conference participants import|export|anonymize`."""

from functools import wraps
from pathlib import Path

import click
from flask import g
from flask.cli import AppGroup
from sqlalchemy import select

from ..database import offline_request_context
from ..models import Edition, db
from . import exporting, importing, privacy

participants = AppGroup("participants", help="Participants of the current edition: import, export, anonymize.")


def in_english(command):
    """Run a command inside a request context in English: messages from the shared validation
    are translated strings, and the command line speaks English."""

    @wraps(command)
    def wrapped(*args, **kwargs):
        with offline_request_context():
            g.language_override = "en"
            return command(*args, **kwargs)

    return wrapped


def _current() -> Edition:
    edition = Edition.current()
    if edition is None:
        raise click.ClickException("there is no current edition")
    return edition


@participants.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report, but save nothing.")
@click.option("--notify", is_flag=True, help="Send confirmation emails to the people added.")
@click.option("--on-duplicate", type=click.Choice(importing.DUPLICATE_CHOICES), default="skip", show_default=True,
              help="What to do with a row whose email is already registered.")
@in_english
def import_command(file: Path, dry_run: bool, notify: bool, on_duplicate: str):
    """Import invitees from a CSV or XLSX file into the current edition."""
    edition = _current()
    try:
        table = importing.read_table(file.name, file.read_bytes())
    except importing.ImportFileError as exc:
        raise click.ClickException(str(exc)) from exc
    plan = importing.plan_import(edition, table, on_duplicate)
    for column in table.unknown_columns:
        click.echo(f"ignored column: {column}")
    if not dry_run:
        importing.apply_import(edition, plan, notify=notify, file_name=file.name)
        db.session.commit()
        if notify:
            from ..mail import deliver_pending

            deliver_pending()
    for row in plan.errors:
        problems = "; ".join(f"{field}: {message}" for field, message in row.errors.items())
        click.echo(f"row {row.line}: {problems}")
    counts = plan.counts
    verb = "would add" if dry_run else "added"
    click.echo(f"{verb} {counts['create']}, updated {counts['update']}, skipped {counts['skip']}, "
               f"rows with errors {counts['error']}" + (" (dry run: nothing saved)" if dry_run else ""))


@participants.command("export")
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export_command(fmt: str, out: Path):
    """Export the current edition's participants (headers are the API's field names)."""
    edition = _current()
    out.write_bytes(exporting.export(edition, exporting.all_participants(edition), fmt))
    click.echo(f"wrote {out}")


@participants.command("anonymize")
@click.option("--edition", "number", type=int, required=True, help="Number of a past edition.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def anonymize_command(number: int, yes: bool):
    """Remove the names, emails and phones of a past edition's participants (counts are kept)."""
    edition = db.session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        raise click.ClickException(f"no edition number {number}")
    if edition.is_current:
        raise click.ClickException("the current edition cannot be anonymized")
    if not yes:
        click.confirm(f"Remove the personal data of edition {number}'s participants for good?", abort=True)
    count = privacy.anonymize_edition(edition)
    db.session.commit()
    click.echo(f"anonymized {count} participants of edition {number}")


def register(app) -> None:
    app.cli.add_command(participants)
