"""Background jobs through the API: start a bulk badge print, follow it, download its file."""

from flask import request, url_for
from flask_babel import gettext as _

from ..badges.bulk import SORTS, Selection, selected_ids
from ..badges.layouts import LAYOUTS
from ..badges.service import layout_for
from ..errors import json_error
from ..jobs import result_response, start_job
from ..models import Edition, Job, db
from ..models.vocabulary import JobStatus, ParticipantCategory, Sector
from .auth import api_roles, caller
from .blueprint import bp
from .openapi import STANDARD_ERRORS, error_response, json_body

MAX_ORGANIZATION = 200


def _selection_from(body: dict, edition: Edition) -> tuple[Selection | None, dict]:
    """The console's badge filters from a JSON body, or field errors."""
    fields = {}
    layout = body.get("layout") or layout_for(edition)
    if layout not in LAYOUTS:
        fields["layout"] = _("Choose one of the badge layouts: %(names)s.", names=", ".join(LAYOUTS))
    choices = {"category": ParticipantCategory.values(), "sector": Sector.values(), "sort": SORTS}
    for name, allowed in choices.items():
        value = body.get(name)
        if value is not None and value not in allowed:
            fields[name] = _("Choose one of: %(names)s.", names=", ".join(allowed))
    organization = body.get("organization") or ""
    if not isinstance(organization, str) or len(organization) > MAX_ORGANIZATION:
        fields["organization"] = _("The organization filter is text of at most %(n)d characters.", n=MAX_ORGANIZATION)
    only_unprinted = body.get("only_unprinted", False)
    if not isinstance(only_unprinted, bool):
        fields["only_unprinted"] = _("Send true or false.")
    if fields:
        return None, fields
    return Selection(
        layout=layout, category=body.get("category") or "", sector=body.get("sector") or "",
        organization=organization.strip(), only_unprinted=only_unprinted, sort=body.get("sort") or "name",
    ), {}


@bp.post("/badges/print-jobs")
@api_roles("organizer")
def post_badge_print_job():
    body = request.get_json(silent=True)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        return json_error(400, "bad_request", _("Send a JSON object with the badge filters."))
    edition = Edition.current()
    if edition is None:
        return json_error(409, "no_edition", _("There is no current edition."))
    selection, fields = _selection_from(body, edition)
    if fields:
        return json_error(422, "invalid", fields=fields)
    if not selected_ids(edition, selection):
        return json_error(422, "empty", _("No confirmed participant matches these filters."))
    job = start_job("badges.print", {"edition_id": edition.id, "selection": selection.to_params()}, caller())
    status_url = url_for("api.get_job", job_id=job.id, _external=True)
    return {"id": job.id, "status": job.status, "status_url": status_url}, 202, {"Location": status_url}


def _visible_job(job_id: str) -> Job | None:
    user = caller()
    job = db.session.get(Job, job_id[:36])
    if job is None or not (job.created_by_id == user.id or user.has_role("organizer")):
        return None
    return job


def job_json(job: Job) -> dict:
    answer = {"id": job.id, "kind": job.kind, "status": job.status, "done": job.done, "total": job.total}
    if job.status == JobStatus.DONE and job.result_file:
        answer["result_url"] = url_for("api.get_job_result", job_id=job.id, _external=True)
    if job.status == JobStatus.FAILED:
        answer["error"] = _("The job failed; the log of the server that ran it has the details.")
    return answer


@bp.get("/jobs/<job_id>")
@api_roles("desk")
def get_job(job_id: str):
    job = _visible_job(job_id)
    if job is None:
        return json_error(404, "not_found", _("There is no such job."))
    return job_json(job)


@bp.get("/jobs/<job_id>/result")
@api_roles("desk")
def get_job_result(job_id: str):
    job = _visible_job(job_id)
    if job is None or job.status != JobStatus.DONE or not job.result_file:
        return json_error(404, "not_found", _("This job has no file to download (yet)."))
    return result_response(job)


JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 36}}

PATHS = {
    "/badges/print-jobs": {
        "post": {
            "summary": "Start printing the badges of a selection as a background job (organizer, admin)",
            "description": "The same filters as the console's bulk printing; confirmed participants only. "
                           "The job runs in a worker; follow status_url, then download result_url.",
            "operationId": "startBadgePrintJob",
            "requestBody": {"required": False, "content": json_body("BadgePrintJobRequest")},
            "responses": {
                "202": {"description": "The job is queued", "content": json_body("JobStarted")},
                "409": error_response("There is no current edition"),
                **STANDARD_ERRORS,
            },
        }
    },
    "/jobs/{job_id}": {
        "get": {
            "summary": "A background job's progress (its starter, or an organizer)",
            "operationId": "getJob",
            "parameters": [JOB_ID],
            "responses": {
                "200": {"description": "The job", "content": json_body("Job")},
                "404": error_response("No such job"),
                **STANDARD_ERRORS,
            },
        }
    },
    "/jobs/{job_id}/result": {
        "get": {
            "summary": "The file a finished job made, from any app server",
            "operationId": "getJobResult",
            "parameters": [JOB_ID],
            "responses": {
                "200": {"description": "The file",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                "404": error_response("No such job, or no file yet"),
                **STANDARD_ERRORS,
            },
        }
    },
}

SCHEMAS = {
    "BadgePrintJobRequest": {
        "type": "object",
        "properties": {
            "layout": {"type": "string", "enum": list(LAYOUTS), "description": "The edition's default when absent."},
            "category": {"type": "string", "enum": list(ParticipantCategory.values())},
            "sector": {"type": "string", "enum": list(Sector.values())},
            "organization": {"type": "string", "maxLength": MAX_ORGANIZATION, "description": "Organization contains"},
            "only_unprinted": {"type": "boolean"},
            "sort": {"type": "string", "enum": list(SORTS)},
        },
    },
    "JobStarted": {
        "type": "object",
        "required": ["id", "status", "status_url"],
        "properties": {"id": {"type": "string"}, "status": {"type": "string"}, "status_url": {"type": "string"}},
    },
    "Job": {
        "type": "object",
        "required": ["id", "kind", "status", "done", "total"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string"},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "done": {"type": "integer"},
            "total": {"type": "integer"},
            "result_url": {"type": "string"},
            "error": {"type": "string"},
        },
    },
}
