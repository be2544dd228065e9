"""The call for experiences: public submissions, the committee's reviews, decisions and
their release, accepted experiences into the agenda, and the public library."""

from flask import request, url_for
from flask_babel import gettext as _

from ..agenda import service as agenda
from ..errors import json_error
from ..experiences import service
from ..experiences.notifications import manage_url
from ..extensions import public_post_limit
from ..i18n import current_language
from ..loaders import int_arg
from ..mail import deliver_soon
from ..models import Edition, db
from ..models.experiences import Decision, Stage, Submission
from ..models.vocabulary import Sector
from .agenda import parse_session_changes, session_to_dict
from .auth import api_roles, caller
from .blueprint import bp
from .openapi import STANDARD_ERRORS, error_response, json_body

READ_ONLY = {"id", "status", "manage_url"}


def _json_object():
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else None


def _current_call():
    return service.call_for(Edition.current())


def status_of(submission: Submission, released_only: bool = True) -> str:
    """'submitted' until a decision is released (or, for organizers, recorded)."""
    if submission.decision and (submission.released or not released_only):
        return submission.decision
    return "submitted"


def submission_to_dict(submission: Submission, *, blind: bool, staff: bool = True) -> dict:
    data = {
        "id": submission.id,
        "edition": submission.call.edition.number,
        "title_ar": submission.title_ar,
        "title_en": submission.title_en,
        "summary": submission.summary,
        "problem": submission.problem,
        "solution": submission.solution,
        "results": submission.results,
        "stage": submission.stage,
        "sector": submission.sector,
        "track_id": submission.track_id,
        "status": status_of(submission, released_only=not staff),
    }
    if not blind:
        data["entity"] = submission.entity
        data["partners"] = submission.partners
        data["presenters"] = [
            {"name_ar": p.name_ar, "name_en": p.name_en, "job_title": p.job_title,
             **({"email": p.email, "confirmed": p.confirmed_at is not None, "slot_confirmed": p.slot_confirmed}
                if staff else {})}
            for p in submission.presenters
        ]
        if staff:
            data["contact_email"] = submission.contact_email
    return data


@bp.post("/submissions")
@public_post_limit
def create_submission():
    payload = _json_object()
    if payload is None:
        return json_error(400, "bad_request", _("The body must be a JSON object."))
    unknown = {k: _("Unknown field.") for k in payload if k not in service.FIELDS and k not in READ_ONLY}
    if unknown:
        return json_error(422, "invalid", fields=unknown)
    the_call = _current_call()
    state = service.call_state(the_call)
    if state != "open":
        return json_error(409, state, service.refusal_message(state))
    cleaned, errors = service.clean_submission(payload, the_call)
    if errors:
        return json_error(422, "invalid", fields=errors)
    submission = service.submit(the_call, cleaned)
    db.session.commit()
    deliver_soon()
    body = {"id": submission.id, "status": "submitted", "manage_url": manage_url(submission)}
    return body, 201, {"Location": body["manage_url"]}


@bp.get("/submissions")
@api_roles("organizer", "reviewer")
def list_submissions():
    user = caller()
    the_call = _current_call()
    if the_call is None:
        return {"submissions": []}
    blind = service.hides_names(user, the_call)
    return {"submissions": [submission_to_dict(s, blind=blind) for s in service.visible_submissions(user, the_call)]}


def _submission_of_current_call(submission_id: int):
    submission = db.session.get(Submission, submission_id)
    the_call = _current_call()
    if submission is None or the_call is None or submission.call_id != the_call.id:
        return None
    return submission


def _scores(raw, the_call) -> dict[int, int] | None:
    if not isinstance(raw, dict):
        return None
    given = {}
    for key, value in raw.items():
        if not str(key).isascii() or not str(key).isdigit() or isinstance(value, bool) or not isinstance(value, int):
            return None
        given[int(key)] = value
    return given if service.check_scores(the_call, given) else None


