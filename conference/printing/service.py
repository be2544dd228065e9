"""Badge printing at the venue, in one place: the desk, the kiosks, the API and the CLI call these.

A print is a PrintJob row. It is claimed by one conditional UPDATE (queued → sending) before
anything is sent, so a retry, two threads or two server processes never send it twice. A
printer that is off, stopped or out of labels leaves the job queued with the printer's
reason; the dispatcher of every server process looks again every PRINT_RETRY_SECONDS and
sends it once the printer is back. Sending runs in the background (the job system), so a
scan never waits for a printer.
"""

import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from .. import audit
from ..badges.layouts import IPP_MEDIA
from ..badges.service import mark_printed, render_badge
from ..checkin.service import ScanResult, check_in, check_in_participant, normalize_code
from ..jobs import job_kind, start_job
from ..models import Edition, Participant, db, utcnow
from ..models.printing import PrintJob, PrintSource, PrintStation, PrintStatus
from . import ipp

MAX_ATTEMPTS_AFTER_ERRORS = 5
LIVE = (PrintStatus.QUEUED, PrintStatus.SENDING, PrintStatus.SENT, PrintStatus.COMPLETED)
IPP_JOB_COMPLETED, IPP_JOB_CANCELED, IPP_JOB_ABORTED = 9, 7, 8


class NoBadge(Exception):
    """This person has no badge to print (cancelled, anonymized)."""


# ---- asking for prints ---------------------------------------------------------------


def queue_print(participant: Participant, station: PrintStation, by=None, source: str = PrintSource.DESK) -> PrintJob:
    """Add a print of the participant's badge at the station (the caller commits, then calls send_soon)."""
    if participant.status == "cancelled" or participant.anonymized_at is not None:
        raise NoBadge()
    job = PrintJob(
        station_id=station.id,
        participant_id=participant.id,
        source=str(source),
        requested_by_id=getattr(by, "id", None),
        printer_uri=station.printer_uri,
        status=PrintStatus.QUEUED,
        next_attempt_at=utcnow(),
    )
    db.session.add(job)
    db.session.flush()
    return job


def live_print(participant: Participant) -> PrintJob | None:
    """The person's badge print that is printed or on its way, if any."""
    return db.session.scalar(
        select(PrintJob)
        .where(PrintJob.participant_id == participant.id, PrintJob.status.in_([str(s) for s in LIVE]))
        .order_by(PrintJob.id.desc())
        .limit(1)
    )


def print_once(participant: Participant, station: PrintStation, by=None, source: str = PrintSource.SCAN) -> PrintJob:
    """An automatic print (scan, kiosk, walk-in): only if the person's badge is not printed or on its way."""
    return live_print(participant) or queue_print(participant, station, by=by, source=source)


@dataclass
class StationScan:
    """A scan at a print station: the check-in's answer (None in print-only mode) and the print."""

    status: str
    participant: Participant | None
    result: ScanResult | None
    print_job: PrintJob | None

    def as_json(self) -> dict:
        from ..checkin.service import participant_json

        answer = self.result.as_json() if self.result else {
            "status": self.status, "participant": participant_json(self.participant), "replayed": False,
        }
        if self.print_job is not None:
            answer["print_job"] = {"id": self.print_job.id, "status": self.print_job.status}
        return answer


PRINTABLE = ("ok", "already_checked_in")


def scan_at_station(code: str, station: PrintStation, by=None, nonce: str | None = None,
                    source: str = PrintSource.SCAN, print_badge: bool | None = None) -> StationScan:
    """A badge scanned at a station: checked in (unless print-only) and printed there when it auto-prints
    (a kiosk always prints: `print_badge=True`)."""
    if station.print_only:
        participant = _participant_by_code(code)
        status = _print_only_status(participant)
        result = None
    else:
        result = check_in(code, by=by, nonce=nonce)
        participant, status = result.participant, result.status
    job = None
    wanted = station.auto_print if print_badge is None else print_badge
    if wanted and status in PRINTABLE and not (result and result.replayed):
        job = print_once(participant, station, by=by, source=source)
    return StationScan(status, participant, result, job)


def check_in_at_station(participant: Participant, station: PrintStation, by=None,
                        source: str = PrintSource.DESK, method: str = "manual",
                        print_badge: bool | None = None) -> StationScan:
    """Someone found by name (desk lookup, kiosk) or a walk-in: checked in and printed at the station."""
    if station.print_only:
        result, status = None, _print_only_status(participant)
    else:
        result = check_in_participant(participant, by=by, method=method)
        status = result.status
    wanted = station.auto_print if print_badge is None else print_badge
    job = print_once(participant, station, by=by, source=source) if wanted and status in PRINTABLE else None
    return StationScan(status, participant, result, job)


