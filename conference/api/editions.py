"""GET and PATCH /editions/current."""

from datetime import date, datetime

from flask import request
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..badges.layouts import LAYOUTS
from ..editions import EDITABLE_FIELDS, EditionError, apply_changes, edition_to_dict
from ..errors import json_error
from ..mail import deliver_soon
from ..models import Edition, db
from .auth import api_roles
from .blueprint import bp
from .openapi import STANDARD_ERRORS, json_body

READ_ONLY_FIELDS = {"id", "seats_taken", "seats_left", "registration_state", "is_current"}
INT_FIELDS = {"number": (1, 999), "year": (2000, 2100), "capacity": (1, 100000)}
BOOL_FIELDS = {"waitlist_enabled", "approval_required"}
DATE_FIELDS = {"starts_on", "ends_on"}
DATETIME_FIELDS = {"registration_opens_at", "registration_closes_at"}
TEXT_LIMITS = {"patron_ar": 1000, "patron_en": 1000, "city_ar": 120, "city_en": 120, "timezone": 64}


def _current_or_404():
    edition = Edition.current()
    if edition is None:
        return None, json_error(404, "not_found", _("There is no current edition."))
    return edition, None


@bp.get("/editions/current")
def get_current_edition():
    edition, error = _current_or_404()
    return error or edition_to_dict(edition)


def parse_edition_changes(payload: dict) -> tuple[dict, dict]:
    """Typed changes and per-field errors from a JSON body."""
    changes, errors = {}, {}
    for field, value in payload.items():
        if field in READ_ONLY_FIELDS:
            continue
        if field not in EDITABLE_FIELDS:
            errors[field] = "unknown field"
            continue
        try:
            changes[field] = _parse_field(field, value)
        except (TypeError, ValueError) as exc:
            errors[field] = str(exc) or "invalid value"
    return changes, errors


def _parse_field(field: str, value):
    if field in INT_FIELDS:
        low, high = INT_FIELDS[field]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return value
    if field in BOOL_FIELDS:
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if field in DATE_FIELDS:
        if not isinstance(value, str):
            raise ValueError("a date as YYYY-MM-DD")
        return date.fromisoformat(value)
    if field in DATETIME_FIELDS:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("an ISO 8601 date-time with offset, or null")
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("the date-time needs a UTC offset")
        return parsed
    if not isinstance(value, str):
        raise ValueError("a string")
    value = value.strip()
    if field == "badge_layout" and value not in LAYOUTS:
        raise ValueError("one of " + ", ".join(LAYOUTS))
    if field in ("title_ar", "title_en") and not value:
        raise ValueError("required")
    if len(value) > TEXT_LIMITS.get(field, 300):
        raise ValueError("too long")
    return value


@bp.patch("/editions/current")
@api_roles("admin")
def patch_current_edition():
    edition, error = _current_or_404()
    if error:
        return error
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return json_error(400, "bad_request", "The body must be a JSON object.")
    changes, errors = parse_edition_changes(payload)
    if not errors and "number" in changes and changes["number"] != edition.number:
        if db.session.scalar(select(func.count()).where(Edition.number == changes["number"])):
            errors["number"] = "another edition has this number"
    if not errors:
        try:
            apply_changes(edition, changes)
        except EditionError as exc:
            errors = exc.fields
    if errors:
        db.session.rollback()
        return json_error(422, "invalid", fields=errors)
    db.session.commit()
    deliver_soon()  # emails to people a raised capacity took off the waitlist
    return edition_to_dict(edition)


EDITION_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "number": {"type": "integer", "minimum": 1, "maximum": 999},
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        **{f: {"type": "string", "maxLength": TEXT_LIMITS.get(f, 300)} for f in (
            "title_ar", "title_en", "theme_ar", "theme_en", "venue_ar", "venue_en",
            "city_ar", "city_en", "patron_ar", "patron_en", "timezone")},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {"type": "string", "format": "date"},
        "capacity": {"type": "integer", "minimum": 1, "maximum": 100000},
        "waitlist_enabled": {"type": "boolean"},
        "approval_required": {"type": "boolean"},
        "registration_opens_at": {"type": ["string", "null"], "format": "date-time"},
        "registration_closes_at": {"type": ["string", "null"], "format": "date-time"},
        "badge_layout": {"type": "string", "enum": list(LAYOUTS)},
        "seats_taken": {"type": "integer", "readOnly": True},
        "seats_left": {"type": "integer", "readOnly": True},
        "registration_state": {"type": "string", "enum": ["not_open", "open", "closed"], "readOnly": True},
        "is_current": {"type": "boolean", "readOnly": True},
    },
}

SCHEMAS = {"Edition": EDITION_SCHEMA}

PATHS = {
    "/editions/current": {
        "get": {
            "summary": "The current edition",
            "operationId": "getCurrentEdition",
            "security": [],
            "responses": {
                "200": {"description": "The current edition", "content": json_body("Edition")},
                "404": {"description": "No current edition", "content": json_body("Error")},
            },
        },
        "patch": {
            "summary": "Change the current edition (admin)",
            "operationId": "patchCurrentEdition",
            "requestBody": {"required": True, "content": json_body("Edition")},
            "responses": {
                "200": {"description": "The changed edition", "content": json_body("Edition")},
                "404": {"description": "No current edition", "content": json_body("Error")},
                **STANDARD_ERRORS,
            },
        },
    }
}
