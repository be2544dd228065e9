"""Staff accounts: one place to create them, find them, change what ends their sessions,
and issue or revoke their API tokens."""

import secrets
from functools import cache

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import ApiToken, User, db, utcnow
from ..models.accounts import DEFAULT_TOKEN_DAYS
from .sessions import end_all_sessions


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so that a sign-in takes as long whether or not the account exists."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(ValueError):
    pass


# The one password rule, for accounts made on the command line, by an admin and by their owner.
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


def password_is_acceptable(password: str) -> bool:
    return MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, role: str, password: str, *, name: str = "") -> User:
    from ..models.vocabulary import StaffRole

    email = email.strip()
    if role not in StaffRole.values():
        raise AccountError(f"unknown role {role!r}")
    if not password_is_acceptable(password):
        raise AccountError(f"the password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    if find_user(email):
        raise AccountError(f"{email} already has an account")
    user = User(email=email, role=role, name=name)
    user.set_password(password)
    db.session.add(user)
    return user


def check_credentials(email: str, password: str) -> User | None:
    """The active account with this email and password, or None, in the same time either way."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def change_password(user: User, password: str) -> int:
    """A new password (changed or reset) signs the account out of every browser; returns how many."""
    user.set_password(password)
    return end_all_sessions(user)


class PasswordChangeRefused(ValueError):
    """Why the owner's own change was refused: 'current' (wrong current password) or 'same'."""


def change_own_password(user: User, current: str, new: str) -> int:
    """The account's owner changes the password: the current one is required and the new one must
    differ. Every session of the account ends (returns how many); the caller signs this browser in
    again. The caller commits."""
    if not user.check_password(current):
        raise PasswordChangeRefused("current")
    if new == current:
        raise PasswordChangeRefused("same")
    if not password_is_acceptable(new):
        raise AccountError("the password does not follow the rule")
    return change_password(user, new)


def change_role(user: User, role: str) -> None:
    if user.role != role:
        user.role = role
        if user.id is not None:
            end_all_sessions(user)


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_all_sessions(user)


# ---- API tokens ------------------------------------------------------------------------


def issue_api_token(user: User, days: int = DEFAULT_TOKEN_DAYS, name: str = "") -> str:
    _record, token = ApiToken.issue(user, days=days, name=name)
    return token


def revoke_tokens(user: User, token_id: int | None = None) -> int:
    """Revoke one token of the account (by id) or all of them; returns how many. The caller commits."""
    query = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(ApiToken.id == token_id)
    return db.session.execute(query.values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def token_state(token: ApiToken) -> str:
    """active, expired or revoked."""
    if token.revoked_at is not None:
        return "revoked"
    return "active" if token.is_valid(utcnow()) else "expired"