@bp.post("/submissions/<int:submission_id>/reviews")
@api_roles("reviewer")
def post_review(submission_id: int):
    user = caller()
    submission = _submission_of_current_call(submission_id)
    if submission is None or not service.may_review(user, submission):
        return json_error(404, "not_found", _("There is no such submission."))
    payload = _json_object()
    if payload is None:
        return json_error(400, "bad_request", _("The body must be a JSON object."))
    if payload.get("conflict") is True:
        service.declare_conflict(user, submission)
        db.session.commit()
        return {"submission_id": submission.id, "conflict": True}, 201
    given = _scores(payload.get("scores"), submission.call)
    comment = payload.get("comment", "")
    submitter_comment = payload.get("submitter_comment", "")
    if given is None or not isinstance(comment, str) or not isinstance(submitter_comment, str):
        return json_error(422, "invalid", fields={"scores": _("Give a score on every criterion.")})
    try:
        review = service.save_review(user, submission, given, committee_comment=comment, submitter_comment=submitter_comment)
    except service.ReviewRefused as refused:
        db.session.rollback()
        return json_error(409, refused.reason, _("This review cannot be saved."))
    db.session.commit()
    return {"submission_id": submission.id, "conflict": False,
            "scores": {str(s.criterion_id): s.score for s in review.scores}}, 201


@bp.post("/submissions/<int:submission_id>/decision")
@api_roles("organizer")
def post_decision(submission_id: int):
    submission = _submission_of_current_call(submission_id)
    if submission is None:
        return json_error(404, "not_found", _("There is no such submission."))
    payload = _json_object()
    if payload is None:
        return json_error(400, "bad_request", _("The body must be a JSON object."))
    if payload.get("decision") not in set(Decision):
        return json_error(422, "invalid", fields={"decision": "accepted, rejected or waitlisted"})
    service.decide(submission, payload["decision"])
    db.session.commit()
    return {"id": submission.id, "decision": submission.decision, "released": submission.released}


@bp.post("/decisions/release")
@api_roles("organizer")
def release_decisions():
    the_call = _current_call()
    if the_call is None:
        return json_error(409, "no_call", _("The current edition has no call for experiences."))
    queued = service.release_decisions(the_call)
    db.session.commit()
    deliver_soon()
    return {"released_at": the_call.released_at.isoformat(), "emails_queued": queued}


@bp.post("/submissions/<int:submission_id>/session")
@api_roles("organizer")
def post_session(submission_id: int):
    submission = _submission_of_current_call(submission_id)
    if submission is None:
        return json_error(404, "not_found", _("There is no such submission."))
    payload = _json_object()
    if payload is None:
        return json_error(400, "bad_request", _("The body must be a JSON object."))
    edition = submission.call.edition
    allowed = {"room_id", "starts_at", "ends_at", "force"}
    changes, errors = parse_session_changes({k: v for k, v in payload.items() if k in allowed}, edition)
    errors |= {k: "unknown field" for k in payload if k not in allowed}
    force = payload.get("force", False)
    if errors or not isinstance(force, bool):
        return json_error(422, "invalid", fields=errors or {"force": "true or false"})
    creating = submission.session is None
    try:
        session, _found = service.make_session(submission, changes, force=force or not changes)
    except agenda.SessionInvalid as exc:
        db.session.rollback()
        return json_error(422 if "decision" not in exc.fields else 409, "invalid", fields=exc.fields)
    except agenda.ConflictsFound as exc:
        db.session.rollback()
        language = current_language()
        warnings = agenda.conflicts_as_dicts(exc.conflicts, edition, language, pending=exc.pending(language))
        return {"error": {"code": "conflicts", "message": agenda.conflicts_message(), "warnings": warnings}}, 409
    db.session.commit()
    return session_to_dict(session, edition), 201 if creating else 200


@bp.get("/experiences")
def list_experiences():
    args = request.args
    selection = service.LibraryFilter(
        year=int_arg("year"), track=args.get("track", "")[:200], entity=args.get("entity", "")[:300],
        stage=args.get("stage", ""), sector=args.get("sector", ""), q=args.get("q", "")[:200],
    )
    return {"experiences": [experience_to_dict(s) for s in service.library(selection, current_language())]}


