"""Background jobs with progress: in-process threads by default, RQ workers when REDIS_URL is set.

A job kind is a function registered with @job_kind("name"); it receives the Job row and
a `progress(done, total)` callback, and may return (path, download_name) of a result file it
wrote in a scratch folder: the file is then kept by the storage module (conference/storage.py)
under `jobs/`, so any app server can hand it out, whichever worker ran the job.
"""

import os
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import and_, or_, select, update

from .. import storage
from ..database import claim_name
from ..models import Job, db, utcnow
from ..models.vocabulary import JobStatus
from .results import result_data, result_dir, result_key, result_response, stored_name

_KINDS = {}
# Kinds that wait on devices rather than compute (a printer's sender) run in the app server's
# own threads, on a pool of their own, so they never wait behind bulk work (nor hold an RQ worker).
_OWN_POOLS: dict[str, ThreadPoolExecutor] = {}


class TakenOver(Exception):
    """Raised in a job whose worker was silent so long that another worker took the job over."""
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="job")


def job_kind(name: str, threads: int | None = None):
    """Register a job kind; `threads` gives it its own in-process pool of that many threads."""
    def register(func):
        _KINDS[name] = func
        if threads:
            _OWN_POOLS[name] = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        return func

    return register


def start_job(kind: str, params: dict | None = None, user=None) -> Job:
    """Record a job, commit it, and hand it to a worker."""
    if kind not in _KINDS:
        raise KeyError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, params=params or {}, created_by_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.commit()
    if kind in _OWN_POOLS:
        _OWN_POOLS[kind].submit(run_in_app, current_app._get_current_object(), job.id)
    elif current_app.config.get("REDIS_URL") and not current_app.config.get("JOBS_IN_PROCESS"):
        try:
            _enqueue_rq(job.id)
        except RedisError as exc:  # the job stays queued: `jobs worker` hands it over once Redis is back
            current_app.logger.warning("job %s waits for Redis: %s", job.id, exc)
    else:
        app = current_app._get_current_object()
        left_behind = _abandoned_kinds()  # ends the transaction: the job is read again just below,
        for job_id, job_kind_name in [(job.id, kind), *left_behind]:  # before any worker can have changed it
            _OWN_POOLS.get(job_kind_name, _executor).submit(run_in_app, app, job_id)
    return job


def _queue():
    from redis import Redis
    from rq import Queue

    return Queue("forum", connection=Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=5))


def _enqueue_rq(job_id: str) -> None:
    _queue().enqueue("conference.worker.run_rq_job", job_id, job_timeout=3600)


def _abandoned():
    """Running jobs whose worker has been silent for JOBS_CLAIM_SECONDS (a killed process)."""
    silent = utcnow() - timedelta(seconds=current_app.config["JOBS_CLAIM_SECONDS"])
    return and_(Job.status == JobStatus.RUNNING, Job.heartbeat_at < silent)


def abandoned_jobs() -> list[str]:
    return [job_id for job_id, _kind in _abandoned_kinds()]


def _abandoned_kinds() -> list[tuple[str, str]]:
    rows = [tuple(row) for row in db.session.execute(select(Job.id, Job.kind).where(_abandoned()))]
    db.session.rollback()
    return rows


def requeue_waiting() -> int:
    """Hand RQ again every job still queued a while after it was started (Redis was down then)
    and every job abandoned by a killed worker. A job handed over twice still runs once: see
    claim_job()."""
    waited = utcnow() - timedelta(seconds=current_app.config["JOBS_REQUEUE_SECONDS"])
    ids = list(db.session.scalars(
        select(Job.id).where(or_(and_(Job.status == JobStatus.QUEUED, Job.created_at < waited), _abandoned()))
    ))
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


def run_in_app(app, job_id: str) -> None:
    with app.app_context():
        run_job(job_id)


def claim_job(job_id: str, claimer: str) -> Job | None:
    """Move a queued (or abandoned) job to running in one conditional UPDATE: of two workers
    handed the same job (a retried enqueue, a thread and an RQ worker), only one runs it."""
    now = utcnow()
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, or_(Job.status == JobStatus.QUEUED, _abandoned()))
        .values(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, claimed_by=claimer)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if claimed == 1 else None


def _report(job_id: str, claimer: str, done: int, *, total: int) -> None:
    """Record progress and renew the claim; a job another worker took over stops here."""
    renewed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.claimed_by == claimer)
        .values(done=done, total=total, heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if renewed != 1:  # what this worker did since its last report is dropped with it
        db.session.rollback()
        raise TakenOver(job_id)
    db.session.commit()


def run_job(job_id: str) -> None:
    claimer = f"{claim_name()}:{uuid.uuid4().hex[:8]}"
    job = claim_job(job_id, claimer)
    if job is None:
        return

    def progress(done: int, total: int) -> None:
        _report(job_id, claimer, done, total=total)

    try:
        result = _KINDS[job.kind](job, progress)
    except TakenOver:
        db.session.rollback()
        current_app.logger.warning("job %s was taken over by another worker; this one stops", job_id)
        return
    except Exception:  # a failed job is shown to the organizer, not lost
        db.session.rollback()
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, claimer, status=JobStatus.FAILED, error=traceback.format_exc(limit=3))
        return
    outcome = {}
    if result:
        path, name = result
        outcome = {"result_file": os.path.basename(path), "result_name": name}
        data = Path(path).read_bytes()
        Path(path).unlink()  # the scratch copy (in the folder storage may also use)
        storage.save(stored_name(outcome["result_file"]), data)
    _finish(job_id, claimer, status=JobStatus.DONE, **outcome)


def _finish(job_id: str, claimer: str, **values) -> None:
    """Record the end of a job, unless another worker took it over meanwhile (then its end counts)."""
    db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.claimed_by == claimer)
        .values(finished_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


__all__ = ["result_data", "result_dir", "result_key", "result_response"]
