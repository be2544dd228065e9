"""A walk-in at the desk: registered on the spot with the registration rules (outside the
registration window; over capacity only by an organizer, with a reason). The desk then checks
them in when they have a seat."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..models import Edition, Participant, db
from ..models.vocabulary import RegistrationSource
from ..registration.service import DuplicateRegistration, EditionFull, register_participant
from ..registration.validation import clean_registration


@dataclass
class WalkIn:
    participant: Participant | None = None
    errors: dict = field(default_factory=dict)  # {field: message in the desk person's language}
    full: bool = False  # no seat left, and no organizer's override


def register_walk_in(edition: Edition, submitted: dict, *, category: str, override: bool = False,
                     reason: str = "") -> WalkIn:
    """Register a walk-in; nothing is saved when it is refused (errors, or full)."""
    cleaned, errors = clean_registration(submitted, source=RegistrationSource.WALK_IN)
    reason = reason.strip()
    if override and not reason:
        errors["override_reason"] = _("Give the reason for going over capacity.")
    if errors:
        return WalkIn(errors=errors)
    cleaned["category"] = category
    try:
        outcome = register_participant(edition, cleaned, source=RegistrationSource.WALK_IN, check_window=False,
                                       override_capacity=override, override_reason=reason)
    except DuplicateRegistration:
        db.session.rollback()
        return WalkIn(errors={"email": _("Someone is already registered with this email. Find them by name or email below.")})
    except EditionFull:
        db.session.rollback()
        return WalkIn(full=True)
    return WalkIn(participant=outcome.participant)
