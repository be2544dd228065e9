"""Anonymizing a past edition: names, emails and phones go; the counts stay.

Each participant keeps the row (status, category, sector, organization, city, dates),
so the archive's figures do not change, but nothing identifies a person any more: the
personal fields are emptied, the self-service link and badge code are replaced by fresh
random values, and the emails sent to them are deleted.
"""

from sqlalchemy import delete, select, update

from .. import audit
from ..models import Edition, OutgoingEmail, Participant, db, utcnow
from ..models.certificates import Certificate
from ..models.people import new_badge_code, new_manage_token


class AnonymizeRefused(ValueError):
    pass


def anonymize_edition(edition: Edition) -> int:
    """Anonymize every participant of a past edition; returns how many. The caller commits."""
    if edition.is_current:
        raise AnonymizeRefused("the current edition cannot be anonymized")
    people = db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id, Participant.anonymized_at.is_(None))
    ).all()
    now = utcnow()
    for person in people:
        person.name_ar = person.name_en = person.phone = person.job_title = person.search_text = ""
        person.name_sort_key = b""
        person.email = None
        person.manage_token = new_manage_token()
        person.badge_code = new_badge_code()
        person.anonymized_at = now
    ids = select(Participant.id).where(Participant.edition_id == edition.id)
    db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.participant_id.in_(ids)))
    db.session.execute(
        update(Certificate)
        .where(Certificate.participant_id.in_(ids))
        .values(holder_ar="", holder_en="")
        .execution_options(synchronize_session=False)
    )
    audit.record("edition.anonymize", edition, number=edition.number, participants=len(people))
    return len(people)


def is_anonymized(edition: Edition) -> bool:
    """True once no participant of the edition has personal data left."""
    return db.session.scalar(
        select(Participant.id).where(Participant.edition_id == edition.id, Participant.anonymized_at.is_(None)).limit(1)
    ) is None
