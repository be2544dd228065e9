"""Registration rules, shared by the form, the API, imports and the desk's walk-ins."""

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..agenda.signups import free_signups
from ..collation import sort_key
from ..models import Edition, Participant, db, utcnow
from ..models.vocabulary import RegistrationSource, RegistrationStatus
from ..search import fold, search_key
from . import notifications, seats


class RegistrationError(Exception):
    code = "registration_error"


class DuplicateRegistration(RegistrationError):
    code = "duplicate"


class EditionFull(RegistrationError):
    code = "full"


class RegistrationClosed(RegistrationError):
    code = "closed"

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


@dataclass
class Outcome:
    participant: Participant
    status: str


def find_by_email(edition: Edition, email: str) -> Participant | None:
    return db.session.scalar(
        select(Participant).where(
            Participant.edition_id == edition.id, func.lower(Participant.email) == email.strip().lower()
        )
    )


def refresh_search_key(participant: Participant) -> None:
    """The derived keys a participant is found and sorted by; called after every change of them."""
    participant.search_text = search_key(
        participant.name_ar, participant.name_en, participant.organization, participant.email, participant.phone
    )
    participant.name_sort_key = sort_key(participant.name_ar or participant.name_en)
    participant.organization_sort_key = sort_key(participant.organization)
    participant.organization_key = fold(participant.organization)[:200]


def register_participant(
    edition: Edition,
    data: dict,
    *,
    source: str = "online",
    check_window: bool = True,
    override_capacity: bool = False,
    override_reason: str = "",
    notify: bool = True,
) -> Outcome:
    """Create a registration from validated data and give it its status, atomically.

    Confirmed while seats remain; waitlisted when full (if the edition keeps a waitlist);
    pending when the edition needs approval (online sign-ups only). The caller commits.
    Raises DuplicateRegistration, EditionFull or RegistrationClosed, having changed nothing.
    """
    if check_window and (state := edition.registration_state()) != "open":
        raise RegistrationClosed(state)
    if data.get("email") and find_by_email(edition, data["email"]):
        raise DuplicateRegistration()

    participant = Participant(edition_id=edition.id, source=source, **data)
    participant.consent_at = participant.consent_at or utcnow()
    refresh_search_key(participant)
    try:
        # One savepoint: if anything below fails, no seat and no number were taken.
        with db.session.begin_nested():
            _give_status(edition, participant, source, override=override_capacity, reason=override_reason)
            participant.badge_number = seats.next_badge_number(edition.id)
            db.session.add(participant)
            db.session.flush()
    except IntegrityError as exc:  # the database's own uniqueness check won a race
        raise DuplicateRegistration() from exc
    finally:
        db.session.expire(edition, ["seats_taken", "badges_issued"])
    if notify:
        notifications.registration_received(participant)
    return Outcome(participant, participant.status)


def _give_status(edition: Edition, participant: Participant, source: str, *, override: bool, reason: str) -> None:
    if edition.approval_required and source == RegistrationSource.ONLINE:
        participant.status = RegistrationStatus.PENDING
    elif seats.take_seat(edition.id):
        _confirm(participant)
    elif override:
        seats.take_seat_over_capacity(edition.id)
        _confirm(participant)
        audit.record("registration.capacity_override", edition, email=participant.email, reason=reason)
    elif edition.waitlist_enabled:
        participant.status = RegistrationStatus.WAITLISTED
    else:
        raise EditionFull()


def _confirm(participant: Participant) -> None:
    participant.status = RegistrationStatus.CONFIRMED
    participant.confirmed_at = utcnow()


def cancel_registration(participant: Participant, notify: bool = True) -> list[Participant]:
    """Cancel; a confirmed seat goes to the waitlist. Returns the people promoted."""
    if participant.status == RegistrationStatus.CANCELLED:
        return []
    held_seat = participant.status == RegistrationStatus.CONFIRMED
    participant.status, participant.cancelled_at = RegistrationStatus.CANCELLED, utcnow()
    if notify:
        notifications.registration_cancelled(participant)
    if not held_seat:
        return []
    free_signups(participant)
    seats.release_seat(participant.edition_id)
    db.session.flush()
    promoted = promote_waitlist(participant.edition)
    if notify:
        notifications.seats_given(promoted)
    return promoted


