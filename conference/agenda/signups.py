"""Participants' picks of sessions; a pick of a session with a seat limit holds a seat."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..models import Participant, db
from ..models.agenda import AgendaSession, SessionSignup
from ..models.vocabulary import RegistrationStatus
from .seats import release_session_seat, take_session_seat

# Sessions nobody signs up for.
NOT_PICKABLE = ("break",)


class SignupRefused(Exception):
    """code: not_confirmed, not_open, full."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def signup_of(participant: Participant, session_id: int) -> SessionSignup | None:
    return db.session.scalar(
        select(SessionSignup).where(SessionSignup.participant_id == participant.id, SessionSignup.session_id == session_id)
    )


def picked_session_ids(participant: Participant) -> set[int]:
    return set(db.session.scalars(select(SessionSignup.session_id).where(SessionSignup.participant_id == participant.id)))


def picked_sessions(participant: Participant) -> list[AgendaSession]:
    return list(db.session.scalars(
        select(AgendaSession).join(SessionSignup, SessionSignup.session_id == AgendaSession.id)
        .where(SessionSignup.participant_id == participant.id).order_by(AgendaSession.starts_at)
    ))


def overlaps(sessions: list[AgendaSession]) -> dict[int, list[AgendaSession]]:
    """For each session, the others of the list that run at the same time as it (plain data in and out)."""
    return {a.id: [b for b in sessions if b.id != a.id and a.starts_at < b.ends_at and b.starts_at < a.ends_at]
            for a in sessions}


def sign_up(participant: Participant, session: AgendaSession) -> bool:
    """Pick a session; False if it was already picked. Raises SignupRefused. The caller commits."""
    if participant.status != RegistrationStatus.CONFIRMED:
        raise SignupRefused("not_confirmed")
    if session.edition_id != participant.edition_id or not session.published or session.kind in NOT_PICKABLE:
        raise SignupRefused("not_open")
    if signup_of(participant, session.id):
        return False
    try:
        # One savepoint: a duplicate pick racing this one gives its seat back with it.
        with db.session.begin_nested():
            if not take_session_seat(session.id):
                raise SignupRefused("full")
            db.session.add(SessionSignup(session_id=session.id, participant_id=participant.id))
            db.session.flush()
    except IntegrityError:
        return False
    finally:
        db.session.expire(session, ["seats_taken"])
    return True


def cancel_signup(participant: Participant, session_id: int) -> bool:
    signup = signup_of(participant, session_id)
    if signup is None:
        return False
    db.session.delete(signup)
    db.session.flush()
    release_session_seat(session_id)
    return True


def free_signups(participant: Participant) -> int:
    """Drop all of a participant's picks and give their seats back (on cancellation).

    Returns how many picks were dropped. The caller commits.
    """
    ids = list(picked_session_ids(participant))
    for session_id in ids:
        cancel_signup(participant, session_id)
    return len(ids)
