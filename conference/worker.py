"""What an RQ worker process runs for each background job: an app of its own, then the job."""

from . import create_app
from .jobs import run_in_app


def run_rq_job(job_id: str) -> None:
    run_in_app(create_app(), job_id)
