"""The forum as an iCalendar event, in the edition's own time zone."""

from datetime import datetime, time

from icalendar import Event

from ..calendars import new_calendar, to_ical
from ..models import Edition, Participant, utcnow

# Editions have dates only; the calendar entry covers the usual forum day at the venue.
DAY_STARTS, DAY_ENDS = time(9, 0), time(17, 0)


def event_ics(edition: Edition, participant: Participant, language: str, *, manage_url: str = "") -> bytes:
    tz = edition.tz
    event = Event()
    event.add("uid", f"forum-edition-{edition.id}-participant-{participant.id}@forum")
    event.add("dtstamp", utcnow())
    event.add("dtstart", datetime.combine(edition.starts_on, DAY_STARTS, tzinfo=tz))
    event.add("dtend", datetime.combine(edition.ends_on, DAY_ENDS, tzinfo=tz))
    event.add("summary", edition.localized("title", language))
    place = ", ".join(p for p in (edition.localized("venue", language), edition.localized("city", language)) if p)
    if place:
        event.add("location", place)
    description = edition.localized("theme", language)
    if manage_url:
        event.add("url", manage_url)
        description = f"{description}\n{manage_url}".strip()
    if description:
        event.add("description", description)
    calendar = new_calendar("Registration", method="PUBLISH")
    calendar.add_component(event)
    return to_ical(calendar, edition.timezone)
