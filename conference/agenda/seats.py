"""Session seats are taken and given back only here, each in one conditional UPDATE.

The same rule as the forum's own seats (registration/seats.py), for another resource: the
UPDATE either moves agenda_sessions.seats_taken or touches no row, so two sign-ups racing
for a workshop's last seat cannot both win. PostgreSQL locks the session row for the
statement; on SQLite the writing transaction holds the write lock (BEGIN IMMEDIATE).
Sessions without a seat limit still count their sign-ups, so a limit set later is honest.
"""

from sqlalchemy import or_, update

from ..models import db
from ..models.agenda import AgendaSession


def take_session_seat(session_id: int) -> bool:
    result = db.session.execute(
        update(AgendaSession)
        .where(
            AgendaSession.id == session_id,
            or_(AgendaSession.seat_limit.is_(None), AgendaSession.seats_taken < AgendaSession.seat_limit),
        )
        .values(seats_taken=AgendaSession.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_session_seat(session_id: int) -> None:
    db.session.execute(
        update(AgendaSession)
        .where(AgendaSession.id == session_id, AgendaSession.seats_taken > 0)
        .values(seats_taken=AgendaSession.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
