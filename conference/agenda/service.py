"""Agenda rules shared by the console, the API, the public pages and the demo."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..models import Edition, db
from ..models.agenda import AgendaSession, Room, SessionSignup, SessionSpeaker, Speaker, Track
from ..models.vocabulary import SessionKind, SpeakerRole
from . import conflicts as rules

SESSION_TEXT_LIMITS = {"title_ar": 300, "title_en": 300, "description_ar": 5000, "description_en": 5000}
SEAT_LIMIT_MAX = 100000


class SessionInvalid(ValueError):
    """Field errors (keys are field names, values short English explanations for the API)."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("invalid session")
        self.fields = fields


class ConflictsFound(Exception):
    def __init__(self, found: list[rules.Conflict], candidate_id: int, titles: dict[str, str]):
        super().__init__(f"{len(found)} conflicts")
        self.conflicts = found
        self.candidate_id = candidate_id
        self.titles = titles

    def pending(self, locale: str) -> dict[int, str]:
        first, second = ("ar", "en") if locale == "ar" else ("en", "ar")
        return {self.candidate_id: self.titles[first] or self.titles[second]}


def conflicts_message() -> str:
    return _("The session conflicts with the agenda. Send \"force\": true to save it anyway.")


def no_such_session_message() -> str:
    return _("There is no such session.")


# ---------------------------------------------------------------- reading


def rooms_of(edition: Edition) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.edition_id == edition.id).order_by(Room.position, Room.id)))


def tracks_of(edition: Edition) -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.edition_id == edition.id).order_by(Track.id)))


def speakers_of(edition: Edition) -> list[Speaker]:
    return list(db.session.scalars(select(Speaker).where(Speaker.edition_id == edition.id).order_by(Speaker.name_en, Speaker.id)))


def sessions_of(edition: Edition, published_only: bool = False) -> list[AgendaSession]:
    query = (
        select(AgendaSession)
        .where(AgendaSession.edition_id == edition.id)
        .options(selectinload(AgendaSession.people).selectinload(SessionSpeaker.speaker),
                 selectinload(AgendaSession.room), selectinload(AgendaSession.track))
        .order_by(AgendaSession.starts_at, AgendaSession.room_id, AgendaSession.id)
    )
    if published_only:
        query = query.where(AgendaSession.published.is_(True))
    return list(db.session.scalars(query))


def find_in_edition(model, edition: Edition, object_id: int | None):
    if object_id is None:
        return None
    obj = db.session.get(model, object_id)
    return obj if obj is not None and obj.edition_id == edition.id else None


def local_day(value: datetime, edition: Edition) -> date:
    return value.astimezone(edition.tz).date()


@dataclass
class TimeSlot:
    starts_at: datetime
    sessions: list[AgendaSession]


@dataclass
class AgendaDay:
    day: date
    slots: list[TimeSlot]


def by_day_and_time(sessions: list[AgendaSession], edition: Edition) -> list[AgendaDay]:
    """Sessions grouped by local day, then by start time: parallel sessions share a slot."""
    days: list[AgendaDay] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.room.position if s.room else 999, s.id)):
        day = local_day(session.starts_at, edition)
        if not days or days[-1].day != day:
            days.append(AgendaDay(day, []))
        slots = days[-1].slots
        if not slots or slots[-1].starts_at != session.starts_at:
            slots.append(TimeSlot(session.starts_at, []))
        slots[-1].sessions.append(session)
    return days


# ---------------------------------------------------------------- conflicts


def _slot(session: AgendaSession) -> rules.Slot:
    return rules.Slot(
        id=session.id or 0,
        title=session.title_en or session.title_ar,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room_id=session.room_id,
        seat_limit=session.seat_limit,
        speaker_ids=frozenset(p.speaker_id for p in session.people),
    )


def _facts(edition: Edition) -> tuple[dict[int, rules.RoomFacts], rules.EditionDates]:
    rooms = {r.id: rules.RoomFacts(r.id, r.name_en or r.name_ar, r.capacity) for r in rooms_of(edition)}
    return rooms, rules.EditionDates(edition.starts_on, edition.ends_on, edition.tz)


