"""Badge rules shared by the console, the desk, the API and the command line.

- render_badge / render_badges: PDF bytes of one or a few badges (in this process).
- mark_printed: a printed badge is counted, with the time.
- reissue_badge: a lost badge gets a new code; the old one answers "revoked" at the door.
The caller commits.
"""

from sqlalchemy import update

from .. import audit
from ..models import Edition, Participant, db, utcnow
from ..models.people import RevokedBadgeCode, new_badge_code
from ..models.vocabulary import RegistrationStatus
from ..pdf import render_html_to_pdf
from .layouts import DEFAULT_LAYOUT, LAYOUTS
from .render import badges_html


def layout_for(edition: Edition, requested: str | None = None) -> str:
    """The requested layout if it exists, else the edition's default."""
    if requested in LAYOUTS:
        return requested
    return edition.badge_layout if edition.badge_layout in LAYOUTS else DEFAULT_LAYOUT


def may_have_badge(participant: Participant) -> bool:
    return participant.status != RegistrationStatus.CANCELLED and participant.anonymized_at is None


def render_badges(edition: Edition, participants, layout: str | None = None) -> bytes:
    return render_html_to_pdf(badges_html(edition, list(participants), layout_for(edition, layout)))


def render_badge(participant: Participant, layout: str | None = None) -> bytes:
    return render_badges(participant.edition, [participant], layout)


def mark_printed(participant_ids, how: str = "print") -> None:
    """Count one print of each badge, atomically (two desks printing at once both count)."""
    ids = list(participant_ids)
    for start in range(0, len(ids), 500):
        db.session.execute(
            update(Participant)
            .where(Participant.id.in_(ids[start : start + 500]))
            .values(badge_printed_at=utcnow(), badge_print_count=Participant.badge_print_count + 1)
            .execution_options(synchronize_session=False)
        )
    for participant in db.session.identity_map.values():
        if isinstance(participant, Participant) and participant.id in ids:
            db.session.expire(participant, ["badge_printed_at", "badge_print_count"])


def reprint_badge(participant: Participant, layout: str | None = None) -> bytes:
    """The badge's PDF, counted as printed and audited (the caller commits)."""
    pdf = render_badge(participant, layout)
    mark_printed([participant.id])
    audit.record("badge.reprint", participant, badge_number=participant.badge_number)
    return pdf


def reissue_badge(participant: Participant) -> str:
    """Give the participant a new badge code; the old one is kept as revoked. Returns the new code."""
    old_code = participant.badge_code
    db.session.add(RevokedBadgeCode(code=old_code, participant_id=participant.id))
    participant.badge_code = new_badge_code()
    audit.record("badge.reissue", participant, badge_number=participant.badge_number)
    db.session.flush()
    return participant.badge_code


def badge_filename(participant: Participant) -> str:
    return f"badge-{participant.badge_number or participant.id}.pdf"
