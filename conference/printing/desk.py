"""The desk's printer: chosen once per desk (in the staff member's session), used by check-ins,
reprints and reissues at that desk instead of a PDF in the browser's print dialog."""

from flask import session

from ..models import Participant
from ..models.printing import PrintJob, PrintStation
from . import service

DESK_STATION_KEY = "desk_station"


def desk_station() -> PrintStation | None:
    station_id = session.get(DESK_STATION_KEY)
    return service.find_station(station_id) if station_id else None


def choose(station: PrintStation | None) -> None:
    session[DESK_STATION_KEY] = station.id if station else None


def print_at_desk(participant: Participant, by, source) -> PrintJob | None:
    """Queue the badge at this desk's printer (the caller commits, then service.send_soon)."""
    station = desk_station()
    return service.queue_print(participant, station, by=by, source=source) if station else None
