"""`flask --app conference checkin CODE`: the desk's check-in rule from the command line."""

import click

from ..models import db
from ..models.vocabulary import CheckInResult
from .service import check_in
from .sessions import find_session


@click.command("checkin")
@click.argument("code")
@click.option("--session", "session_id", type=int, default=None, help="Record attendance at this agenda session.")
@click.option("--nonce", default=None, help="An id for this scan: the same nonce twice records one check-in.")
def checkin_command(code, session_id, nonce):
    """Check a badge code in at the door (or at a session) and print the outcome."""
    session = None
    if session_id is not None:
        session = find_session(session_id)
        if session is None:
            raise click.ClickException(f"no session {session_id} in the current edition")
    result = check_in(code, by=None, nonce=nonce, session=session)
    db.session.commit()
    person = result.participant
    line = result.status
    if person is not None:
        line += f"\t{person.name_ar or person.name_en}\t{person.name_en}\t#{person.badge_number or ''}"
    if result.status == CheckInResult.ALREADY_CHECKED_IN and result.first_checked_in_at:
        line += f"\tfirst at {result.first_checked_in_at.isoformat(timespec='seconds')}"
    click.echo(line)
    if result.status not in (CheckInResult.OK, CheckInResult.ALREADY_CHECKED_IN):
        raise SystemExit(1)


def register(app) -> None:
    app.cli.add_command(checkin_command)
