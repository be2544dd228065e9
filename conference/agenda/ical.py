"""iCalendar files: the whole agenda, one session, or a participant's picks.

Times are written in the edition's own time zone with its VTIMEZONE, so a calendar shows
09:00 in Jeddah as 09:00 Jeddah time wherever the server or the reader is.
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app, url_for
from icalendar import Event

from ..calendars import new_calendar, to_ical
from ..models import Edition
from ..models.agenda import AgendaSession


def _uid_domain() -> str:
    return urlsplit(current_app.config["SERVER_BASE_URL"]).hostname or "forum.local"


def _event(session: AgendaSession, edition: Edition, locale: str) -> Event:
    tz = edition.tz
    event = Event()
    event.add("uid", f"agenda-session-{session.id}@{_uid_domain()}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", session.localized("title", locale))
    description = session.localized("description", locale)
    people = [s.localized("name", locale) for s in session.speakers]
    if session.moderator:
        people.append(session.moderator.localized("name", locale))
    if people:
        description = "\n\n".join(filter(None, [description, "، ".join(people) if locale == "ar" else ", ".join(people)]))
    if description:
        event.add("description", description)
    place = [session.room.localized("name", locale)] if session.room else []
    place.append(edition.localized("venue", locale))
    event.add("location", " — ".join(filter(None, place)))
    event.add("url", url_for("agenda.session", session_id=session.id, _external=True))
    return event


def calendar_bytes(edition: Edition, sessions: list[AgendaSession], name: str, *, locale: str) -> bytes:
    calendar = new_calendar("Agenda", x_wr_calname=name, x_wr_timezone=edition.timezone)
    for session in sessions:
        calendar.add_component(_event(session, edition, locale))
    return to_ical(calendar, edition.timezone)