def _participant_by_code(code: str) -> Participant | None:
    code = normalize_code(code)
    if not code:
        return None
    return db.session.scalar(
        select(Participant).join(Edition).where(Participant.badge_code == code, Edition.is_current.is_(True))
    )


def _print_only_status(participant: Participant | None) -> str:
    if participant is None:
        return "invalid"
    if participant.status == "cancelled":
        return "cancelled"
    return "ok" if participant.status == "confirmed" else "not_confirmed"


# ---- what staff do with a print --------------------------------------------------------


def _reopen(job: PrintJob, from_statuses, **values) -> bool:
    """Put a job back in the queue, only from the given statuses (one conditional UPDATE)."""
    result = db.session.execute(
        update(PrintJob)
        .where(PrintJob.id == job.id, PrintJob.status.in_([str(s) for s in from_statuses]))
        .values(status=PrintStatus.QUEUED, next_attempt_at=utcnow(), reason="", **values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(job)
    return result.rowcount == 1


def retry(job: PrintJob) -> bool:
    """Print a failed or cancelled job again (the caller commits, then send_soon)."""
    done = _reopen(job, (PrintStatus.FAILED, PrintStatus.CANCELLED), printer_job_id=None)
    if done:
        audit.record("print.retry", job)
    return done


def move(job: PrintJob, station: PrintStation) -> bool:
    """Send a waiting (or failed) job to another station instead."""
    done = _reopen(job, (PrintStatus.QUEUED, PrintStatus.FAILED, PrintStatus.CANCELLED),
                   station_id=station.id, printer_uri=station.printer_uri, printer_job_id=None)
    if done:
        audit.record("print.move", job, station_id=station.id)
    return done


def cancel(job: PrintJob) -> bool:
    """Cancel a job that has not reached the printer yet."""
    result = db.session.execute(
        update(PrintJob)
        .where(PrintJob.id == job.id, PrintJob.status == PrintStatus.QUEUED)
        .values(status=PrintStatus.CANCELLED, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.expire(job)
    if result.rowcount == 1:
        audit.record("print.cancel", job)
        return True
    return False


# ---- sending ---------------------------------------------------------------------------


def send_soon(job: PrintJob) -> None:
    """Hand a committed job to the background: the job system sends it now, the dispatcher retries it."""
    if current_app.config.get("PRINT_INLINE"):
        send(job.id)
        return
    start_job("print", {"print_job_id": job.id})
    start_dispatcher()


@job_kind("print")
def _print_job_kind(job, progress) -> None:
    progress(0, 1)
    send(job.params["print_job_id"])
    progress(1, 1)


def claim(job_id: int) -> bool:
    """Take a due queued job for this worker; False when someone else has it or it is not due."""
    result = db.session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id, PrintJob.status == PrintStatus.QUEUED, PrintJob.next_attempt_at <= utcnow())
        .values(status=PrintStatus.SENDING, attempts=PrintJob.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send(job_id: int) -> str:
    """Claim one job and send it to its station's printer; returns the job's status afterwards."""
    if not claim(job_id):
        return ""
    job = db.session.get(PrintJob, job_id)
    db.session.refresh(job)
    try:
        return _send_claimed(job)
    except Exception as exc:  # a claimed job never stays "sending" because of an error of ours
        db.session.rollback()
        current_app.logger.exception("print job %s failed", job_id)
        job = db.session.get(PrintJob, job_id)
        reason = f"{type(exc).__name__}: {exc}"
        # Tried again later (a server shutting down mid-send, say); failed for good after a few tries.
        if job.attempts < MAX_ATTEMPTS_AFTER_ERRORS:
            return _wait(job, reason)
        return _finish(job, PrintStatus.FAILED, reason)


def _send_claimed(job: PrintJob) -> str:
    station = job.station
    status = ipp.printer_status(station.printer_uri)
    if not status.ready:
        return _wait(job, status.problem)
    if not status.takes_pdf:
        formats = ", ".join(status.formats) or "none"
        return _finish(job, PrintStatus.FAILED, f"the printer does not accept PDF; it accepts: {formats}")
    pdf = render_badge(job.participant, station.layout)
    media = IPP_MEDIA.get(station.layout)
    try:
        printer_job_id = ipp.print_pdf(
            station.printer_uri, pdf, job_name=f"badge-{job.id}", media=media if media in status.media else None,
        )
    except ipp.PrinterUnavailable as exc:
        return _wait(job, str(exc))
    except ipp.PrinterRefused as exc:
        return _finish(job, PrintStatus.FAILED, str(exc))
    job.status, job.printer_job_id, job.sent_at = PrintStatus.SENT, printer_job_id, utcnow()
    job.printer_uri, job.reason = station.printer_uri, ""
    mark_printed([job.participant_id], how="station")
    db.session.commit()
    return job.status


def _wait(job: PrintJob, reason: str) -> str:
    job.status, job.reason = PrintStatus.QUEUED, reason[:1000]
    job.next_attempt_at = utcnow() + timedelta(seconds=current_app.config["PRINT_RETRY_SECONDS"])
    db.session.commit()
    return job.status


def _finish(job: PrintJob, status: PrintStatus, reason: str = "") -> str:
    job.status, job.reason, job.finished_at = status, reason[:1000], utcnow()
    db.session.commit()
    return job.status


def follow_sent_jobs() -> int:
    """Ask the printers how the sent jobs are doing; returns how many finished."""
    finished = 0
    for job in db.session.scalars(select(PrintJob).where(PrintJob.status == PrintStatus.SENT).limit(200)).all():
        state = ipp.job_state(job.printer_uri, job.printer_job_id) if job.printer_job_id else None
        if state == IPP_JOB_COMPLETED:
            finished += 1
            _finish_sent(job, PrintStatus.COMPLETED, "")
        elif state in (IPP_JOB_CANCELED, IPP_JOB_ABORTED):
            finished += 1
            _finish_sent(job, PrintStatus.FAILED, "the printer cancelled or aborted the job")
    return finished


def _finish_sent(job: PrintJob, status: PrintStatus, reason: str) -> None:
    db.session.execute(
        update(PrintJob)
        .where(PrintJob.id == job.id, PrintJob.status == PrintStatus.SENT)
        .values(status=status, reason=reason, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def send_due() -> int:
    """Send every queued job that is due (each claimed on its own); returns how many were sent."""
    ids = db.session.scalars(
        select(PrintJob.id)
        .where(PrintJob.status == PrintStatus.QUEUED, PrintJob.next_attempt_at <= utcnow())
        .order_by(PrintJob.id)
        .limit(200)
    ).all()
    db.session.commit()
    return sum(1 for job_id in ids if send(job_id) == PrintStatus.SENT)


class _Dispatcher:
    """One thread per process that sends waiting jobs once their printer is back and follows sent ones."""

    def __init__(self):
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def nudge(self, app) -> None:
        with self._guard:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(app,), name="print", daemon=True)
                self._thread.start()

    def _run(self, app) -> None:
        while True:
            self._wakeup.wait(timeout=app.config["PRINT_RETRY_SECONDS"])
            self._wakeup.clear()
            with app.app_context():
                try:
                    send_due()
                    follow_sent_jobs()
                except Exception:  # the dispatcher must survive a bad round (database restarting…)
                    app.logger.exception("print dispatch round failed")
                finally:
                    db.session.remove()


_dispatcher = _Dispatcher()


def start_dispatcher() -> None:
    if current_app.config.get("PRINT_INLINE"):
        return  # prints are sent by the request itself: no background thread (tests)
    _dispatcher.nudge(current_app._get_current_object())


# ---- reading ---------------------------------------------------------------------------


def stations_of(edition: Edition) -> list[PrintStation]:
    return list(db.session.scalars(
        select(PrintStation).where(PrintStation.edition_id == edition.id).order_by(PrintStation.id)
    ))


def find_station(station_id, edition: Edition | None = None) -> PrintStation | None:
    if isinstance(station_id, bool) or not isinstance(station_id, int | str):
        return None
    try:
        number = int(station_id)
    except ValueError:
        return None
    if not 0 < number < 2**31:
        return None
    station = db.session.get(PrintStation, number)
    edition = edition or Edition.current()
    if station is None or edition is None or station.edition_id != edition.id:
        return None
    return station


def jobs_query(station: PrintStation | None = None, participant: Participant | None = None, limit: int = 100):
    query = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
    if station is not None:
        query = query.where(PrintJob.station_id == station.id)
    if participant is not None:
        query = query.where(PrintJob.participant_id == participant.id)
    return list(db.session.scalars(query))


def waiting_count(station: PrintStation) -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count()).where(PrintJob.station_id == station.id, PrintJob.status == PrintStatus.QUEUED)
    )
