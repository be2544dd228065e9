"""Background jobs with progress: in-process threads by default, RQ workers when REDIS_URL is set.

A job kind is a function registered with @job_kind("name"); it receives the Job row and
a `progress(done, total)` callback, and may return (path, download_name) of a result file it
wrote in a scratch folder: the file is then kept by the storage module (conference/storage.py)
under `jobs/`, so any app server can hand it out, whichever worker ran the job.
"""

import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import select, update

from .. import storage
from ..database import claim_name
from ..models import Job, db, utcnow

_KINDS = {}
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="job")


def job_kind(name: str):
    def register(func):
        _KINDS[name] = func
        return func

    return register


def result_dir() -> Path:
    """Scratch folder for a job's result while it is written (then moved to storage)."""
    path = Path(current_app.instance_path) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_key(job: Job) -> str:
    return f"jobs/{job.result_file}"


def result_data(job: Job) -> bytes | None:
    if job.status != "done" or not job.result_file:
        return None
    return storage.load(result_key(job))


def start_job(kind: str, params: dict | None = None, user=None) -> Job:
    """Record a job, commit it, and hand it to a worker."""
    if kind not in _KINDS:
        raise KeyError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, params=params or {}, created_by_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.commit()
    if current_app.config.get("REDIS_URL") and not current_app.config.get("JOBS_IN_PROCESS"):
        try:
            _enqueue_rq(job.id)
        except RedisError as exc:  # the job stays queued: `jobs worker` hands it over once Redis is back
            current_app.logger.warning("job %s waits for Redis: %s", job.id, exc)
    else:
        app = current_app._get_current_object()
        _executor.submit(_run_in_app, app, job.id)
    return job


def _queue():
    from redis import Redis
    from rq import Queue

    return Queue("forum", connection=Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=5))


def _enqueue_rq(job_id: str) -> None:
    _queue().enqueue("conference.jobs.run_rq_job", job_id, job_timeout=3600)


def requeue_waiting() -> int:
    """Hand RQ again every job still queued a while after it was started (Redis was down then,
    or the worker holding it died). A job handed over twice still runs once: see claim_job()."""
    waited = utcnow() - timedelta(seconds=current_app.config["JOBS_REQUEUE_SECONDS"])
    ids = list(db.session.scalars(select(Job.id).where(Job.status == "queued", Job.created_at < waited)))
    db.session.rollback()
    for job_id in ids:
        _enqueue_rq(job_id)
    return len(ids)


def run_worker() -> None:
    """`flask jobs worker`: an RQ worker that outlives Redis restarts and picks up jobs left waiting."""
    from rq import Worker

    pause = current_app.config["JOBS_REQUEUE_SECONDS"]
    while True:
        try:
            requeue_waiting()
            queue = _queue()
            worker = Worker([queue], connection=queue.connection)
            worker.work(max_idle_time=pause)
            if worker._stop_requested:  # SIGTERM or SIGINT (systemd stopping us), not just idle
                return
        except RedisError as exc:
            current_app.logger.warning("jobs worker: Redis is unreachable (%s); trying again", exc)
            time.sleep(2)


def run_rq_job(job_id: str) -> None:
    """Entry point for an RQ worker process."""
    from .. import create_app

    _run_in_app(create_app(), job_id)


def _run_in_app(app, job_id: str) -> None:
    with app.app_context():
        run_job(job_id)


def claim_job(job_id: str) -> Job | None:
    """Move a queued job to running in one conditional UPDATE: of two workers handed the same
    job (a retried enqueue, a thread and an RQ worker), only one runs it."""
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(status="running", started_at=utcnow(), claimed_by=claim_name())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if claimed == 1 else None


def run_job(job_id: str) -> None:
    job = claim_job(job_id)
    if job is None:
        return

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total
        db.session.commit()

    try:
        result = _KINDS[job.kind](job, progress)
    except Exception:  # a failed job is shown to the organizer, not lost
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.error = "failed", traceback.format_exc(limit=3)
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
    else:
        if result:
            path, name = result
            job.result_file, job.result_name = os.path.basename(path), name
            data = Path(path).read_bytes()
            Path(path).unlink()  # the scratch copy (in the folder storage may also use)
            storage.save(result_key(job), data)
        job.status = "done"
    job.finished_at = utcnow()
    db.session.commit()