class RestoreRefused(Exception):
    """code: 'not_cancelled', 'closed' or 'full'."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def waitlist_position(participant: Participant) -> int | None:
    """1 for the next person to get a seat; None when not on the waiting list."""
    if participant.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = select(func.count()).where(
        Participant.edition_id == participant.edition_id,
        Participant.status == RegistrationStatus.WAITLISTED,
        or_(Participant.created_at < participant.created_at,
            and_(Participant.created_at == participant.created_at, Participant.id < participant.id)),
    )
    return db.session.scalar(ahead) + 1


def promote_waitlist(edition: Edition) -> list[Participant]:
    """Give free seats to the waitlist, first come first served."""
    promoted = []
    while True:
        query = (
            select(Participant)
            .where(Participant.edition_id == edition.id, Participant.status == RegistrationStatus.WAITLISTED)
            .order_by(Participant.created_at, Participant.id)
            .limit(1)
        )
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        candidate = db.session.scalar(query)
        if candidate is None or not seats.take_seat(edition.id):
            return promoted
        _confirm(candidate)
        audit.record("participant.promote", candidate, status=[RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED])
        promoted.append(candidate)


def approve_registration(participant: Participant) -> str:
    """Approve a pending registration: a seat if one is free, else the waitlist.
    The caller emails the outcome (notifications.registration_received)."""
    if participant.status != RegistrationStatus.PENDING:
        return participant.status
    if seats.take_seat(participant.edition_id):
        _confirm(participant)
    else:
        participant.status = RegistrationStatus.WAITLISTED
    return participant.status


def fill_free_seats(edition: Edition, notify: bool = True) -> list[Participant]:
    """After capacity was raised: the waitlist takes the new seats and is told so."""
    db.session.flush()
    promoted = promote_waitlist(edition)
    db.session.expire(edition, ["seats_taken"])
    if notify:
        notifications.seats_given(promoted)
    return promoted


def attendees_taking_bulk_mail(edition: Edition, already) -> list[int]:
    """Ids of the edition's attendees who checked in and still take bulk mail (certificate links,
    announcements), in registration order, leaving out `already` (a select of participant ids)."""
    return list(db.session.scalars(
        select(Participant.id)
        .where(
            Participant.edition_id == edition.id,
            Participant.checked_in_at.is_not(None),
            Participant.status != RegistrationStatus.CANCELLED,
            Participant.anonymized_at.is_(None),
            Participant.unsubscribed_at.is_(None),
            Participant.email.is_not(None),
            Participant.id.not_in(already),
        )
        .order_by(Participant.id)
    ))


def stop_bulk_mail(participant: Participant) -> None:
    """No more certificate links or announcements; messages about the registration itself still go."""
    if participant.unsubscribed_at is None:
        participant.unsubscribed_at = utcnow()


def update_details(participant: Participant, cleaned: dict) -> dict:
    """Save cleaned details (validation.clean_details or clean_registration); returns what
    changed as {field: [old, new]} for the caller's audit entry. Raises DuplicateRegistration,
    having changed nothing, when the new email is already registered."""
    new_email = cleaned.get("email", participant.email)
    if new_email and new_email.lower() != (participant.email or "").lower():
        other = find_by_email(participant.edition, new_email)
        if other is not None and other.id != participant.id:
            raise DuplicateRegistration()
    changes = {field: [getattr(participant, field) or "", value or ""] for field, value in cleaned.items()
               if (getattr(participant, field) or "") != (value or "")}
    try:
        with db.session.begin_nested():
            for field, value in cleaned.items():
                setattr(participant, field, value)
            refresh_search_key(participant)
            db.session.flush()
    except IntegrityError as exc:
        raise DuplicateRegistration() from exc
    return changes


def search_condition(query: str):
    """The WHERE condition for a name in any Arabic spelling, an email, a phone or an
    organization; None when the query has nothing to search for."""
    digits = "".join(c for c in fold(query) if c.isdigit())
    if re.fullmatch(r"[\d\s+()-]{6,}", fold(query)):
        # A phone number in any local or international form: match on its last 9 digits.
        return Participant.phone.contains(digits[-9:], autoescape=True)
    terms = fold(query).split()
    if not terms:
        return None
    return and_(*(Participant.search_text.contains(term, autoescape=True) for term in terms))


def restore_registration(participant: Participant, *, self_service: bool = False) -> str:
    """Bring back a cancelled registration: a seat if one is free (the one seat rule), else the
    waitlist. The badge keeps its number and code; the caller commits and emails the outcome.

    From the participant's own link (`self_service`) only while registration is open, and not
    when the edition is full without a waitlist: RestoreRefused says why, nothing changed.
    """
    edition = participant.edition
    if participant.status != RegistrationStatus.CANCELLED:
        if self_service:
            raise RestoreRefused("not_cancelled")
        return participant.status
    if self_service and edition.registration_state() != "open":
        raise RestoreRefused("closed")
    if seats.take_seat(participant.edition_id):
        _confirm(participant)
    elif self_service and not edition.waitlist_enabled:
        raise RestoreRefused("full")
    else:
        participant.status = RegistrationStatus.WAITLISTED
    participant.cancelled_at = None
    db.session.expire(edition, ["seats_taken"])
    if self_service:  # the console audits its own actions, with the organizer's name
        audit.record("participant.restore", participant, status=[RegistrationStatus.CANCELLED, participant.status], by="participant")
    return participant.status


def find_participants(edition: Edition, query: str, limit: int = 50) -> list[Participant]:
    """People matching a name in any Arabic spelling, an email, a phone or an organization."""
    condition = search_condition(query)
    if condition is None:
        return []
    statement = select(Participant).where(Participant.edition_id == edition.id, condition)
    order = (Participant.status != RegistrationStatus.CONFIRMED, Participant.name_ar, Participant.name_en, Participant.id)
    return list(db.session.scalars(statement.order_by(*order).limit(limit)))