def all_conflicts(edition: Edition) -> list[rules.Conflict]:
    rooms, dates = _facts(edition)
    return rules.find_conflicts([_slot(s) for s in sessions_of(edition)], rooms, dates)


def conflicts_for_candidate(edition: Edition, candidate: rules.Slot) -> list[rules.Conflict]:
    rooms, dates = _facts(edition)
    others = [_slot(s) for s in sessions_of(edition) if s.id != candidate.id]
    return rules.conflicts_for(candidate.id, [*others, candidate], rooms, dates=dates)


def describe_all(found: list[rules.Conflict], edition: Edition, locale: str, *, pending: dict[int, str] | None = None) -> list[str]:
    """Each warning as a sentence in the reader's language. `pending` titles a session not yet saved, by id (0 when new)."""
    if not found:
        return []
    sessions = {s.id: s for s in sessions_of(edition)}
    rooms = {r.id: r.localized("name", locale) for r in rooms_of(edition)}
    speakers = {s.id: s.localized("name", locale) for s in speakers_of(edition)}

    def title(session_id: int) -> str:
        if pending and session_id in pending:
            return pending[session_id]
        session = sessions.get(session_id)
        return session.localized("title", locale) if session else _("the session being saved")

    def message(conflict: rules.Conflict) -> str:
        first = title(conflict.session_ids[0])
        if conflict.code == rules.ROOM_DOUBLE_BOOKED:
            return _("%(room)s is booked twice: “%(a)s” and “%(b)s” overlap.",
                     room=rooms.get(conflict.room_id, ""), a=first, b=title(conflict.session_ids[1]))
        if conflict.code == rules.SPEAKER_DOUBLE_BOOKED:
            return _("%(speaker)s is in two places at once: “%(a)s” and “%(b)s”.",
                     speaker=speakers.get(conflict.speaker_id, ""), a=first, b=title(conflict.session_ids[1]))
        if conflict.code == rules.OUTSIDE_EDITION_DATES:
            return _("“%(a)s” is outside the forum's dates.", a=first)
        if conflict.code == rules.ROOM_TOO_SMALL:
            return _("%(room)s seats %(capacity)s, fewer than the seat limit of “%(a)s” (%(limit)s).",
                     room=rooms.get(conflict.room_id, ""), capacity=conflict.detail["capacity"], a=first,
                     limit=conflict.detail["seat_limit"])
        return conflict.code

    return [message(c) for c in found]


def conflicts_as_dicts(found: list[rules.Conflict], edition: Edition, locale: str, *, pending: dict[int, str] | None = None) -> list[dict]:
    messages = describe_all(found, edition, locale, pending=pending)
    return [c.as_dict() | {"message": m} for c, m in zip(found, messages, strict=True)]


# ---------------------------------------------------------------- saving


def check_session_values(edition: Edition, values: dict) -> dict[str, str]:
    """Field errors for a complete set of session values."""
    errors = {}
    if values.get("kind") not in SessionKind.values():
        errors["kind"] = "one of " + ", ".join(SessionKind.values())
    if not (values.get("title_ar") or "").strip() and not (values.get("title_en") or "").strip():
        errors["title_ar"] = "a title in Arabic or English is required"
    for name, limit in SESSION_TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"at most {limit} characters"
    if problem := rules.times_error(values.get("starts_at"), values.get("ends_at")):
        errors["ends_at" if problem == "ends_before_start" else "starts_at"] = (
            "must be after the start" if problem == "ends_before_start" else "start and end are required")
    seat_limit = values.get("seat_limit")
    if seat_limit is not None and not 1 <= seat_limit <= SEAT_LIMIT_MAX:
        errors["seat_limit"] = f"from 1 to {SEAT_LIMIT_MAX}, or empty"
    if values.get("room_id") is not None and find_in_edition(Room, edition, values["room_id"]) is None:
        errors["room_id"] = "no such room"
    if values.get("track_id") is not None and find_in_edition(Track, edition, values["track_id"]) is None:
        errors["track_id"] = "no such track"
    for speaker_id in [*values.get("speaker_ids", []), *filter(None, [values.get("moderator_id")])]:
        if find_in_edition(Speaker, edition, speaker_id) is None:
            errors["moderator_id" if speaker_id == values.get("moderator_id") else "speaker_ids"] = "no such speaker"
    return errors


