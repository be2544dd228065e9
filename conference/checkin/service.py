"""The check-in rule, in one place: the scan page, the API, the lookup page and the CLI call it.

A scan answers exactly one of the CheckInResult values. Two desks scanning the same badge at the same moment
cannot both get "ok": the door check-in is one conditional UPDATE on
participants.checked_in_at IS NULL, and a session attendance is guarded by a unique index.
The same nonce sent twice (a scan resent after a network drop) records one check-in and
answers what the first one answered.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..models import Edition, Participant, RevokedBadgeCode, db, utcnow
from ..models.checkin import CheckIn
from ..models.vocabulary import CheckInMethod, CheckInPlace, CheckInResult, RegistrationStatus

MAX_CODE_LENGTH = 64
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass
class ScanResult:
    status: str
    participant: Participant | None
    record: CheckIn
    first_checked_in_at: datetime | None = None
    session: object | None = None
    session_attended: int | None = None
    replayed: bool = False

    @property
    def session_full(self) -> bool:
        limit = getattr(self.session, "seat_limit", None)
        return bool(limit) and self.session_attended is not None and self.session_attended >= limit

    def as_json(self) -> dict:
        answer = {"status": self.status, "participant": participant_json(self.participant), "replayed": self.replayed}
        if self.status == CheckInResult.ALREADY_CHECKED_IN:
            answer["first_checked_in_at"] = _iso(self.first_checked_in_at)
        if self.session is not None:
            answer["session"] = {
                "id": self.session.id,
                "attended": self.session_attended,
                "seat_limit": self.session.seat_limit,
                "full": self.session_full,
            }
        return answer


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def participant_json(participant: Participant | None) -> dict | None:
    """What a desk sees of a person after a scan, and nothing more."""
    if participant is None:
        return None
    return {
        "id": participant.id,
        "name_ar": participant.name_ar,
        "name_en": participant.name_en,
        "organization": participant.organization,
        "category": participant.category,
        "badge_number": participant.badge_number,
        "checked_in_at": _iso(participant.checked_in_at),
    }


# What a person reads off a badge ("#0431") or a phone ("431"): never a badge code, which is
# 32 base32 characters.
BADGE_NUMBER = re.compile(r"#?0*(\d{1,9})")


def normalize_code(code: str) -> str:
    """A scanner or a person may add spaces, type lower case or Arabic-Indic digits; badge codes
    are uppercase base32."""
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in re.sub(r"\s+", "", code or ""))
    return text.upper()[:MAX_CODE_LENGTH]


def find_badge(code: str) -> Participant | None:
    """The current edition's participant with this badge code, or with this badge number as typed."""
    if not code:
        return None
    query = select(Participant).join(Edition).where(Edition.is_current == true())
    if number := BADGE_NUMBER.fullmatch(code):
        return db.session.scalar(query.where(Participant.badge_number == int(number.group(1))))
    return db.session.scalar(query.where(Participant.badge_code == code))


def outside_edition_days(edition: Edition, now: datetime | None = None) -> bool:
    """Today, at the venue, is not one of the forum's days (the desk is warned; scans still count)."""
    today = (now or utcnow()).astimezone(edition.tz).date()
    return not edition.starts_on <= today <= edition.ends_on


def check_in(code: str, by=None, nonce: str | None = None, *, session=None, where: str = CheckInPlace.DOOR) -> ScanResult:
    """Check a badge code (or the badge number typed at the desk) in at the door, or at `session`
    (an agenda session). The caller commits."""
    code = normalize_code(code)
    participant = find_badge(code)
    if participant is None:
        return _refuse_unknown_code(code, by, nonce, session=session, where=where)
    return _admit(participant, by=by, nonce=nonce, session=session, where=where, method=CheckInMethod.SCAN, code=code)


def check_in_participant(participant: Participant, by=None, session=None, *, method: str = CheckInMethod.MANUAL) -> ScanResult:
    """The same rule for someone found by name at the desk (or just registered as a walk-in)."""
    where = CheckInPlace.SESSION if session is not None else CheckInPlace.DOOR
    return _admit(participant, by=by, nonce=None, session=session, where=where, method=method, code="")


def _replay(nonce: str) -> ScanResult | None:
    record = db.session.scalar(select(CheckIn).where(CheckIn.nonce == nonce))
    if record is None:
        return None
    participant = db.session.get(Participant, record.participant_id) if record.participant_id else None
    session = _session_by_id(record.session_id) if record.session_id else None
    result = ScanResult(record.result, participant, record, replayed=True, session=session)
    if record.result == CheckInResult.ALREADY_CHECKED_IN:
        result.first_checked_in_at = _first_time(participant, record.session_id)
    if session is not None:
        result.session_attended = session_attendance(session.id)
    return result


def _refuse_unknown_code(code, by, nonce, *, session, where) -> ScanResult:
    revoked = db.session.get(RevokedBadgeCode, code) if code else None
    participant = db.session.get(Participant, revoked.participant_id) if revoked else None
    status = CheckInResult.REVOKED if revoked else CheckInResult.INVALID
    edition_id = participant.edition_id if participant else db.session.scalar(
        select(Edition.id).where(Edition.is_current == true())
    )
    record = _new_record(edition_id, participant, status, by=by, nonce=nonce, session=session, where=where,
                         method=CheckInMethod.SCAN, code=code)
    return _save(record, nonce) or ScanResult(status, participant, record, session=session)


