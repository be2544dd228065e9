"""Schedule conflicts, computed from plain data: no database, no request, no translations.

The console, the API and the agenda overview all call `find_conflicts`; each warning names
the sessions involved so a caller can keep only those about the session being edited.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from itertools import combinations

ROOM_DOUBLE_BOOKED = "room_double_booked"
SPEAKER_DOUBLE_BOOKED = "speaker_double_booked"
OUTSIDE_EDITION_DATES = "outside_edition_dates"
ROOM_TOO_SMALL = "room_too_small"


@dataclass(frozen=True)
class Slot:
    """What the checks need to know about one session."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None = None
    seat_limit: int | None = None
    speaker_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RoomFacts:
    id: int
    name: str
    capacity: int | None = None


@dataclass(frozen=True)
class EditionDates:
    first_day: date
    last_day: date
    tz: tzinfo


@dataclass(frozen=True)
class Conflict:
    code: str
    session_ids: tuple[int, ...]
    room_id: int | None = None
    speaker_id: int | None = None
    detail: dict = field(default_factory=dict)

    def involves(self, session_id: int) -> bool:
        return session_id in self.session_ids

    def as_dict(self) -> dict:
        data = {"code": self.code, "sessions": list(self.session_ids)}
        if self.room_id is not None:
            data["room_id"] = self.room_id
        if self.speaker_id is not None:
            data["speaker_id"] = self.speaker_id
        return data | self.detail


def times_error(starts_at: datetime | None, ends_at: datetime | None) -> str | None:
    """An error, not a warning: a session must end after it starts."""
    if starts_at is None or ends_at is None:
        return "missing"
    if ends_at <= starts_at:
        return "ends_before_start"
    return None


def overlaps(a: Slot, b: Slot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def find_conflicts(slots: list[Slot], rooms: dict[int, RoomFacts], dates: EditionDates | None) -> list[Conflict]:
    """Every warning for a set of sessions, in a stable order."""
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.id))
    found: list[Conflict] = []
    for slot in ordered:
        found.extend(_outside_dates(slot, dates))
        found.extend(_room_too_small(slot, rooms))
    for a, b in combinations(ordered, 2):
        if not overlaps(a, b):
            continue
        pair = (a.id, b.id)
        if a.room_id is not None and a.room_id == b.room_id:
            found.append(Conflict(ROOM_DOUBLE_BOOKED, pair, room_id=a.room_id))
        for speaker_id in sorted(a.speaker_ids & b.speaker_ids):
            found.append(Conflict(SPEAKER_DOUBLE_BOOKED, pair, speaker_id=speaker_id))
    return found


def conflicts_for(session_id: int, slots: list[Slot], rooms: dict[int, RoomFacts], *, dates: EditionDates | None) -> list[Conflict]:
    """Only the warnings about one session (the one being saved)."""
    return [c for c in find_conflicts(slots, rooms, dates) if c.involves(session_id)]


def _outside_dates(slot: Slot, dates: EditionDates | None) -> list[Conflict]:
    if dates is None:
        return []
    first = slot.starts_at.astimezone(dates.tz).date()
    # A session ending at midnight belongs to the day it started.
    last = (slot.ends_at - timedelta(microseconds=1)).astimezone(dates.tz).date()
    if first < dates.first_day or last > dates.last_day:
        return [Conflict(OUTSIDE_EDITION_DATES, (slot.id,), detail={
            "first_day": dates.first_day.isoformat(), "last_day": dates.last_day.isoformat()})]
    return []


def _room_too_small(slot: Slot, rooms: dict[int, RoomFacts]) -> list[Conflict]:
    room = rooms.get(slot.room_id) if slot.room_id is not None else None
    if room is None or room.capacity is None or slot.seat_limit is None:
        return []
    if room.capacity < slot.seat_limit:
        return [Conflict(ROOM_TOO_SMALL, (slot.id,), room_id=room.id, detail={
            "capacity": room.capacity, "seat_limit": slot.seat_limit})]
    return []
