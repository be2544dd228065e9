"""The public agenda, and sessions created and changed by organizers.

Times are ISO 8601 with the edition's UTC offset (a time without an offset is read as the
edition's local time). A session accepts what it returns, less its id and seat count.
"""

from datetime import datetime

from flask import request
from flask_babel import gettext as _

from ..agenda import service
from ..errors import json_error
from ..i18n import current_language
from ..models import Edition, db
from ..models.agenda import AgendaSession, Room, Speaker, Track
from ..models.vocabulary import SessionKind
from .auth import api_roles
from .blueprint import bp
from .openapi import STANDARD_ERRORS, error_response, json_body

READ_ONLY = {"id", "seats_taken", "seats_left", "url"}
TEXT_FIELDS = ("title_ar", "title_en", "description_ar", "description_en")
OPTIONAL_IDS = ("room_id", "track_id", "moderator_id")


def _iso(value: datetime, edition: Edition) -> str:
    return value.astimezone(edition.tz).isoformat()


def room_to_dict(room: Room) -> dict:
    return {"id": room.id, "name_ar": room.name_ar, "name_en": room.name_en, "capacity": room.capacity}


def track_to_dict(track: Track) -> dict:
    return {"id": track.id, "name_ar": track.name_ar, "name_en": track.name_en, "color": track.color}


def speaker_to_dict(speaker: Speaker) -> dict:
    fields = ("name_ar", "name_en", "title_ar", "title_en", "organization_ar", "organization_en", "bio_ar", "bio_en")
    return {"id": speaker.id} | {f: getattr(speaker, f) for f in fields}


def session_to_dict(item: AgendaSession, edition: Edition) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        **{f: getattr(item, f) for f in TEXT_FIELDS},
        "starts_at": _iso(item.starts_at, edition),
        "ends_at": _iso(item.ends_at, edition),
        "room_id": item.room_id,
        "track_id": item.track_id,
        "speaker_ids": [s.id for s in item.speakers],
        "moderator_id": item.moderator.id if item.moderator else None,
        "seat_limit": item.seat_limit,
        "seats_taken": item.seats_taken,
        "published": item.published,
    }


def _current_edition():
    edition = Edition.current()
    if edition is None:
        return None, json_error(404, "not_found", _("There is no current edition."))
    return edition, None


@bp.get("/agenda")
def get_agenda():
    edition, error = _current_edition()
    if error:
        return error
    sessions = service.sessions_of(edition, published_only=True)
    used_speakers = {p.speaker_id for s in sessions for p in s.people}
    return {
        "edition": {"id": edition.id, "number": edition.number, "timezone": edition.timezone,
                    "starts_on": edition.starts_on.isoformat(), "ends_on": edition.ends_on.isoformat()},
        "rooms": [room_to_dict(r) for r in service.rooms_of(edition)],
        "tracks": [track_to_dict(t) for t in service.tracks_of(edition)],
        "speakers": [speaker_to_dict(s) for s in service.speakers_of(edition) if s.id in used_speakers],
        "sessions": [session_to_dict(s, edition) for s in sessions],
    }


def parse_session_changes(payload: dict, edition: Edition) -> tuple[dict, dict]:
    """Typed changes and per-field errors from a JSON body."""
    changes, errors = {}, {}
    for name, value in payload.items():
        if name in READ_ONLY or name == "force":
            continue
        try:
            changes[name] = _parse(name, value, edition)
        except (TypeError, ValueError) as exc:
            errors[name] = str(exc) or "invalid value"
    return changes, errors


def _parse(name: str, value, edition: Edition):
    if name == "kind":
        if value not in SessionKind.values():
            raise ValueError("one of " + ", ".join(SessionKind.values()))
        return value
    if name in TEXT_FIELDS:
        if not isinstance(value, str):
            raise ValueError("a string")
        return value
    if name in ("starts_at", "ends_at"):
        if not isinstance(value, str):
            raise ValueError("an ISO 8601 date-time")
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=edition.tz)
    if name in OPTIONAL_IDS or name == "seat_limit":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("a whole number or null")
        return value
    if name == "speaker_ids":
        if not isinstance(value, list) or any(isinstance(v, bool) or not isinstance(v, int) for v in value):
            raise ValueError("a list of speaker ids")
        return value
    if name == "published":
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    raise ValueError("unknown field")


def _save(edition: Edition, item: AgendaSession | None, success_status: int):
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return json_error(400, "bad_request", "The body must be a JSON object.")
    force = payload.get("force", False)
    changes, errors = parse_session_changes(payload, edition)
    if not isinstance(force, bool):
        errors["force"] = "true or false"
    if item is None:
        for name in ("kind", "starts_at", "ends_at"):
            if name not in changes and name not in errors:
                errors[name] = "required"
    if errors:
        return json_error(422, "invalid", fields=errors)
    try:
        saved, _found = service.save_session(edition, item, changes, force=force)
    except service.SessionInvalid as exc:
        db.session.rollback()
        return json_error(422, "invalid", fields=exc.fields)
    except service.ConflictsFound as exc:
        db.session.rollback()
        warnings = service.conflicts_as_dicts(exc.conflicts, edition, current_language(), pending=exc.pending(current_language()))
        return {"error": {"code": "conflicts", "message": service.conflicts_message(), "warnings": warnings}}, 409
    db.session.commit()
    return session_to_dict(saved, edition), success_status


