"""The pure conflict rules: plain data in, warnings out."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from conference.agenda.conflicts import (
    OUTSIDE_EDITION_DATES,
    ROOM_DOUBLE_BOOKED,
    ROOM_TOO_SMALL,
    SPEAKER_DOUBLE_BOOKED,
    EditionDates,
    RoomFacts,
    Slot,
    conflicts_for,
    find_conflicts,
    times_error,
)

RIYADH = ZoneInfo("Asia/Riyadh")
DATES = EditionDates(date(2026, 12, 13), date(2026, 12, 13), RIYADH)
ROOMS = {1: RoomFacts(1, "Main Hall", 300), 2: RoomFacts(2, "Workshop Room", 20)}


def local(hour, minute=0, day=13):
    return datetime(2026, 12, day, hour, minute, tzinfo=RIYADH).astimezone(UTC)


def slot(id, start, end, room=None, speakers=(), seats=None):
    return Slot(id, f"S{id}", start, end, room_id=room, seat_limit=seats, speaker_ids=frozenset(speakers))


def codes(found):
    return [(c.code, c.session_ids) for c in found]


def test_a_clean_agenda_has_no_warnings():
    slots = [slot(1, local(9), local(10), room=1, speakers=[7]), slot(2, local(10), local(11), room=1, speakers=[7]),
             slot(3, local(9), local(10), room=2, speakers=[8], seats=20)]
    assert find_conflicts(slots, ROOMS, DATES) == []


def test_two_sessions_in_one_room_at_once():
    slots = [slot(1, local(9), local(10), room=1), slot(2, local(9, 30), local(10, 30), room=1), slot(3, local(9), local(10), room=2)]
    assert codes(find_conflicts(slots, ROOMS, DATES)) == [(ROOM_DOUBLE_BOOKED, (1, 2))]


def test_a_speaker_in_two_places_at_once():
    slots = [slot(1, local(9), local(10), room=1, speakers=[7, 8]), slot(2, local(9, 59), local(11), room=2, speakers=[7])]
    found = find_conflicts(slots, ROOMS, DATES)
    assert codes(found) == [(SPEAKER_DOUBLE_BOOKED, (1, 2))]
    assert found[0].speaker_id == 7 and found[0].as_dict()["speaker_id"] == 7


def test_sessions_outside_the_edition_dates_in_its_own_time_zone():
    # 23:30 UTC on the 12th is 02:30 on the 13th in Riyadh: inside. 22:00 local on the 13th is 19:00 UTC: inside.
    inside = slot(1, datetime(2026, 12, 12, 23, 30, tzinfo=UTC), local(3), room=1)
    late = slot(2, local(21), local(22, 30), room=2)
    next_day = slot(3, local(9, day=14), local(10, day=14), room=1)
    until_midnight = slot(4, local(23), datetime(2026, 12, 14, 0, 0, tzinfo=RIYADH), room=2)
    assert codes(find_conflicts([inside, late, next_day, until_midnight], ROOMS, DATES)) == [(OUTSIDE_EDITION_DATES, (3,))]


def test_a_room_smaller_than_the_seat_limit():
    found = find_conflicts([slot(1, local(9), local(10), room=2, seats=25)], ROOMS, DATES)
    assert codes(found) == [(ROOM_TOO_SMALL, (1,))]
    assert found[0].as_dict() == {"code": ROOM_TOO_SMALL, "sessions": [1], "room_id": 2, "capacity": 20, "seat_limit": 25}


def test_warnings_for_one_session_only():
    slots = [slot(1, local(9), local(10), room=1), slot(2, local(9), local(10), room=1), slot(3, local(9), local(10), room=2),
             slot(4, local(9), local(10), room=2)]
    assert codes(conflicts_for(3, slots, ROOMS, dates=DATES)) == [(ROOM_DOUBLE_BOOKED, (3, 4))]


def test_end_before_start_is_an_error_not_a_warning():
    assert times_error(local(10), local(9)) == "ends_before_start"
    assert times_error(local(10), local(10)) == "ends_before_start"
    assert times_error(local(9), None) == "missing"
    assert times_error(local(9), local(10)) is None
