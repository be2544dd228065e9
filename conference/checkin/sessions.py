"""Sessions the desk can scan people into (workshops, the awards ceremony, …)."""

from sqlalchemy import select

from ..loaders import whole_number
from ..models import Edition, db
from ..models.agenda import AgendaSession


def desk_sessions(edition: Edition) -> list[AgendaSession]:
    """The edition's sessions in programme order, breaks left out."""
    return list(
        db.session.scalars(
            select(AgendaSession)
            .where(AgendaSession.edition_id == edition.id, AgendaSession.kind != "break")
            .order_by(AgendaSession.starts_at, AgendaSession.id)
        )
    )


def find_session(session_id, edition: Edition | None = None, any_edition: bool = False) -> AgendaSession | None:
    """A session of the current edition (or of any edition, to replay an old scan)."""
    session_id = whole_number(session_id)
    if session_id is None:
        return None
    session = db.session.get(AgendaSession, session_id)
    if session is None or any_edition:
        return session
    edition = edition or Edition.current()
    return session if edition is not None and session.edition_id == edition.id else None
