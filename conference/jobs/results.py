"""Where a job's result file lives: a scratch folder while it is written, then storage under
`jobs/`, so any app server can hand it out whichever worker ran the job."""

from pathlib import Path

from flask import Response, abort, current_app

from .. import storage
from ..models import Job
from ..models.vocabulary import JobStatus


def result_dir() -> Path:
    """Scratch folder for a job's result while it is written (then moved to storage)."""
    path = Path(current_app.instance_path) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_key(job: Job) -> str:
    return stored_name(job.result_file)


def stored_name(result_file: str) -> str:
    return f"jobs/{result_file}"


def result_data(job: Job) -> bytes | None:
    if job.status != JobStatus.DONE or not job.result_file:
        return None
    return storage.load(result_key(job))


def result_response(job: Job) -> Response:
    """The job's result file as a download, from wherever storage keeps it."""
    data = result_data(job)
    if data is None:
        abort(404)
    mimetype = "application/pdf" if job.result_name.endswith(".pdf") else "application/octet-stream"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{job.result_name}"', "Cache-Control": "private, no-store"})
