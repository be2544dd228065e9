"""The organizers' participant pages: one blueprint under /console, guarded once, and what its
pages share (the labels they show, committing a change with its email)."""

from flask import Blueprint, flash, url_for

from ... import mail
from ...auth import blueprint_requires
from ...models import Participant, db
from ...models.vocabulary import ParticipantCategory, RegistrationSource, RegistrationStatus, Sector
from ..validation import FIELD_LABELS, HONORIFIC_LABELS

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")


def participant_or_404(participant_id: int) -> Participant:
    return db.get_or_404(Participant, participant_id)


def labels() -> dict:
    return {
        "status_label": RegistrationStatus.label_of,
        "category_label": ParticipantCategory.label_of,
        "sector_label": Sector.label_of,
        "field_label": lambda f: FIELD_LABELS.get(f, f),
        "honorific_labels": HONORIFIC_LABELS,
        "source_label": RegistrationSource.label_of,
        "statuses": RegistrationStatus.values(),
        "sectors": Sector.values(),
        "categories": ParticipantCategory.values(),
    }


def finish(message: str, category: str = "success") -> None:
    """Commit the change and its audit entry, then send any email it queued."""
    db.session.commit()
    mail.deliver_soon()
    flash(message, category)


def safe_back(url: str | None) -> str:
    """Only a link back into the participant list (keeps its filters); never another site."""
    if url and url.startswith("/console/participants") and "//" not in url and "\\" not in url:
        return url
    return url_for(".participants")
