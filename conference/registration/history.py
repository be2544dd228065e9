"""A participant's history in words: each audit entry about them as who did what."""

from dataclasses import dataclass
from datetime import datetime

from babel.lists import format_list
from flask_babel import gettext as _
from sqlalchemy import select

from ..i18n import current_language
from ..models import AuditLog, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus
from .validation import FIELD_LABELS

HISTORY_LIMIT = 50


@dataclass
class Event:
    at: datetime
    who: str  # an organizer's address, or a word for the participant or the system
    what: str  # the action's own code when it has no words yet


def _status(value) -> str:
    return RegistrationStatus.label_of(value)


def _fields(details: dict) -> str:
    names = [str(FIELD_LABELS.get(name, name)) for name in details.get("changes", {})]
    return format_list(names, locale=current_language()) if names else ""


def _moved(details: dict) -> str:
    before, after = (details.get("status") or [None, None])[:2]
    return _("%(before)s → %(after)s", before=_status(before), after=_status(after)) if before else ""


WORDS = {
    "participant.update": lambda d: _("Details changed: %(fields)s", fields=_fields(d)),
    "participant.promote": lambda d: _("Moved from the waiting list to a seat"),
    "participant.restore": lambda d: _("Registration restored (%(status)s)", status=_status((d.get("status") or ["", ""])[-1])),
    "participant.cancel": lambda d: _("Registration cancelled"),
    "participant.approve": lambda d: _("Approved (%(status)s)", status=_moved(d)),
    "participant.reject": lambda d: _("Rejected"),
    "participant.resend": lambda d: _("Confirmation email sent again"),
    "participant.category": lambda d: _("Category changed: %(change)s", change=" → ".join(
        ParticipantCategory.label_of(c) for c in d.get("category", []))),
    "badge.print": lambda d: _("Badge printed"),
    "badge.reprint": lambda d: _("Badge printed again"),
    "badge.reissue": lambda d: _("Badge reissued: the old code stopped working"),
}


def _who(entry: AuditLog) -> str:
    details = entry.details or {}
    if details.get("by") == "participant":
        return _("the participant, from their private link")
    if entry.actor == "system" or not entry.actor:
        return _("automatically")
    return entry.actor


def describe(entry: AuditLog) -> Event:
    words = WORDS.get(entry.action)
    what = words(entry.details or {}) if words else entry.action
    return Event(entry.at, _who(entry), what)


def history_of(participant: Participant) -> list[Event]:
    entries = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.target_type == "participant", AuditLog.target_id == str(participant.id))
        .order_by(AuditLog.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    return [describe(entry) for entry in entries]