def experience_to_dict(submission: Submission) -> dict:
    data = submission_to_dict(submission, blind=False, staff=False)
    data["year"] = submission.call.edition.year
    data["track"] = ({"name_ar": submission.track.name_ar, "name_en": submission.track.name_en}
                     if submission.track else None)
    data["slides_url"] = (url_for("experiences.slides", submission_id=submission.id, _external=True)
                          if submission.slides_file else None)
    return data


_TEXT = {"type": "string"}
PRESENTER_IN = {
    "type": "object",
    "required": ["email"],
    "properties": {"name_ar": {**_TEXT, "maxLength": 200}, "name_en": {**_TEXT, "maxLength": 200},
                   "email": {"type": "string", "format": "email"}, "job_title": {**_TEXT, "maxLength": 200},
                   "bio": {**_TEXT, "maxLength": 2000}},
}
SUBMISSION_PROPERTIES = {
    "id": {"type": "integer"},
    "edition": {"type": "integer"},
    **{name: _TEXT for name in ("title_ar", "title_en", "summary", "problem", "solution", "results", "partners", "entity")},
    "stage": {"type": "string", "enum": list(Stage)},
    "sector": {"type": "string", "enum": list(Sector.values())},
    "track_id": {"type": ["integer", "null"]},
    "status": {"type": "string", "enum": ["submitted", *Decision]},
    "contact_email": _TEXT,
    "presenters": {"type": "array", "items": {"type": "object", "properties": {
        "name_ar": _TEXT, "name_en": _TEXT, "job_title": _TEXT, "email": _TEXT,
        "confirmed": {"type": "boolean", "description": "Confirmed by their own link that they present (staff)"},
        "slot_confirmed": {"type": "boolean", "description": "Confirmed the session's current times (staff)"}}}},
}
SCHEMAS = {
    "SubmissionRequest": {
        "type": "object",
        "description": "A title in Arabic or English; at least one presenter (up to 5), each with their own email.",
        "required": ["entity", "summary", "problem", "solution", "results", "stage", "presenters", "contact_email", "consent"],
        "properties": {
            "title_ar": {**_TEXT, "maxLength": 300}, "title_en": {**_TEXT, "maxLength": 300},
            "entity": {**_TEXT, "maxLength": 300},
            **{name: {**_TEXT, "maxLength": limit} for name, limit in service.LONG_LIMITS.items()},
            "stage": {"type": "string", "enum": list(Stage)},
            "sector": {"type": "string", "enum": list(Sector.values()), "default": "government"},
            "track_id": {"type": ["integer", "null"]},
            "presenters": {"type": "array", "minItems": 1, "maxItems": service.MAX_PRESENTERS, "items": PRESENTER_IN},
            "contact_email": {"type": "string", "format": "email"},
            "language": {"type": "string", "enum": ["ar", "en"], "default": "ar"},
            "consent": {"type": "boolean", "const": True},
        },
    },
    "SubmissionReceipt": {
        "type": "object",
        "required": ["id", "status", "manage_url"],
        "properties": {"id": {"type": "integer"}, "status": {"type": "string", "enum": ["submitted"]},
                       "manage_url": {"type": "string", "format": "uri",
                                      "description": "The submitter's private page: edit until the close, follow the decision."}},
    },
    "Submission": {"type": "object", "description": "With blind review, reviewers get no entity, presenters or contact.",
                   "properties": SUBMISSION_PROPERTIES},
    "SubmissionList": {"type": "object", "properties": {
        "submissions": {"type": "array", "items": {"$ref": "#/components/schemas/Submission"}}}},
    "ReviewRequest": {
        "type": "object",
        "properties": {
            "scores": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                       "description": "criterion id → score from 0 to the criterion's highest score, for every criterion"},
            "comment": {"type": "string", "description": "For the committee only"},
            "submitter_comment": {"type": "string", "description": "Shown to the submitter once decisions are released"},
            "conflict": {"type": "boolean", "description": "true: declare a conflict of interest instead of scoring"},
        },
    },
    "DecisionRequest": {"type": "object", "required": ["decision"],
                        "properties": {"decision": {"type": "string", "enum": list(Decision)}}},
    "SessionFromSubmission": {
        "type": "object",
        "properties": {"room_id": {"type": ["integer", "null"]}, "starts_at": {"type": "string", "format": "date-time"},
                       "ends_at": {"type": "string", "format": "date-time"}, "force": {"type": "boolean"}},
    },
    "ExperienceList": {"type": "object", "properties": {
        "experiences": {"type": "array", "items": {"$ref": "#/components/schemas/Submission"}}}},
}


