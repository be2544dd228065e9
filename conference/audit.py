"""The audit trail: every change an organizer makes, who, what and when."""

from flask import g, has_request_context
from flask_login import current_user

from .database import in_read_only_request, write_transaction
from .models import AuditLog, User, db


def acting_user() -> User | None:
    if not has_request_context():
        return None
    api_user = getattr(g, "api_user", None)
    if api_user is not None:
        return api_user
    return current_user if current_user.is_authenticated else None


def record(action: str, target=None, actor: User | None = None, **details) -> AuditLog:
    """Add an audit entry to the current transaction (it commits with the change)."""
    actor = actor or acting_user()
    entry = AuditLog(
        user_id=actor.id if actor else None,
        actor=actor.email if actor else "system",
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=str(getattr(target, "id", "") or "") if target is not None else "",
        details=_jsonable(details),
    )
    if in_read_only_request():  # an audited read (an export): written in a transaction of its own
        with write_transaction() as session:
            session.add(entry)
    else:
        db.session.add(entry)
    return entry


def set_fields(target, values: dict) -> dict:
    """Set each value on `target`; returns what changed as {field: [old, new]}."""
    changes = {}
    for name, new in values.items():
        old = getattr(target, name)
        if old != new:
            changes[name] = [old, new]
            setattr(target, name, new)
    return changes


def update(action: str, target, values: dict, **details) -> dict:
    """Change fields and record what changed in one audit entry (none when nothing did)."""
    changes = set_fields(target, values)
    if changes:
        record(action, target, changes=changes, **details)
    return changes


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
