"""GET /participants (filters, pages), GET /participants/<id>, POST /participants/<id>/cancel."""

from flask import request, url_for

from .. import audit, mail
from ..errors import json_error
from ..loaders import int_arg
from ..models import Edition, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus, Sector
from ..registration import listing
from ..registration.service import cancel_registration
from .auth import api_roles
from .blueprint import bp
from .openapi import STANDARD_ERRORS, json_body

PUBLIC_FIELDS = (
    "id", "name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city",
    "language", "category", "status", "source", "badge_number",
)
TIME_FIELDS = ("created_at", "updated_at", "confirmed_at", "cancelled_at", "checked_in_at", "badge_printed_at")


def participant_to_dict(participant: Participant) -> dict:
    data = {name: getattr(participant, name) for name in PUBLIC_FIELDS}
    data.update({name: value.isoformat() if (value := getattr(participant, name)) else None for name in TIME_FIELDS})
    data["edition"] = participant.edition.number
    data["links"] = {
        "self": url_for("api.get_participant", participant_id=participant.id, _external=True),
        "console": url_for("registration.console.participant", participant_id=participant.id, _external=True),
    }
    return data


@bp.get("/participants")
@api_roles("organizer")
def list_participants():
    edition = Edition.current()
    if edition is None:
        return json_error(404, "not_found", "There is no current edition.")
    filters = listing.Filters.from_args(request.args)
    per_page = int_arg("per_page", listing.DEFAULT_PER_PAGE)
    page = listing.paginate(listing.filtered(edition, filters), int_arg("page", 1), per_page)

    def link(number):
        return url_for("api.list_participants", page=number, per_page=page.per_page, _external=True, **filters.as_args())

    links = {"self": link(page.page), "first": link(1), "last": link(page.pages)}
    if page.has_prev:
        links["prev"] = link(page.page - 1)
    if page.has_next:
        links["next"] = link(page.page + 1)
    return {
        "items": [participant_to_dict(p) for p in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "links": links,
    }


@bp.get("/participants/<int:participant_id>")
@api_roles("organizer")
def get_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        return json_error(404, "not_found", "No participant has this id.")
    return participant_to_dict(participant)


@bp.post("/participants/<int:participant_id>/cancel")
@api_roles("organizer")
def cancel_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        return json_error(404, "not_found", "No participant has this id.")
    if participant.status == RegistrationStatus.CANCELLED:
        return json_error(409, "already_cancelled", "This registration is already cancelled.")
    before = participant.status
    promoted = cancel_registration(participant, notify=True)
    audit.record("participant.cancel", participant, status=[before, RegistrationStatus.CANCELLED], via="api")
    db.session.commit()
    mail.deliver_soon()
    return {"participant": participant_to_dict(participant), "promoted": [p.id for p in promoted]}


_string = {"type": "string"}
_nullable_time = {"type": ["string", "null"], "format": "date-time", "readOnly": True}

SCHEMAS = {
    "Participant": {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name_ar": _string,
            "name_en": _string,
            "email": {"type": ["string", "null"], "format": "email"},
            "phone": {"type": "string", "description": "E.164"},
            "organization": _string,
            "job_title": _string,
            "sector": {"type": "string", "enum": list(Sector.values())},
            "city": _string,
            "language": {"type": "string", "enum": ["ar", "en"]},
            "category": {"type": "string", "enum": list(ParticipantCategory.values())},
            "status": {"type": "string", "enum": list(RegistrationStatus.values()), "readOnly": True},
            "source": {"type": "string", "readOnly": True},
            "badge_number": {"type": ["integer", "null"], "readOnly": True},
            **{name: _nullable_time for name in TIME_FIELDS},
            "edition": {"type": "integer", "readOnly": True},
            "links": {"type": "object", "readOnly": True, "additionalProperties": {"type": "string"}},
        },
    },
    "ParticipantPage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page", "pages", "links"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Participant"}},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "links": {
                "type": "object",
                "required": ["self", "first", "last"],
                "properties": {k: {"type": "string"} for k in ("self", "first", "last", "prev", "next")},
            },
        },
    },
    "CancelResult": {
        "type": "object",
        "properties": {
            "participant": {"$ref": "#/components/schemas/Participant"},
            "promoted": {"type": "array", "items": {"type": "integer"}, "description": "ids moved off the waitlist"},
        },
    },
}


def _query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_ID = {"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_NOT_FOUND = {"description": "No such participant", "content": json_body("Error")}

PATHS = {
    "/participants": {
        "get": {
            "summary": "Participants of the current edition (organizer)",
            "operationId": "listParticipants",
            "parameters": [
                _query("q", {"type": "string"}, "Name in any Arabic spelling, email, phone or organization"),
                _query("status", {"type": "string", "enum": list(RegistrationStatus.values())}, "Status"),
                _query("sector", {"type": "string", "enum": list(Sector.values())}, "Sector"),
                _query("category", {"type": "string", "enum": list(ParticipantCategory.values())}, "Category"),
                _query("organization", {"type": "string"}, "Exact organization name"),
                _query("checked_in", {"type": "string", "enum": ["yes", "no"]}, "Checked in or not"),
                _query("sort", {"type": "string", "enum": list(listing.SORTS)}, "Sort key"),
                _query("direction", {"type": "string", "enum": ["asc", "desc"]}, "Sort direction"),
                _query("page", {"type": "integer", "minimum": 1}, "Page number"),
                _query("per_page", {"type": "integer", "enum": list(listing.PER_PAGE_CHOICES)}, "Page size"),
            ],
            "responses": {
                "200": {"description": "A page of participants", "content": json_body("ParticipantPage")},
                "404": {"description": "No current edition", "content": json_body("Error")},
                **STANDARD_ERRORS,
            },
        }
    },
    "/participants/{participant_id}": {
        "get": {
            "summary": "One participant (organizer)",
            "operationId": "getParticipant",
            "parameters": [_ID],
            "responses": {
                "200": {"description": "The participant", "content": json_body("Participant")},
                "404": _NOT_FOUND,
                **STANDARD_ERRORS,
            },
        }
    },
    "/participants/{participant_id}/cancel": {
        "post": {
            "summary": "Cancel a registration; a freed seat goes to the waitlist (organizer)",
            "operationId": "cancelParticipant",
            "parameters": [_ID],
            "responses": {
                "200": {"description": "Cancelled", "content": json_body("CancelResult")},
                "404": _NOT_FOUND,
                "409": {"description": "Already cancelled", "content": json_body("Error")},
                **STANDARD_ERRORS,
            },
        }
    },
}
