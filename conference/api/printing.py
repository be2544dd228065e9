"""Venue printing: stations (organizer), printing a badge at a station (desk), following a print."""

from flask import request
from flask_babel import gettext as _

from .. import audit
from ..badges.layouts import LAYOUTS
from ..errors import json_error
from ..models import Edition, Participant, db
from ..models.printing import PrintJob, PrintSource, PrintStation, PrintStatus
from ..printing import ipp, service
from .auth import api_roles, caller
from .blueprint import bp
from .openapi import STANDARD_ERRORS, json_body

TEXT_LIMITS = {"name_ar": 120, "name_en": 120, "place": 200, "printer_uri": 500}
FLAGS = ("auto_print", "print_only")


def station_to_dict(station: PrintStation, with_printer: bool = False) -> dict:
    answer = {
        "id": station.id,
        "name_ar": station.name_ar,
        "name_en": station.name_en,
        "place": station.place,
        "printer_uri": station.printer_uri,
        "layout": station.layout,
        "auto_print": station.auto_print,
        "print_only": station.print_only,
    }
    if with_printer:
        answer["printer_state"] = ipp.printer_status(station.printer_uri).as_json()
    return answer


def clean_station(body: dict, partial: bool) -> tuple[dict, dict]:
    """The station fields of a request body, checked; (values, field errors)."""
    values, fields = {}, {}
    for name, limit in TEXT_LIMITS.items():
        if name not in body:
            continue
        value = body[name]
        if not isinstance(value, str) or len(value.strip()) > limit:
            fields[name] = _("At most %(count)s characters of text.", count=limit)
        else:
            values[name] = value.strip()
    for name in FLAGS:
        if name in body:
            if isinstance(body[name], bool):
                values[name] = body[name]
            else:
                fields[name] = _("true or false.")
    if "layout" in body:
        if body["layout"] in LAYOUTS:
            values["layout"] = body["layout"]
        else:
            fields["layout"] = _("One of: %(names)s.", names=", ".join(LAYOUTS))
    if "printer_uri" in values and not ipp.valid_printer_uri(values["printer_uri"]):
        fields["printer_uri"] = _("Give the printer's address as ipp://host:port/path or ipps://….")
    if not partial:
        for name in ("name_ar", "printer_uri"):
            if not values.get(name) and name not in fields:
                fields[name] = _("This field is required.")
    elif "name_ar" in values and not values["name_ar"]:
        fields["name_ar"] = _("This field is required.")
    return values, fields


def _body() -> dict | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _station(station_id: int) -> PrintStation | None:
    return service.find_station(station_id)


@bp.get("/stations")
@api_roles("organizer")
def list_stations():
    edition = Edition.current()
    if edition is None:
        return {"items": []}
    return {"items": [station_to_dict(s) for s in service.stations_of(edition)]}


@bp.post("/stations")
@api_roles("organizer")
def create_station():
    edition = Edition.current()
    if edition is None:
        return json_error(404, "not_found", "There is no current edition.")
    body = _body()
    if body is None:
        return json_error(400, "bad_request", _("Send a JSON object."))
    values, fields = clean_station(body, partial=False)
    if fields:
        return json_error(422, "invalid", fields=fields)
    values.setdefault("layout", edition.badge_layout if edition.badge_layout in LAYOUTS else "a6")
    station = PrintStation(edition_id=edition.id, **values)
    db.session.add(station)
    db.session.flush()
    audit.record("station.create", station, name=station.name_ar)
    db.session.commit()
    return station_to_dict(station), 201


@bp.get("/stations/<int:station_id>")
@api_roles("organizer")
def get_station(station_id: int):
    station = _station(station_id)
    if station is None:
        return json_error(404, "not_found", "No station has this id.")
    return station_to_dict(station, with_printer=True)


@bp.patch("/stations/<int:station_id>")
@api_roles("organizer")
def patch_station(station_id: int):
    station = _station(station_id)
    if station is None:
        return json_error(404, "not_found", "No station has this id.")
    body = _body()
    if body is None:
        return json_error(400, "bad_request", _("Send a JSON object."))
    values, fields = clean_station(body, partial=True)
    if fields:
        return json_error(422, "invalid", fields=fields)
    for name, value in values.items():
        setattr(station, name, value)
    audit.record("station.update", station, **{k: v for k, v in values.items() if k != "printer_uri"})
    db.session.commit()
    return station_to_dict(station)