SESSION_COLUMNS = ("kind", "title_ar", "title_en", "description_ar", "description_en", "starts_at", "ends_at",
                   "room_id", "track_id", "seat_limit", "published")


NEW_SESSION_DEFAULTS = {"kind": None, "title_ar": "", "title_en": "", "description_ar": "", "description_en": "",
                        "starts_at": None, "ends_at": None, "room_id": None, "track_id": None, "seat_limit": None,
                        "published": False, "speaker_ids": [], "moderator_id": None}


def session_values(session: AgendaSession) -> dict:
    values = {name: getattr(session, name) for name in SESSION_COLUMNS}
    values["speaker_ids"] = [s.id for s in session.speakers]
    values["moderator_id"] = session.moderator.id if session.moderator else None
    return values


def save_session(edition: Edition, session: AgendaSession | None, changes: dict, *, force: bool = False) -> tuple[AgendaSession, list]:
    """Create or change a session. Raises SessionInvalid, or ConflictsFound unless forced.

    Returns the session and the warnings it was saved with. The caller commits.
    """
    before = session_values(session) if session else {}
    values = NEW_SESSION_DEFAULTS | before | changes
    for name in ("title_ar", "title_en", "description_ar", "description_en"):
        values[name] = (values.get(name) or "").strip()
    if errors := check_session_values(edition, values):
        raise SessionInvalid(errors)

    speaker_ids = list(dict.fromkeys(i for i in values["speaker_ids"] if i != values["moderator_id"]))
    candidate = rules.Slot(
        id=session.id if session else 0, title=values["title_en"] or values["title_ar"],
        starts_at=values["starts_at"], ends_at=values["ends_at"], room_id=values["room_id"],
        seat_limit=values["seat_limit"], speaker_ids=frozenset([*speaker_ids, *filter(None, [values["moderator_id"]])]),
    )
    found = conflicts_for_candidate(edition, candidate)
    if found and not force:
        raise ConflictsFound(found, candidate.id, {"ar": values["title_ar"], "en": values["title_en"]})

    creating = session is None
    if creating:
        session = AgendaSession(edition_id=edition.id)
        db.session.add(session)
    for name in SESSION_COLUMNS:
        setattr(session, name, values[name])
    people = [SessionSpeaker(speaker_id=i, role=SpeakerRole.SPEAKER, position=n) for n, i in enumerate(speaker_ids)]
    if values["moderator_id"]:
        people.append(SessionSpeaker(speaker_id=values["moderator_id"], role=SpeakerRole.MODERATOR, position=len(people)))
    if [(p.speaker_id, p.role) for p in session.people] != [(p.speaker_id, p.role) for p in people]:
        session.people.clear()
        db.session.flush()
        session.people.extend(people)
    db.session.flush()
    after = session_values(session) | {"speaker_ids": speaker_ids}
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if creating or diff:
        audit.record("agenda.session." + ("create" if creating else "update"), session, changes=diff,
                     forced_warnings=[c.code for c in found])
    return session, found


class SessionHasSignups(Exception):
    """A session people signed up for is not deleted behind their backs."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def delete_session(session: AgendaSession) -> None:
    """Delete a session nobody chose; SessionHasSignups (nothing changed) otherwise."""
    chosen = db.session.scalar(select(func.count()).where(SessionSignup.session_id == session.id))
    if chosen:
        raise SessionHasSignups(chosen)
    audit.record("agenda.session.delete", session, title=session.title_en or session.title_ar,
                 signups=session.seats_taken)
    db.session.delete(session)


def save_record(obj, values: dict, action: str):
    """Create or change a room, track or speaker, auditing what changed. The caller commits."""
    creating = obj.id is None
    diff = audit.set_fields(obj, values)
    if creating:
        db.session.add(obj)
    db.session.flush()
    if creating or diff:
        audit.record(f"{action}.{'create' if creating else 'update'}", obj, changes=diff)
    return obj


def delete_record(obj, action: str) -> None:
    audit.record(f"{action}.delete", obj, name=getattr(obj, "name_en", "") or getattr(obj, "name_ar", ""))
    db.session.delete(obj)
