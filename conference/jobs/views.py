"""Progress of a background job, as a page and as JSON, and its result file."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..auth import blueprint_requires
from ..models import Job, db
from ..models.vocabulary import JobStatus
from .results import result_response

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
blueprint_requires(bp, "desk")


def _visible_job(job_id: str) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not (job.created_by_id == current_user.id or current_user.has_role("organizer")):
        abort(404)
    return job


def job_state(job: Job) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "download": bool(job.result_file) and job.status == JobStatus.DONE,
        "error": bool(job.error),
    }


@bp.get("/<job_id>")
def show(job_id: str):
    return render_template("jobs/show.html", job=_visible_job(job_id))


@bp.get("/<job_id>/state")
def state(job_id: str):
    return job_state(_visible_job(job_id))


@bp.get("/<job_id>/download")
def download(job_id: str):
    return result_response(_visible_job(job_id))
