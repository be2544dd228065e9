import hashlib
import secrets
from datetime import datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .types import UTCDateTime, utcnow
from .vocabulary import StaffRole

# Each staff role may do what the roles below it may do; jury and reviewer stand apart.
ROLE_RANKS = {StaffRole.DESK: 1, StaffRole.ORGANIZER: 2, StaffRole.ADMIN: 3}
DEFAULT_TOKEN_DAYS = 90


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (RFC 6238): the base32 secret once enrolled, and the last time step
    # accepted, so that one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )

    __table_args__ = (Index("uq_users_email", func.lower(email), unique=True),)

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret)

    def has_role(self, *roles: str) -> bool:
        """True when the user holds one of the roles or a staff role ranked above them."""
        if self.role in roles:
            return True
        rank = ROLE_RANKS.get(self.role, 0)
        return any(rank > ROLE_RANKS.get(r, 99) for r in roles)


def hash_token(token: str) -> str:
    # API tokens, session keys and recovery codes are long random values, so a fast hash is
    # enough to keep them unreadable.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @classmethod
    def issue(cls, user: User, days: int = DEFAULT_TOKEN_DAYS, name: str = "") -> tuple["ApiToken", str]:
        token = secrets.token_urlsafe(32)
        record = cls(user=user, token_hash=hash_token(token), name=name, expires_at=utcnow() + timedelta(days=days))
        db.session.add(record)
        return record, token

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class StaffSession(db.Model):
    """One signed-in browser. The cookie holds only a random key whose hash is here, so that
    signing out, a password or role change, or "sign out everywhere" ends it for good."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (kept hashed)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RolePolicy(db.Model):
    """Per-role security settings the admin chooses (administrators always need two factors)."""

    __tablename__ = "role_policies"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    two_factor_required: Mapped[bool] = mapped_column(Boolean, default=False)
