"""A job left running by a killed worker is taken over once; the silent worker, should it wake
up, stops at its next progress report without committing anything."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from conference import jobs
from conference.certificates import issue_certificate
from conference.mail import build_message, queue_email
from conference.models import Job, OutgoingEmail, utcnow
from conference.models.certificates import Certificate
from tests.helpers import make_edition

RUNS = []


@jobs.job_kind("tests.count")
def _count(job, progress):
    RUNS.append(job.id)
    progress(1, 1)


@jobs.job_kind("tests.overtaken")
def _overtaken(job, progress):
    """Queues a message, then finds (at its next report) that another worker has the job."""
    from conference.models import db

    db.session.commit()  # no read snapshot left open, as after any earlier progress report
    with db.engine.begin() as other_worker:  # its own connection: another process taking the job
        other_worker.execute(Job.__table__.update().where(Job.__table__.c.id == job.id)
                             .values(claimed_by="other-worker"))
    queue_email(build_message("late@example.org", "x", "x"), purpose="test")
    progress(1, 1)
    RUNS.append("went on")


@pytest.fixture(autouse=True)
def _clear_runs():
    RUNS.clear()


def running_job(db, kind: str, silent_for: timedelta) -> Job:
    job = Job(kind=kind, status="running", claimed_by="dead-server:1:abc", started_at=utcnow() - silent_for,
              heartbeat_at=utcnow() - silent_for)
    db.session.add(job)
    db.session.commit()
    return job


def test_a_job_whose_worker_fell_silent_is_taken_over_and_run_once(app, db):
    stale = timedelta(seconds=app.config["JOBS_CLAIM_SECONDS"] + 1)
    job = running_job(db, "tests.count", stale)
    assert jobs.abandoned_jobs() == [job.id]
    jobs.run_job(job.id)
    jobs.run_job(job.id)  # handed over twice: runs once
    assert RUNS == [job.id]
    db.session.refresh(job)
    assert job.status == "done" and job.claimed_by != "dead-server:1:abc"
    assert jobs.abandoned_jobs() == []


def test_a_running_job_that_reports_progress_is_left_alone(app, db):
    job = running_job(db, "tests.count", timedelta(seconds=5))
    assert jobs.abandoned_jobs() == []
    jobs.run_job(job.id)
    assert RUNS == []
    db.session.refresh(job)
    assert (job.status, job.claimed_by) == ("running", "dead-server:1:abc")


def test_a_worker_whose_job_was_taken_over_stops_and_commits_nothing(app, db):
    job = Job(kind="tests.overtaken")
    db.session.add(job)
    db.session.commit()
    jobs.run_job(job.id)
    assert RUNS == []
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0
    db.session.refresh(job)
    assert (job.status, job.claimed_by, job.finished_at) == ("running", "other-worker", None)


def test_an_award_certificate_exists_once_per_subject(db):
    edition = make_edition(db)
    texts = dict(holder_ar="أمانة جدة", holder_en="Jeddah Municipality", title_ar="الفائز", title_en="Winner")
    first = issue_certificate(edition, "award", "nomination:1", **texts)
    renamed = issue_certificate(edition, "award", "nomination:1", **{**texts, "holder_en": "Jeddah City"})
    db.session.commit()
    assert renamed.id == first.id
    db.session.add(Certificate(edition_id=edition.id, kind="award", subject="nomination:1", **texts))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
