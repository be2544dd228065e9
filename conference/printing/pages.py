"""What the printing pages share: the station loader and the labels of a print's status and source."""

from flask import abort

from ..loaders import current_edition_or_404
from ..models.printing import PRINT_SOURCE_LABELS, PRINT_STATUS_LABELS, PrintStation
from . import service


def station_or_404(station_id: int) -> PrintStation:
    station = service.find_station(station_id, current_edition_or_404())
    if station is None:
        abort(404)
    return station


def labels() -> dict:
    return {"status_label": lambda s: PRINT_STATUS_LABELS.get(s, s),
            "source_label": lambda s: PRINT_SOURCE_LABELS.get(s, s),
            "tz": current_edition_or_404().tz}
