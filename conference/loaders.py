"""Finding things from what a request carries: the current edition, the participant behind a
private link, whole numbers from query strings and forms. One place for each, so no view
finds them its own way."""

from functools import wraps

from flask import abort, make_response, request
from sqlalchemy import select

from .models import Edition, Participant, db

LARGEST_DATABASE_INT = 2**31 - 1
# Manage tokens are token_urlsafe(24) (32 characters); anything far outside that is not one.
TOKEN_LENGTHS = range(20, 65)
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


def whole_number(value, default: int | None = None) -> int | None:
    """A database id or count from text: ASCII digits only (never '²' or '١٢'), within a database integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= LARGEST_DATABASE_INT else default
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 10 or not text.isascii() or not text.isdigit():
        return default
    number = int(text)
    return number if number <= LARGEST_DATABASE_INT else default


def int_arg(name: str, default: int | None = None) -> int | None:
    """A whole number from the query string, or the default when missing, malformed or out of range."""
    return whole_number(request.args.get(name, ""), default)


def int_field(name: str, default: int | None = None) -> int | None:
    """A whole number from the posted form."""
    return whole_number(request.form.get(name, ""), default)


def int_list(values) -> list[int]:
    """The whole numbers among several posted values (checkbox ids), malformed ones left out."""
    return [n for n in (whole_number(v) for v in values) if n is not None]


def current_edition_or_404() -> Edition:
    """The edition the forum is running now; 404 when none is set up."""
    edition = Edition.current()
    if edition is None:
        abort(404)
    return edition


def current_participant_or_404(participant_id: int) -> Participant:
    """A participant of the edition running now (the desk's people); 404 for anyone else."""
    edition = current_edition_or_404()
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id:
        abort(404)
    return participant


def participant_by_token(token: str) -> Participant | None:
    """The participant whose private link holds this token; never an anonymized one."""
    if len(token) not in TOKEN_LENGTHS:
        return None
    return db.session.scalar(
        select(Participant).where(Participant.manage_token == token, Participant.anonymized_at.is_(None))
    )


def private_page(view):
    """Every /r/<token> route: 404 with no hint for an unknown, malformed or anonymized token; the
    answer stays out of shared caches and its address (which holds the token) is never a referrer."""

    @wraps(view)
    def wrapper(token: str, **kwargs):
        participant = participant_by_token(token)
        if participant is None:
            abort(404)
        response = make_response(view(participant, **kwargs))
        response.headers.update(PRIVATE_HEADERS)
        return response

    return wrapper
