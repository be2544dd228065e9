"""iCalendar files in an edition's own time zone: one place for the VTIMEZONE they all carry."""

from functools import cache

from icalendar import Calendar, Timezone


@cache
def _vtimezone_ical(tzid: str) -> bytes:
    # Working the transitions out of the tz database takes ~15 ms; a zone's answer never changes.
    return Timezone.from_tzid(tzid).to_ical()


def new_calendar(product: str, **properties) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//Forum//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def to_ical(calendar: Calendar, tzid: str) -> bytes:
    """The calendar with the VTIMEZONE of `tzid`, which its events' local times refer to."""
    calendar.add_component(Timezone.from_ical(_vtimezone_ical(tzid)))
    return calendar.to_ical()
