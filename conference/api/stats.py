"""GET /stats: registration figures of the current edition (or ?edition=NUMBER)."""

from sqlalchemy import select

from ..errors import json_error
from ..loaders import int_arg
from ..models import Edition, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus, Sector
from ..registration.stats import edition_stats
from .auth import api_roles
from .blueprint import bp
from .openapi import STANDARD_ERRORS, json_body


@bp.get("/stats")
@api_roles("organizer")
def get_stats():
    number = int_arg("edition")
    if number is not None:
        edition = db.session.scalar(select(Edition).where(Edition.number == number))
    else:
        edition = Edition.current()
    if edition is None:
        return json_error(404, "not_found", "No such edition.")
    return edition_stats(edition)


def _counts(keys) -> dict:
    return {"type": "object", "properties": {k: {"type": "integer"} for k in keys},
            "additionalProperties": {"type": "integer"}}


SCHEMAS = {
    "Stats": {
        "type": "object",
        "required": ["edition", "total", "by_status", "by_sector", "by_category", "top_organizations", "per_day"],
        "properties": {
            "edition": {"type": "integer"},
            "capacity": {"type": "integer"},
            "seats_taken": {"type": "integer"},
            "total": {"type": "integer"},
            "checked_in": {"type": "integer"},
            "by_status": _counts(RegistrationStatus.values()),
            "by_sector": _counts(Sector.values()),
            "by_category": _counts(ParticipantCategory.values()),
            "top_organizations": {
                "type": "array",
                "items": {"type": "object", "properties": {"organization": {"type": "string"}, "count": {"type": "integer"}}},
            },
            "per_day": {
                "type": "array",
                "description": "Registrations per day at the venue's time zone, every day from the first to the last",
                "items": {"type": "object", "properties": {"date": {"type": "string", "format": "date"},
                                                           "count": {"type": "integer"}}},
            },
        },
    }
}

PATHS = {
    "/stats": {
        "get": {
            "summary": "Registration figures (organizer)",
            "operationId": "getStats",
            "parameters": [{"name": "edition", "in": "query", "required": False, "schema": {"type": "integer"},
                            "description": "Edition number; the current edition by default"}],
            "responses": {
                "200": {"description": "Counts by status, sector, category, top organizations, per day",
                        "content": json_body("Stats")},
                "404": {"description": "No such edition", "content": json_body("Error")},
                **STANDARD_ERRORS,
            },
        }
    }
}