def _admit(participant, *, by, nonce, session, where, method, code) -> ScanResult:
    if session is not None:
        where = CheckInPlace.SESSION
    if participant.status != RegistrationStatus.CONFIRMED:
        status = CheckInResult.CANCELLED if participant.status == RegistrationStatus.CANCELLED else CheckInResult.NOT_CONFIRMED
        record = _new_record(participant.edition_id, participant, status, by=by, nonce=nonce, session=session,
                             where=where, method=method, code=code)
        return _save(record, nonce) or ScanResult(status, participant, record, session=session)
    if session is None:
        return _admit_at_door(participant, by=by, nonce=nonce, method=method, code=code)
    return _admit_to_session(participant, by=by, nonce=nonce, session=session, method=method, code=code)


def _admit_at_door(participant, *, by, nonce, method, code) -> ScanResult:
    # The busiest path of the day: plain SQL statements, no unit of work, one savepoint.
    now = utcnow()
    connection = db.session.connection()
    try:
        with connection.begin_nested():
            won = _mark_arrived(participant.id, now)
            status = CheckInResult.OK if won else CheckInResult.ALREADY_CHECKED_IN
            values = _record_values(participant.edition_id, participant, status, by=by, nonce=nonce, session=None,
                                    where=CheckInPlace.DOOR, method=method, code=code)
            connection.execute(insert(CheckIn.__table__).values(values))
    except IntegrityError:  # the same nonce was recorded a moment ago: answer what it answered
        return _replay(nonce)
    if won:
        set_committed_value(participant, "checked_in_at", now)
    else:
        first = connection.scalar(select(Participant.checked_in_at).where(Participant.id == participant.id))
        set_committed_value(participant, "checked_in_at", first)
    return ScanResult(status, participant, CheckIn(**values), first_checked_in_at=participant.checked_in_at)


def _mark_arrived(participant_id: int, now: datetime) -> bool:
    """The one conditional UPDATE that decides who checked a person in first."""
    table = Participant.__table__
    result = db.session.connection().execute(
        update(table).where(table.c.id == participant_id, table.c.checked_in_at.is_(None)).values(checked_in_at=now)
    )
    return result.rowcount == 1


def _admit_to_session(participant, *, by, nonce, session, method, code) -> ScanResult:
    now = utcnow()
    status = CheckInResult.OK
    try:
        with db.session.begin_nested():
            # Someone scanned into a session is at the event, even if the door missed them.
            if _mark_arrived(participant.id, now):
                set_committed_value(participant, "checked_in_at", now)
            record = _new_record(participant.edition_id, participant, CheckInResult.OK, by=by, nonce=nonce,
                                 session=session, where=CheckInPlace.SESSION, method=method, code=code)
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        if nonce and (earlier := _replay(nonce)):
            return earlier
        status = CheckInResult.ALREADY_CHECKED_IN
        record = _new_record(participant.edition_id, participant, status, by=by, nonce=nonce, session=session,
                             where=CheckInPlace.SESSION, method=method, code=code)
        if earlier := _save(record, nonce):
            return earlier
    db.session.refresh(participant, ["checked_in_at"])
    result = ScanResult(status, participant, record, session=session, session_attended=session_attendance(session.id))
    if status == CheckInResult.ALREADY_CHECKED_IN:
        result.first_checked_in_at = _first_time(participant, session.id)
    return result


def _new_record(edition_id, participant, status, **how) -> CheckIn:
    return CheckIn(**_record_values(edition_id, participant, status, **how))


def _record_values(edition_id, participant, status, *, by, nonce, session, where, method, code) -> dict:
    """One check-in row: who (participant, or none for an unknown code) with what result, where
    (door or session), how (scan, manual, walk-in), by whom, and the scan's nonce."""
    return dict(
        edition_id=edition_id,
        participant_id=participant.id if participant else None,
        session_id=session.id if session is not None else None,
        where=where,
        method=method,
        code=code or "",
        result=status,
        nonce=nonce or None,
        by_user_id=getattr(by, "id", None),
        at=utcnow(),
    )


def _save(record: CheckIn, nonce: str | None) -> ScanResult | None:
    """Store a record; if its nonce was stored meanwhile, the earlier answer instead."""
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        return _replay(nonce) if nonce else None
    return None


def _first_time(participant: Participant | None, session_id: int | None) -> datetime | None:
    if participant is None:
        return None
    if session_id is None:
        return participant.checked_in_at
    return db.session.scalar(
        select(func.min(CheckIn.at)).where(
            CheckIn.session_id == session_id, CheckIn.participant_id == participant.id, CheckIn.result == CheckInResult.OK
        )
    )


def session_attendance(session_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(CheckIn.session_id == session_id, CheckIn.result == CheckInResult.OK)
    )


def _session_by_id(session_id: int):
    from .sessions import find_session

    return find_session(session_id, any_edition=True)
