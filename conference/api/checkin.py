"""POST /checkin: the desk's scan, from the scan page (session cookie + X-CSRFToken) or a bearer token."""

from flask import request
from flask_babel import gettext as _

from ..checkin.service import MAX_CODE_LENGTH, NONCE_PATTERN, check_in
from ..checkin.sessions import find_session
from ..errors import json_error
from ..models import db
from ..models.printing import PrintStatus
from ..models.vocabulary import CheckInResult
from ..printing import service as printing
from .auth import api_roles, caller
from .blueprint import bp
from .openapi import STANDARD_ERRORS, json_body


@bp.post("/checkin")
@api_roles("desk")
def post_checkin():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, "bad_request", _("Send a JSON object with the badge code."))
    code, nonce, session_id = body.get("code"), body.get("nonce"), body.get("session_id")
    station_id = body.get("station_id")
    fields = {}
    if not isinstance(code, str) or not code.strip() or len(code) > 4 * MAX_CODE_LENGTH:
        fields["code"] = _("The badge code is missing.")
    if nonce is not None and (not isinstance(nonce, str) or not NONCE_PATTERN.match(nonce)):
        fields["nonce"] = _("The nonce must be 8 to 64 letters, digits, '-' or '_'.")
    session = None
    if session_id is not None:
        session = find_session(session_id) if not isinstance(session_id, bool) else None
        if session is None:
            fields["session_id"] = _("There is no such session in the current edition.")
    station = None
    if station_id is not None:
        station = printing.find_station(station_id)
        if station is None:
            fields["station_id"] = _("There is no such station.")
        elif session is not None:
            fields["station_id"] = _("Print at a station from the door, not from a session.")
    if fields:
        return json_error(422, "invalid", fields=fields)
    if station is not None:
        return _checkin_at_station(code, station, nonce)
    answer = check_in(code, by=caller(), nonce=nonce, session=session).as_json()
    db.session.commit()  # after as_json(): nothing is reloaded from the database
    return answer


def _checkin_at_station(code: str, station, nonce: str | None):
    """Check in (unless the station only prints) and print the badge there when it auto-prints."""
    outcome = printing.scan_at_station(code, station, by=caller(), nonce=nonce)
    answer = outcome.as_json()
    db.session.commit()
    if outcome.print_job is not None and outcome.print_job.status == PrintStatus.QUEUED:
        printing.send_soon(outcome.print_job)
    return answer


PARTICIPANT_SCHEMA = {
    "type": ["object", "null"],
    "required": ["id", "name_ar", "name_en", "organization", "category", "badge_number", "checked_in_at"],
    "properties": {
        "id": {"type": "integer"},
        "name_ar": {"type": "string"},
        "name_en": {"type": "string"},
        "organization": {"type": "string"},
        "category": {"type": "string"},
        "badge_number": {"type": ["integer", "null"]},
        "checked_in_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

SCHEMAS = {
    "CheckInRequest": {
        "type": "object",
        "required": ["code"],
        "properties": {
            "code": {"type": "string", "description": "The badge's QR code as scanned or typed."},
            "nonce": {
                "type": "string",
                "pattern": NONCE_PATTERN.pattern,
                "description": "A random id per scan: sending the same scan again records it once.",
            },
            "session_id": {"type": "integer", "description": "Record attendance at this agenda session."},
            "station_id": {"type": "integer", "description": "Scanned at this print station: its badge prints "
                           "there when the station auto-prints (a print-only station records no entry)."},
        },
    },
    "CheckInResult": {
        "type": "object",
        "required": ["status", "participant"],
        "properties": {
            "status": {"type": "string", "enum": list(CheckInResult.values())},
            "participant": {"$ref": "#/components/schemas/CheckInParticipant"},
            "first_checked_in_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "With already_checked_in: when the first check-in happened.",
            },
            "replayed": {"type": "boolean", "description": "This nonce was sent before; the first answer."},
            "print_job": {"$ref": "#/components/schemas/PrintJobRef"},
            "session": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "attended": {"type": "integer"},
                    "seat_limit": {"type": ["integer", "null"]},
                    "full": {"type": "boolean"},
                },
            },
        },
    },
    "CheckInParticipant": PARTICIPANT_SCHEMA,
}

PATHS = {
    "/checkin": {
        "post": {
            "summary": "Check a badge in at the door or at a session (desk)",
            "operationId": "postCheckin",
            "requestBody": {"required": True, "content": json_body("CheckInRequest")},
            "responses": {
                "200": {"description": "The outcome of the scan", "content": json_body("CheckInResult")},
                **STANDARD_ERRORS,
            },
        }
    }
}