@bp.post("/sessions")
@api_roles("organizer")
def create_session():
    edition, error = _current_edition()
    return error or _save(edition, None, 201)


def _session_or_404(edition: Edition, session_id: int):
    item = service.find_in_edition(AgendaSession, edition, session_id)
    if item is None:
        return None, json_error(404, "not_found", service.no_such_session_message())
    return item, None


@bp.get("/sessions/<int:session_id>")
@api_roles("organizer")
def get_session(session_id: int):
    edition, error = _current_edition()
    if error:
        return error
    item, error = _session_or_404(edition, session_id)
    return error or session_to_dict(item, edition)


@bp.patch("/sessions/<int:session_id>")
@api_roles("organizer")
def patch_session(session_id: int):
    edition, error = _current_edition()
    if error:
        return error
    item, error = _session_or_404(edition, session_id)
    return error or _save(edition, item, 200)


# ---------------------------------------------------------------- OpenAPI

_names = {f: {"type": "string", "maxLength": 200} for f in ("name_ar", "name_en")}
_nullable_int = {"type": ["integer", "null"]}

SCHEMAS = {
    "Room": {"type": "object", "properties": {"id": {"type": "integer"}, **_names, "capacity": _nullable_int}},
    "Track": {"type": "object", "properties": {
        "id": {"type": "integer"}, **_names, "color": {"type": "string", "pattern": "^#[0-9a-f]{6}$"}}},
    "Speaker": {"type": "object", "properties": {
        "id": {"type": "integer"},
        **{f: {"type": "string"} for f in ("name_ar", "name_en", "title_ar", "title_en", "organization_ar",
                                           "organization_en", "bio_ar", "bio_en")}}},
    "AgendaSession": {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "kind": {"type": "string", "enum": list(SessionKind.values())},
            "title_ar": {"type": "string", "maxLength": 300},
            "title_en": {"type": "string", "maxLength": 300},
            "description_ar": {"type": "string", "maxLength": 5000},
            "description_en": {"type": "string", "maxLength": 5000},
            "starts_at": {"type": "string", "format": "date-time",
                          "description": "With the edition's UTC offset; without an offset it is read as the edition's local time."},
            "ends_at": {"type": "string", "format": "date-time", "description": "After starts_at."},
            "room_id": _nullable_int,
            "track_id": _nullable_int,
            "speaker_ids": {"type": "array", "items": {"type": "integer"}},
            "moderator_id": _nullable_int,
            "seat_limit": {"type": ["integer", "null"], "minimum": 1},
            "seats_taken": {"type": "integer", "readOnly": True},
            "published": {"type": "boolean"},
        },
    },
    "AgendaSessionWrite": {
        "allOf": [{"$ref": "#/components/schemas/AgendaSession"}],
        "type": "object",
        "properties": {"force": {"type": "boolean", "description": "Save even when the session has conflict warnings."}},
    },
    "Agenda": {
        "type": "object",
        "properties": {
            "edition": {"type": "object", "properties": {
                "id": {"type": "integer"}, "number": {"type": "integer"}, "timezone": {"type": "string"},
                "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": "string", "format": "date"}}},
            "rooms": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
            "tracks": {"type": "array", "items": {"$ref": "#/components/schemas/Track"}},
            "speakers": {"type": "array", "items": {"$ref": "#/components/schemas/Speaker"}},
            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/AgendaSession"}},
        },
    },
    "ConflictsError": {
        "type": "object",
        "properties": {"error": {"type": "object", "properties": {
            "code": {"const": "conflicts"},
            "message": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string", "enum": ["room_double_booked", "speaker_double_booked",
                                                    "outside_edition_dates", "room_too_small"]},
                "sessions": {"type": "array", "items": {"type": "integer"},
                             "description": "Session ids involved; 0 is the session being created."},
                "room_id": {"type": "integer"},
                "speaker_id": {"type": "integer"},
                "message": {"type": "string"},
            }}},
        }}},
    },
}

_conflict_response = {"description": "Conflict warnings; send \"force\": true to save anyway",
                      "content": json_body("ConflictsError")}
_not_found = error_response("No current edition or no such session")

PATHS = {
    "/agenda": {
        "get": {
            "summary": "The published agenda of the current edition",
            "operationId": "getAgenda",
            "security": [],
            "responses": {"200": {"description": "Rooms, tracks, speakers and published sessions",
                                  "content": json_body("Agenda")}, "404": _not_found},
        }
    },
    "/sessions": {
        "post": {
            "summary": "Create a session (organizer)",
            "operationId": "createSession",
            "requestBody": {"required": True, "content": json_body("AgendaSessionWrite")},
            "responses": {"201": {"description": "The new session", "content": json_body("AgendaSession")},
                          "404": _not_found, "409": _conflict_response, **STANDARD_ERRORS},
        }
    },
    "/sessions/{session_id}": {
        "parameters": [{"name": "session_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "get": {
            "summary": "One session, draft or published (organizer)",
            "operationId": "getSession",
            "responses": {"200": {"description": "The session", "content": json_body("AgendaSession")},
                          "404": _not_found, **STANDARD_ERRORS},
        },
        "patch": {
            "summary": "Change a session (organizer)",
            "operationId": "patchSession",
            "requestBody": {"required": True, "content": json_body("AgendaSessionWrite")},
            "responses": {"200": {"description": "The changed session", "content": json_body("AgendaSession")},
                          "404": _not_found, "409": _conflict_response, **STANDARD_ERRORS},
        },
    },
}
