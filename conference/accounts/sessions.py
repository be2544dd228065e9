"""Staff sign-in sessions kept on the server: the cookie carries a random key, the database
says whether that key still opens the account. One place decides, on every request."""

import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from ..database import in_read_only_request, write_transaction
from ..models import StaffSession, User, db, utcnow
from ..models.accounts import hash_token

SESSION_KEY = "staff_session"
# Writing the time on every request would turn each page view into a write; once a minute is plenty.
SEEN_PRECISION = timedelta(minutes=1)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def start_session(user: User) -> None:
    """Sign the browser in: a new key (never the one from before sign-in) and its record."""
    key = secrets.token_urlsafe(32)
    session.clear()
    db.session.add(StaffSession(user=user, key_hash=hash_token(key),
                                user_agent=(request.user_agent.string or "")[:200]))
    session[SESSION_KEY] = key
    login_user(user)


def user_of_session(user_id: str) -> User | None:
    """Flask-Login's loader: the account whose live session this cookie names, or nobody."""
    key = session.get(SESSION_KEY)
    if not isinstance(key, str) or not key:
        return None
    row = db.session.execute(
        select(StaffSession, User).join(User).where(StaffSession.key_hash == hash_token(key))
    ).first()
    now = utcnow()
    if row is None or row.StaffSession.ended_at is not None or str(row.User.id) != user_id:
        return None
    record = row.StaffSession
    if now - record.last_seen_at > idle_limit() or not row.User.active:
        return None
    if now - record.last_seen_at > SEEN_PRECISION:
        _touch(record, now)
    return row.User


def _touch(record: StaffSession, now) -> None:
    statement = (
        update(StaffSession)
        .where(StaffSession.id == record.id, StaffSession.last_seen_at < now - SEEN_PRECISION)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    if not in_read_only_request():
        db.session.execute(statement)
    else:  # a page that only reads: the bookkeeping write goes in a transaction of its own
        with write_transaction() as session_:
            session_.execute(statement)


def end_current_session() -> None:
    """Sign out this browser: its key opens nothing any more, wherever the cookie is replayed."""
    key = session.get(SESSION_KEY)
    if isinstance(key, str) and key:
        end_sessions(StaffSession.key_hash == hash_token(key))
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> int:
    """Sign the account out everywhere (sign-out everywhere, password or role change, disabling)."""
    return end_sessions(StaffSession.user_id == user.id)


def end_sessions(condition) -> int:
    result = db.session.execute(
        update(StaffSession).where(condition, StaffSession.ended_at.is_(None)).values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def live_sessions(user: User) -> list[StaffSession]:
    since = utcnow() - idle_limit()
    return list(db.session.scalars(
        select(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None),
                                   StaffSession.last_seen_at > since).order_by(StaffSession.last_seen_at.desc())
    ))
