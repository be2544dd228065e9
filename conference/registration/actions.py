"""What an organizer can do to a registration, one at a time or on a selection: which states each
action applies to, which emails it sends and its audit entry, in one place for the console's
single and bulk actions."""

from .. import audit
from ..models import Participant
from ..models.vocabulary import RegistrationStatus
from . import notifications, service

SINGLE_ACTIONS = ("approve", "reject", "cancel", "restore", "resend")


def apply(person: Participant, action: str) -> bool:
    """Do one action on one participant and audit it; False (nothing changed) when it does not apply."""
    before = person.status
    if action == "approve":
        if before != RegistrationStatus.PENDING:
            return False
        service.approve_registration(person)
        notifications.registration_received(person)
    elif action == "reject":
        if before != RegistrationStatus.PENDING:
            return False
        service.cancel_registration(person, notify=True)
    elif action == "cancel":
        if before == RegistrationStatus.CANCELLED:
            return False
        service.cancel_registration(person, notify=True)
    elif action == "restore":
        if before != RegistrationStatus.CANCELLED:
            return False
        service.restore_registration(person)
        notifications.registration_received(person)
    elif action == "resend":
        if before == RegistrationStatus.CANCELLED or not person.email:
            return False
        notifications.registration_received(person)
        audit.record("participant.resend", person, status=before)
        return True
    else:
        return False
    audit.record(f"participant.{action}", person, status=[before, person.status])
    return True


def change_category(person: Participant, category: str, **details) -> bool:
    """Move a participant to another category (audited); False when it already is theirs."""
    if person.category == category:
        return False
    audit.record("participant.category", person, category=[person.category, category], **details)
    person.category = category
    return True
