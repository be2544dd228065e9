"""Staff accounts: one place to create them and to find them."""

from sqlalchemy import func, select

from ..models import ApiToken, User, db, utcnow


class AccountError(ValueError):
    pass


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    from ..models import ROLES

    email = email.strip()
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    if len(password) < 10:
        raise AccountError("the password needs at least 10 characters")
    if find_user(email):
        raise AccountError(f"{email} already has an account")
    user = User(email=email, role=role, name=name)
    user.set_password(password)
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def issue_api_token(user: User) -> str:
    _record, token = ApiToken.issue(user)
    return token
