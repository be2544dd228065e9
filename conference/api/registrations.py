"""POST /registrations: public sign-up with the same rules as the form."""

from flask import request
from flask_babel import gettext as _

from ..errors import json_error
from ..extensions import public_post_limit
from ..mail import deliver_soon
from ..models import Edition, db
from ..models.people import HONORIFICS
from ..models.vocabulary import RegistrationSource, RegistrationStatus, Sector
from ..registration.notifications import manage_url
from ..registration.service import DuplicateRegistration, EditionFull, RegistrationClosed, register_participant
from ..registration.validation import FIELDS, clean_registration
from .blueprint import bp
from .openapi import STANDARD_ERRORS, error_response, json_body

# Returned by the endpoint; ignored when a client sends them back.
READ_ONLY = {"id", "status", "manage_url"}


def _type_errors(payload: dict) -> dict:
    errors = {}
    for field, value in payload.items():
        if field in READ_ONLY:
            continue
        if field not in FIELDS:
            errors[field] = _("Unknown field.")
        elif field == "consent":
            if not isinstance(value, bool):
                errors[field] = _("Must be true or false.")
        elif value is not None and not isinstance(value, str):
            errors[field] = _("Must be text.")
    return errors


@bp.post("/registrations")
@public_post_limit
def create_registration():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return json_error(400, "bad_request", _("The body must be a JSON object."))
    if errors := _type_errors(payload):
        return json_error(422, "invalid", fields=errors)
    cleaned, errors = clean_registration(payload, source=RegistrationSource.ONLINE)
    if errors:
        return json_error(422, "invalid", fields=errors)
    edition = Edition.current()
    if edition is None:
        return json_error(409, "no_edition", _("There is no current edition."))
    try:
        outcome = register_participant(edition, cleaned, source=RegistrationSource.ONLINE)
    except DuplicateRegistration:
        db.session.rollback()
        return json_error(409, "duplicate", _("This email address is already registered for this edition."))
    except EditionFull:
        db.session.rollback()
        return json_error(409, "full", _("All seats are taken and there is no waiting list."))
    except RegistrationClosed as closed:
        db.session.rollback()
        message = _("Registration has not opened yet.") if closed.state == "not_open" else _("Registration is closed.")
        return json_error(409, closed.state, message)
    participant = outcome.participant
    db.session.commit()
    deliver_soon()
    body = {"id": participant.id, "status": outcome.status, "manage_url": manage_url(participant)}
    return body, 201, {"Location": body["manage_url"]}


_TEXT = {"type": ["string", "null"]}

SCHEMAS = {
    "RegistrationRequest": {
        "type": "object",
        "description": "At least one of name_ar and name_en. Saudi mobile numbers may be local (05…); "
        "others in international form (+…); stored as E.164.",
        "required": ["email", "phone", "organization", "sector", "consent"],
        "additionalProperties": False,
        "properties": {
            "honorific": {"type": ["string", "null"], "enum": ["", *HONORIFICS, None],
                          "description": "A title printed before the name on the badge (dr, eng, prof, mr, ms)."},
            "name_ar": {**_TEXT, "maxLength": 200},
            "name_en": {**_TEXT, "maxLength": 200},
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "phone": {"type": "string", "maxLength": 30, "examples": ["0551234567", "+966551234567"]},
            "organization": {"type": "string", "maxLength": 200},
            "job_title": {**_TEXT, "maxLength": 200},
            "sector": {"type": "string", "enum": list(Sector.values())},
            "city": {**_TEXT, "maxLength": 120},
            "language": {"type": "string", "enum": ["ar", "en"], "default": "ar"},
            "consent": {"type": "boolean", "const": True, "description": "Agreement to the privacy notice."},
            "id": {"type": "integer", "readOnly": True},
            "status": {"type": "string", "readOnly": True},
            "manage_url": {"type": "string", "readOnly": True},
        },
    },
    "Registration": {
        "type": "object",
        "required": ["id", "status", "manage_url"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": [s.value for s in RegistrationStatus if s != RegistrationStatus.CANCELLED]},
            "manage_url": {"type": "string", "format": "uri", "description": "The participant's private self-service page."},
        },
    },
}

PATHS = {
    "/registrations": {
        "post": {
            "summary": "Register for the current edition (public, rate-limited)",
            "description": "The same rules as the public form. Confirmed while seats remain; waitlisted when full "
            "(if the edition keeps a waiting list); pending when the edition needs approval. Sends the confirmation email.",
            "operationId": "createRegistration",
            "security": [],
            "requestBody": {"required": True, "content": json_body("RegistrationRequest")},
            "responses": {
                "201": {"description": "Registered", "content": json_body("Registration")},
                "409": error_response(
                    "Not registered: code `duplicate` (email already registered), `full` (no seat and no waiting list), "
                    "`not_open` or `closed` (outside the registration window), `no_edition`"
                ),
                **STANDARD_ERRORS,
            },
        }
    }
}