@bp.post("/participants/<int:participant_id>/print")
@api_roles("desk")
def print_participant_badge(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    edition = Edition.current()
    if participant is None or edition is None or participant.edition_id != edition.id:
        return json_error(404, "not_found", "No participant has this id.")
    body = _body()
    if body is None:
        return json_error(400, "bad_request", _("Send a JSON object with station_id."))
    station = service.find_station(body.get("station_id"), edition)
    if station is None:
        return json_error(422, "invalid", fields={"station_id": _("There is no such station.")})
    try:
        job = service.queue_print(participant, station, by=caller(), source=PrintSource.API)
    except service.NoBadge:
        return json_error(409, "no_badge", _("This registration is cancelled: it has no badge."))
    audit.record("badge.print", participant, station_id=station.id)
    db.session.commit()
    service.send_soon(job)
    return {"id": job.id, "status": job.status}, 202


@bp.get("/print-jobs/<int:job_id>")
@api_roles("desk")
def get_print_job(job_id: int):
    job = db.session.get(PrintJob, job_id)
    if job is None or service.find_station(job.station_id) is None:
        return json_error(404, "not_found", "No print job has this id.")
    return job.as_json()


_STATION_PROPERTIES = {
    "name_ar": {"type": "string", "maxLength": 120},
    "name_en": {"type": "string", "maxLength": 120},
    "place": {"type": "string", "maxLength": 200},
    "printer_uri": {"type": "string", "maxLength": 500, "description": "ipp://, ipps:// or a CUPS queue URI"},
    "layout": {"type": "string", "enum": list(LAYOUTS)},
    "auto_print": {"type": "boolean"},
    "print_only": {"type": "boolean", "description": "A scan prints without recording an entry"},
}

SCHEMAS = {
    "StationInput": {"type": "object", "properties": _STATION_PROPERTIES},
    "Station": {
        "type": "object",
        "required": ["id", "name_ar", "name_en", "place", "printer_uri", "layout", "auto_print", "print_only"],
        "properties": {
            "id": {"type": "integer"},
            **_STATION_PROPERTIES,
            "printer_state": {
                "type": "object",
                "description": "Asked of the printer itself (GET of one station only)",
                "properties": {
                    "state": {"type": "string", "enum": ["idle", "processing", "stopped", "offline"]},
                    "reasons": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                    "accepting_jobs": {"type": "boolean"},
                    "formats": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
    "StationList": {"type": "object", "required": ["items"],
                    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Station"}}}},
    "PrintRequest": {"type": "object", "required": ["station_id"], "properties": {"station_id": {"type": "integer"}}},
    "PrintJobRef": {
        "type": "object", "required": ["id", "status"],
        "properties": {"id": {"type": "integer"}, "status": {"type": "string"}},
    },
    "PrintJob": {
        "type": "object",
        "required": ["id", "status", "station_id", "participant_id"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": [s.value for s in PrintStatus]},
            "station_id": {"type": "integer"},
            "participant_id": {"type": "integer"},
            "printer_job_id": {"type": "integer", "description": "The printer's own job id, once sent"},
            "reason": {"type": "string", "description": "Why it waits or failed, from the printer"},
        },
    },
}

_NOT_FOUND = {"description": "Not found", "content": json_body("Error")}
_ID = [{"name": "station_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

PATHS = {
    "/stations": {
        "get": {"summary": "Print stations of the current edition (organizer)", "operationId": "listStations",
                "responses": {"200": {"description": "Stations", "content": json_body("StationList")},
                              **STANDARD_ERRORS}},
        "post": {"summary": "Add a print station (organizer)", "operationId": "createStation",
                 "requestBody": {"required": True, "content": json_body("StationInput")},
                 "responses": {"201": {"description": "The station", "content": json_body("Station")},
                               "404": _NOT_FOUND, **STANDARD_ERRORS}},
    },
    "/stations/{station_id}": {
        "parameters": _ID,
        "get": {"summary": "A station with its printer's live state (organizer)", "operationId": "getStation",
                "responses": {"200": {"description": "The station", "content": json_body("Station")},
                              "404": _NOT_FOUND, **STANDARD_ERRORS}},
        "patch": {"summary": "Change a station (organizer)", "operationId": "patchStation",
                  "requestBody": {"required": True, "content": json_body("StationInput")},
                  "responses": {"200": {"description": "The station", "content": json_body("Station")},
                                "404": _NOT_FOUND, **STANDARD_ERRORS}},
    },
    "/participants/{participant_id}/print": {
        "post": {
            "summary": "Print a participant's badge at a station, in the background (desk)",
            "operationId": "printParticipantBadge",
            "parameters": [{"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {"required": True, "content": json_body("PrintRequest")},
            "responses": {"202": {"description": "Queued", "content": json_body("PrintJobRef")},
                          "404": _NOT_FOUND, "409": {"description": "Cancelled: no badge", "content": json_body("Error")},
                          **STANDARD_ERRORS},
        }
    },
    "/print-jobs/{job_id}": {
        "get": {
            "summary": "A badge print and what became of it (desk)",
            "operationId": "getPrintJob",
            "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The print", "content": json_body("PrintJob")},
                          "404": _NOT_FOUND, **STANDARD_ERRORS},
        }
    },
}
