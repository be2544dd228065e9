"""What anonymizing a past edition removes from its award nominations: the contact person's
name, email and phone, the attached file, and those values quoted in the nomination's text.
The nominated organization, its scores and whether it won stay. Called by
conference/registration/privacy.py, which does the whole edition in one step."""

from sqlalchemy import func, select

from ..models import Edition, db
from ..models.awards import AwardCategory, Nomination
from .uploads import ATTACHMENT_DIR, stored_key

TEXTS = ("title", "description")


def nominations_of(edition: Edition) -> list[Nomination]:
    return list(db.session.scalars(
        select(Nomination).join(AwardCategory).where(AwardCategory.edition_id == edition.id)
    ))


def identified_by_edition() -> dict[int, int]:
    """Per edition id, how many nominations still name their contact person."""
    return dict(db.session.execute(
        select(AwardCategory.edition_id, func.count()).join(Nomination)
        .where((Nomination.contact_name != "") | (Nomination.contact_email != "")).group_by(AwardCategory.edition_id)
    ).all())


def people(nominations: list[Nomination]) -> tuple[set[str], set[str], set[str]]:
    """(names, emails, phones) of the nominations' contact people."""
    return ({n.contact_name.strip() for n in nominations if n.contact_name},
            {n.contact_email.strip().lower() for n in nominations if n.contact_email},
            {n.contact_phone.strip() for n in nominations if n.contact_phone})


def blank_nominations(nominations: list[Nomination], cut) -> list[str]:
    """Empty the contact fields and cut the values from the texts with cut(text); returns the
    storage keys of the attachments, deleted by the caller once the transaction is committed."""
    files = []
    for nomination in nominations:
        files.append(stored_key(ATTACHMENT_DIR, nomination.attachment_file))
        nomination.attachment_file = None
        nomination.contact_name = nomination.contact_email = nomination.contact_phone = ""
        for column in TEXTS:
            setattr(nomination, column, cut(getattr(nomination, column)))
    return [key for key in files if key]