def _id_param() -> dict:
    return {"name": "submission_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or _TEXT}


NOT_FOUND = error_response("No such submission in the current call (or not one of the reviewer's tracks)")
PATHS = {
    "/submissions": {
        "post": {
            "summary": "Submit an experience to the current call (public while the call is open, rate-limited)",
            "operationId": "createSubmission", "security": [],
            "requestBody": {"required": True, "content": json_body("SubmissionRequest")},
            "responses": {"201": {"description": "Received", "content": json_body("SubmissionReceipt")},
                          "409": error_response("The call is `not_open` or `closed`"), **STANDARD_ERRORS},
        },
        "get": {
            "summary": "Submissions of the current call (organizer; a reviewer gets those of their tracks)",
            "operationId": "listSubmissions",
            "responses": {"200": {"description": "Submissions", "content": json_body("SubmissionList")},
                          "401": STANDARD_ERRORS["401"], "403": STANDARD_ERRORS["403"]},
        },
    },
    "/submissions/{submission_id}/reviews": {
        "post": {
            "summary": "Score a submission, or declare a conflict of interest (reviewer)",
            "operationId": "postReview", "parameters": [_id_param()],
            "requestBody": {"required": True, "content": json_body("ReviewRequest")},
            "responses": {"201": {"description": "Saved", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "404": NOT_FOUND,
                          "409": error_response("`conflict` (declared earlier) or `released` (decisions are out)"),
                          **STANDARD_ERRORS},
        }
    },
    "/submissions/{submission_id}/decision": {
        "post": {
            "summary": "Record a decision, held until the decisions are released (organizer)",
            "operationId": "postDecision", "parameters": [_id_param()],
            "requestBody": {"required": True, "content": json_body("DecisionRequest")},
            "responses": {"200": {"description": "Recorded", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "404": NOT_FOUND, **STANDARD_ERRORS},
        }
    },
    "/decisions/release": {
        "post": {
            "summary": "Release every decision; each submitter not yet told is emailed once, in their language (organizer)",
            "operationId": "releaseDecisions",
            "responses": {"200": {"description": "Released", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "409": error_response("No call in the current edition"), **STANDARD_ERRORS},
        }
    },
    "/submissions/{submission_id}/session": {
        "post": {
            "summary": "Make the accepted experience a draft session, or schedule it (organizer)",
            "description": "Presenters become speakers. Without times the draft sits at 09:00 on the first day; "
            "with times the agenda's conflict warnings apply (409 unless `force`).",
            "operationId": "postSubmissionSession", "parameters": [_id_param()],
            "requestBody": {"required": True, "content": json_body("SessionFromSubmission")},
            "responses": {"201": {"description": "The draft session",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "200": {"description": "The session, rescheduled",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "404": NOT_FOUND, "409": error_response("`conflicts`, or the experience is not accepted"),
                          **STANDARD_ERRORS},
        }
    },
    "/experiences": {
        "get": {
            "summary": "The experiences library: every presented experience of every edition (public)",
            "operationId": "listExperiences", "security": [],
            "parameters": [_query("year", "Edition year", {"type": "integer"}), _query("track", "Track name"),
                           _query("entity", "Entity"), _query("stage", "Stage", {"type": "string", "enum": list(Stage)}),
                           _query("sector", "Sector", {"type": "string", "enum": list(Sector.values())}),
                           _query("q", "Search words (Arabic spelling variants match)")],
            "responses": {"200": {"description": "Experiences", "content": json_body("ExperienceList")},
                          "429": STANDARD_ERRORS["429"]},
        }
    },
}
