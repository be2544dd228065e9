"""Two-factor sign-in: time-based one-time codes (RFC 6238, through pyotp) from an
authenticator app, and one-time recovery codes for a lost phone."""

import base64
import hmac
import secrets
import time

import pyotp
from flask import current_app
from sqlalchemy import delete, select

from ..models import RecoveryCode, RolePolicy, User, db, utcnow
from ..models.accounts import hash_token

ISSUER = "Forum"
RECOVERY_CODE_COUNT = 10
# Roles that always need the second factor, whatever the admin chooses for the others.
ALWAYS_REQUIRED = frozenset({"admin"})


def is_required(user: User) -> bool:
    """Whether this account must use a second factor to sign in."""
    return user.role in ALWAYS_REQUIRED or role_requires(user.role)


def role_requires(role: str) -> bool:
    policy = db.session.get(RolePolicy, role)
    return bool(policy and policy.two_factor_required)


def set_role_requirement(role: str, required: bool) -> bool:
    """Record the admin's choice for a role; True when it changed."""
    policy = db.session.get(RolePolicy, role) or RolePolicy(role=role, two_factor_required=False)
    changed = policy.two_factor_required != required
    policy.two_factor_required = required
    db.session.add(policy)
    return changed


def enrolment_secret(user: User, session_key: str) -> str:
    """The secret offered while enrolling, the same on every reload of the page in this browser
    and stored nowhere (not even in the cookie) until the first code proves the app has it."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"totp:{user.id}:{session_key}".encode(), "sha256")
    return base64.b32encode(digest.digest()[:20]).decode()


def provisioning_uri(secret: str, user: User) -> str:
    """The otpauth:// address an authenticator app reads from the enrolment QR."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is (the one before and after allowed for clock drift)."""
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time.time())
    matched = None
    for step in (now_step - 1, now_step, now_step + 1):
        if pyotp.utils.strings_equal(code, totp.generate_otp(step)):
            matched = step
    return matched


def _clean(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()[:32]


def verify(user: User, code: str) -> bool:
    """A fresh authenticator code or an unused recovery code; either is then spent. The caller commits."""
    code = _clean(code)
    if not user.totp_secret or not code:
        return False
    if code.isdigit() and len(code) == 6:
        step = _matching_step(user.totp_secret, code)
        if step is None or step <= user.totp_last_step:
            return False
        user.totp_last_step = step
        return True
    return _spend_recovery_code(user, code)


def _spend_recovery_code(user: User, code: str) -> bool:
    record = db.session.scalar(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == hash_token(code),
                                   RecoveryCode.used_at.is_(None))
    )
    if record is None:
        return False
    record.used_at = utcnow()
    return True


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor sign-in on once the app shows the right code; returns the recovery codes."""
    step = _matching_step(secret, _clean(code))
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes; the plain codes are shown once and kept only hashed."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(_clean(c))) for c in codes)
    return codes


def _recovery_code() -> str:
    raw = secrets.token_hex(6).upper()  # 48 random bits, and sign-in attempts are rate limited
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def remaining_recovery_codes(user: User) -> int:
    return len(db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all())


def turn_off(user: User) -> None:
    user.totp_secret, user.totp_last_step = None, 0
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
