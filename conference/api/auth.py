"""API authentication: bearer tokens from `users token`, or the staff member's own session."""

from datetime import timedelta
from functools import wraps

from flask import g, request
from flask_login import current_user
from sqlalchemy import or_, select, update

from ..database import in_read_only_request, write_transaction
from ..errors import json_error
from ..extensions import csrf
from ..models import ApiToken, User, db, utcnow
from ..models.accounts import hash_token
from .blueprint import bp

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TOKEN_USE_PRECISION = timedelta(minutes=1)


def _token_user():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    row = db.session.execute(
        select(ApiToken, User).join(User).where(ApiToken.token_hash == hash_token(token.strip()))
    ).first()
    now = utcnow()
    if row is None or not row.User.active or not row.ApiToken.is_valid(now):
        return None
    record = row.ApiToken
    # Writing the time on every call would make each API read a write; once a minute is plenty.
    if record.last_used_at is None or now - record.last_used_at > TOKEN_USE_PRECISION:
        _record_token_use(record.id, now)
    return row.User


def _record_token_use(token_id: int, now) -> None:
    statement = (
        update(ApiToken)
        .where(ApiToken.id == token_id,
               or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_USE_PRECISION))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    if not in_read_only_request():
        db.session.execute(statement)
    else:
        with write_transaction() as session:
            session.execute(statement)


@bp.before_request
def identify_caller():
    g.api_user = None
    if "Authorization" in request.headers:
        g.api_user = _token_user()
        if g.api_user is None:
            return json_error(401, "invalid_token", "The bearer token is not valid.")
    elif current_user.is_authenticated and request.method not in SAFE_METHODS:
        # A browser page calling the API with its session cookie must prove it is our page.
        csrf.protect()
    return None


def caller():
    return g.get("api_user") or (current_user if current_user.is_authenticated else None)


def api_roles(*roles: str):
    """401 JSON without credentials, 403 JSON with the wrong role."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = caller()
            if user is None:
                return json_error(401, "unauthorized", "Authentication is required.")
            if not user.has_role(*roles):
                return json_error(403, "forbidden", "Your role may not do this.")
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
