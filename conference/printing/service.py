"""Badge printing at the venue, in one place: the desk, the kiosks, the API and the CLI call these.

A print is a PrintJob row. It is claimed by one conditional UPDATE (queued → sending) before
anything is sent, so a retry, two threads or two server processes never send it twice. A
printer that is off, stopped or out of labels leaves the job queued with the printer's
reason; the dispatcher of every server process looks again every PRINT_RETRY_SECONDS and
sends it once the printer is back. Sending runs in the background (the job system), so a
scan never waits for a printer.
"""

import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, storage
from ..badges.layouts import IPP_MEDIA
from ..badges.service import mark_printed, render_badge
from ..checkin.service import ScanResult, check_in, check_in_participant, normalize_code
from ..database import claim_name, immediate_outside_requests
from ..jobs import TakenOver, job_kind, start_job
from ..models import Edition, Participant, db, utcnow
from ..models.printing import PrinterSender, PrintJob, PrintSource, PrintStation, PrintStatus
from ..models.vocabulary import CheckInResult, RegistrationStatus
from . import ipp

MAX_ATTEMPTS_AFTER_ERRORS = 5
LIVE = (PrintStatus.QUEUED, PrintStatus.SENDING, PrintStatus.SENT, PrintStatus.COMPLETED)


class NoBadge(Exception):
    """This person has no badge to print (cancelled, anonymized)."""


# ---- asking for prints ---------------------------------------------------------------


def queue_print(participant: Participant, station: PrintStation, by=None, *, source: str = PrintSource.DESK) -> PrintJob:
    """Add a print of the participant's badge at the station (the caller commits, then calls send_soon)."""
    if participant.status == RegistrationStatus.CANCELLED or participant.anonymized_at is not None:
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
    job.printer_job_name = new_job_name(job.id)
    return job


def live_print(participant: Participant) -> PrintJob | None:
    """The person's badge print that is printed or on its way, if any."""
    return db.session.scalar(
        select(PrintJob)
        .where(PrintJob.participant_id == participant.id, PrintJob.status.in_([str(s) for s in LIVE]))
        .order_by(PrintJob.id.desc())
        .limit(1)
    )


def print_once(participant: Participant, station: PrintStation, by=None, *, source: str = PrintSource.SCAN) -> PrintJob:
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


PRINTABLE = (CheckInResult.OK, CheckInResult.ALREADY_CHECKED_IN)


def scan_at_station(code: str, station: PrintStation, by=None, *, nonce: str | None = None,
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
                        *, source: str = PrintSource.DESK, method: str = "manual",
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
        return CheckInResult.INVALID
    if participant.status == RegistrationStatus.CANCELLED:
        return CheckInResult.CANCELLED
    return CheckInResult.OK if participant.status == RegistrationStatus.CONFIRMED else CheckInResult.NOT_CONFIRMED


# ---- what staff do with a print --------------------------------------------------------


def _reopen(job: PrintJob, from_statuses, **values) -> bool:
    """Put a job back in the queue, only from the given statuses (one conditional UPDATE), under a
    new job name: it is a new print for the printer, with a badge rendered anew."""
    old_name = job.printer_job_name
    result = db.session.execute(
        update(PrintJob)
        .where(PrintJob.id == job.id, PrintJob.status.in_([str(s) for s in from_statuses]))
        .values(status=PrintStatus.QUEUED, next_attempt_at=utcnow(), reason="", attempts=0, sent_by="",
                printer_job_name=new_job_name(job.id), finished_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(job)
    if result.rowcount == 1:
        storage.delete(pdf_key(old_name))
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
    name = job.printer_job_name
    db.session.expire(job)
    if result.rowcount == 1:
        storage.delete(pdf_key(name))
        audit.record("print.cancel", job)
        return True
    return False


# ---- sending: one sender per printer -----------------------------------------------------


class LostPrinter(Exception):
    """This sender's claim on the printer was taken over (it was silent too long): it stops."""


def send_soon(job: PrintJob) -> None:
    """Hand a committed job to its printer's sender: wake it, or start one when the printer has none."""
    uri = job.station.printer_uri
    if current_app.config.get("PRINT_INLINE"):
        send_round(uri)
        return
    wake_sender(uri)
    watch_printers()


def send_round(uri: str) -> None:
    """One round of the printer's sender, in this thread (PRINT_INLINE: tests without background)."""
    sender = Sender(uri, claim_name())
    if claim_printer(uri, sender.name):
        try:
            sender.round()
        finally:
            release_printer(uri, sender.name)


def wake_sender(uri: str) -> None:
    event = _local_senders.get(uri)
    if event is not None:
        event.set()
    elif not sender_is_live(uri):
        start_job(SENDER_KIND, {"printer_uri": uri})


SENDER_KIND = "print.sender"
_local_senders: dict[str, threading.Event] = {}  # printer → wake-up of this process's sender
_stopping = threading.Event()


def _stop_senders() -> None:
    _stopping.set()
    for event in list(_local_senders.values()):
        event.set()


# Run when the process exits, before the interpreter waits for the job threads (as
# concurrent.futures does): a sender ends its round, lets the printer go, and the process can exit.
threading._register_atexit(_stop_senders)


@job_kind(SENDER_KIND, threads=32)  # threads that mostly wait on printers: one per printer at most
def _sender_job(job, progress) -> None:
    Sender(job.params["printer_uri"], job.claimed_by, progress).run()


# The claim on a printer, in the database: whoever holds it is the printer's only sender.

def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["PRINT_SENDER_LEASE_SECONDS"])


def claim_printer(uri: str, name: str) -> bool:
    """Become the printer's sender: one conditional UPDATE, won by one claimer; a claim whose
    holder has been silent for the lease is taken over."""
    if db.session.get(PrinterSender, uri) is None:
        db.session.add(PrinterSender(printer_uri=uri))
        try:
            db.session.commit()
        except IntegrityError:  # another process added the printer's row first
            db.session.rollback()
    now = utcnow()
    taken = db.session.execute(
        update(PrinterSender)
        .where(PrinterSender.printer_uri == uri,
               or_(PrinterSender.claimed_by == "", PrinterSender.heartbeat_at.is_(None),
                   PrinterSender.heartbeat_at < now - _lease()))
        .values(claimed_by=name, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return taken == 1


def renew_printer(uri: str, name: str) -> None:
    """Renew the claim in the caller's transaction; LostPrinter when another sender has it now."""
    renewed = db.session.execute(
        update(PrinterSender)
        .where(PrinterSender.printer_uri == uri, PrinterSender.claimed_by == name)
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if renewed != 1:
        db.session.rollback()
        raise LostPrinter(uri)


def release_printer(uri: str, name: str) -> None:
    db.session.execute(
        update(PrinterSender)
        .where(PrinterSender.printer_uri == uri, PrinterSender.claimed_by == name)
        .values(claimed_by="", heartbeat_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


@dataclass(frozen=True)
class SenderState:
    """Which server process sends a printer's queue, as the station page shows it."""

    server: str
    process: str
    heartbeat_at: datetime


def live_sender(uri: str) -> SenderState | None:
    """The process holding the printer's claim, while its heartbeat is within the lease."""
    row = db.session.execute(
        select(PrinterSender.claimed_by, PrinterSender.heartbeat_at)
        .where(PrinterSender.printer_uri == uri, PrinterSender.claimed_by != "")
    ).first()
    if row is None or row.heartbeat_at is None or row.heartbeat_at < utcnow() - _lease():
        return None
    server, _, rest = row.claimed_by.partition(":")
    return SenderState(server, rest.partition(":")[0], row.heartbeat_at)


def sender_is_live(uri: str) -> bool:
    with _reading():
        return live_sender(uri) is not None


@contextmanager
def _reading():
    """A read in a transaction of its own that takes no write lock on SQLite: a sender looks at
    its queue several times a second, and must not queue behind (or block) the desks' writes."""
    db.session.commit()
    token = immediate_outside_requests.set(False)
    try:
        yield
    finally:
        db.session.commit()
        immediate_outside_requests.reset(token)


def _queued_for(uri: str):
    """The printer's waiting jobs, by station (a station's printer may be changed while jobs wait)."""
    stations = select(PrintStation.id).where(PrintStation.printer_uri == uri)
    return and_(PrintJob.status == PrintStatus.QUEUED, PrintJob.station_id.in_(stations))


def _followed(uri: str):
    """Jobs at the printer whose end is not known yet, and sends left unsure by a stopped sender."""
    return and_(PrintJob.printer_uri == uri, PrintJob.finished_at.is_(None),
                PrintJob.status.in_([PrintStatus.SENDING, PrintStatus.SENT]))


def pdf_key(printer_job_name: str) -> str:
    return f"prints/{printer_job_name}.pdf"


def new_job_name(job_id: int) -> str:
    return f"badge-{job_id}-{secrets.token_hex(3)}"


class Sender:
    """The one sender of a printer: sends its queue in order at the printer's own pace.

    Each round follows the jobs at the printer, then asks the printer (Get-Printer-Attributes)
    whether it can take the next one: off, stopped or out of labels, the waiting jobs show the
    printer's reason and nothing is rendered; printing another label, the next badge is rendered
    (once: the PDF is kept in storage until the job ends) and the sender looks again shortly;
    idle, the job is claimed and sent. A job sent before by a sender that stopped mid-send is
    first looked up among the printer's jobs (Get-Jobs, by its job name), so it is never sent twice.
    """

    def __init__(self, uri: str, name: str, progress=None):
        self.uri, self.name = uri, name
        self.progress = progress or (lambda done, total: None)
        self.wakeup = threading.Event()
        self.sent = 0
        self.problem = ""
        self.renewed_at = time.monotonic()
        self.reported_at = time.monotonic()

    def run(self) -> None:
        """Send until the printer has nothing left to send or follow, lingering a little for more."""
        if not claim_printer(self.uri, self.name):
            return
        _local_senders[self.uri] = self.wakeup
        config = current_app.config
        idle_since = None
        try:
            while True:
                pause = self.round()
                if pause is None:
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since >= config["PRINT_SENDER_LINGER_SECONDS"]:
                        release_printer(self.uri, self.name)
                        with _reading():
                            more = db.session.scalar(select(func.count()).where(_queued_for(self.uri)))
                        # A job queued while this sender let go finds the claim free, or is seen here.
                        if not more or not claim_printer(self.uri, self.name):
                            return
                        idle_since = None
                    pause = config["PRINT_POLL_SECONDS"]
                else:
                    idle_since = None
                self.wakeup.wait(pause)
                self.wakeup.clear()
                if _stopping.is_set():
                    release_printer(self.uri, self.name)  # another server's watch takes the printer at once
                    return
                self.heartbeat()
        except LostPrinter:
            current_app.logger.warning("printer %s was taken over by another sender; this one stops", self.uri)
        finally:
            if _local_senders.get(self.uri) is self.wakeup:
                del _local_senders[self.uri]

    def heartbeat(self) -> None:
        now = time.monotonic()
        if now - self.renewed_at >= _lease().total_seconds() / 4:
            renew_printer(self.uri, self.name)
            db.session.commit()
            self.renewed_at = now
        if now - self.reported_at >= 10:
            self.progress(self.sent, self.sent)  # the job system's heartbeat (TakenOver if taken over)
            self.reported_at = now

    def round(self) -> float | None:
        """Do what can be done now; the seconds to wait before the next round, None when idle."""
        config = current_app.config
        self.follow()
        with _reading():
            job = db.session.execute(
                select(PrintJob.id, PrintJob.status, PrintJob.sent_by, PrintJob.attempts, PrintJob.printer_job_name,
                       PrintJob.participant_id, PrintStation.layout)
                .join(PrintStation, PrintStation.id == PrintJob.station_id)
                .where(or_(_queued_for(self.uri),
                           and_(_followed(self.uri), PrintJob.status == PrintStatus.SENDING)))
                .where(PrintJob.next_attempt_at <= utcnow())
                .order_by(PrintJob.status.desc(), PrintJob.id)  # an unsure send first: "sending" > "queued"
                .limit(1)
            ).first()
            following = job or db.session.scalar(select(func.count()).where(_followed(self.uri)))
        if job is None:
            return config["PRINT_POLL_SECONDS"] if following else None
        printer = ipp.printer_status(self.uri)
        if not printer.ready:
            self.note(printer.problem)
            return config["PRINT_RETRY_SECONDS"]
        if not printer.takes_pdf:
            formats = ", ".join(printer.formats) or "none"
            self._end(job, PrintStatus.FAILED, f"the printer does not accept PDF; it accepts: {formats}")
            return 0
        self.note("")
        try:
            pdf = self.pdf_for(job)
            if not printer.idle:  # printing another label: ask again shortly, the badge is ready
                return config["PRINT_POLL_SECONDS"]
            return self.send(job, pdf, printer)
        except (LostPrinter, TakenOver):
            raise
        except Exception as exc:  # a job never stays claimed because of an error of ours
            db.session.rollback()
            current_app.logger.exception("print job %s failed", job.id)
            return self._retry_later(job.id, f"{type(exc).__name__}: {exc}")

    def pdf_for(self, job) -> bytes:
        """The job's badge, rendered the first time it is needed and kept until the job ends."""
        key = pdf_key(job.printer_job_name)
        with _reading():
            pdf = storage.load(key)
            rendered = pdf is None
            if rendered:
                pdf = render_badge(db.session.get(Participant, job.participant_id), job.layout)
        if rendered:
            storage.save(key, pdf)
            db.session.commit()
        return pdf

    def claim(self, job) -> bool:
        """Take the job for this send, in one transaction with the renewal of the printer's claim."""
        renew_printer(self.uri, self.name)
        taken = db.session.execute(
            update(PrintJob)
            .where(PrintJob.id == job.id, PrintJob.status == job.status, PrintJob.sent_by == job.sent_by)
            .values(status=PrintStatus.SENDING, attempts=PrintJob.attempts + 1, sent_by=self.name,
                    printer_uri=self.uri)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        self.renewed_at = time.monotonic()
        return taken == 1

    def send(self, job, pdf: bytes, printer: ipp.PrinterStatus) -> float:
        if not self.claim(job):
            return 0
        try:
            # Sent before (a sender stopped mid-send, a lost answer): the printer may have it already.
            found = ipp.find_job(self.uri, job.printer_job_name) if job.attempts else None
            if found is not None:
                current_app.logger.info("print job %s was at the printer already as job %s", job.id, found[0])
                return self._sent(job.id, found[0])
            media = IPP_MEDIA.get(job.layout)
            printer_job_id = ipp.print_pdf(self.uri, pdf, job_name=job.printer_job_name,
                                           media=media if media in printer.media else None)
        except ipp.PrinterUnavailable as exc:
            self._back_to_queue(job.id, str(exc))
            return current_app.config["PRINT_POLL_SECONDS"]
        except ipp.PrinterRefused as exc:
            self._end(job, PrintStatus.FAILED, str(exc), from_status=PrintStatus.SENDING)
            return 0
        return self._sent(job.id, printer_job_id)

    def _sent(self, job_id: int, printer_job_id: int) -> float:
        recorded = db.session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id, PrintJob.status == PrintStatus.SENDING, PrintJob.sent_by == self.name)
            .values(status=PrintStatus.SENT, printer_job_id=printer_job_id, sent_at=utcnow(), reason="")
            .execution_options(synchronize_session=False)
        ).rowcount
        if recorded:
            participant_id = db.session.scalar(select(PrintJob.participant_id).where(PrintJob.id == job_id))
            mark_printed([participant_id], how="station")
        db.session.commit()
        self.sent += recorded
        return current_app.config["PRINT_POLL_SECONDS"]

    def _back_to_queue(self, job_id: int, reason: str, wait: float = 0) -> None:
        db.session.execute(
            update(PrintJob)
            .where(PrintJob.id == job_id, PrintJob.status == PrintStatus.SENDING, PrintJob.sent_by == self.name)
            .values(status=PrintStatus.QUEUED, reason=reason[:1000],
                    next_attempt_at=utcnow() + timedelta(seconds=wait))
            .execution_options(synchronize_session=False)
        )
        db.session.commit()

    def _retry_later(self, job_id: int, reason: str) -> float:
        """An error of ours: tried again later (a server shutting down mid-send, say); failed for good
        after a few tries."""
        job = db.session.get(PrintJob, job_id)
        db.session.refresh(job)
        retry_at = utcnow() + timedelta(seconds=current_app.config["PRINT_RETRY_SECONDS"])
        if job.attempts + 1 >= MAX_ATTEMPTS_AFTER_ERRORS:
            job.status, job.finished_at = PrintStatus.FAILED, utcnow()
            storage.delete(pdf_key(job.printer_job_name))
        elif job.status == PrintStatus.SENDING and job.sent_by == self.name:
            job.status = PrintStatus.QUEUED
        else:  # failed before it was claimed (rendering): counted as a try all the same
            job.attempts += 1
        job.reason, job.next_attempt_at = reason[:1000], retry_at
        db.session.commit()
        return 0

    def note(self, problem: str) -> None:
        """Show the printer's reason on every job waiting for it, those queued since included; once the
        printer is ready again the reasons are cleared (and then left alone while it stays ready)."""
        if not problem and not self.problem:
            return
        db.session.execute(
            update(PrintJob).where(_queued_for(self.uri), PrintJob.reason != problem[:1000])
            .values(reason=problem[:1000]).execution_options(synchronize_session=False)
        )
        db.session.commit()
        self.problem = problem

    def follow(self) -> None:
        """Ask the printer how its jobs are doing; ended jobs are recorded and their PDF dropped."""
        with _reading():
            jobs = db.session.execute(
                select(PrintJob.id, PrintJob.printer_job_id, PrintJob.printer_job_name, PrintJob.sent_at)
                .where(_followed(self.uri), PrintJob.status == PrintStatus.SENT)
                .order_by(PrintJob.id).limit(20)
            ).all()
        forgotten = utcnow() - timedelta(seconds=current_app.config["PRINT_FOLLOW_SECONDS"])
        for job in jobs:
            state = ipp.job_state(self.uri, job.printer_job_id) if job.printer_job_id else None
            if state == ipp.JOB_COMPLETED:
                self._end(job, PrintStatus.COMPLETED, "", from_status=PrintStatus.SENT)
            elif state in (ipp.JOB_CANCELED, ipp.JOB_ABORTED):
                self._end(job, PrintStatus.FAILED, "the printer cancelled or aborted the job",
                          from_status=PrintStatus.SENT)
            elif state is None and job.sent_at < forgotten:
                # The printer no longer knows the job (restarted): it stays "at the printer".
                self._end(job, PrintStatus.SENT, "the printer no longer reports on this job",
                          from_status=PrintStatus.SENT)

    def _end(self, job, status: PrintStatus, reason: str, from_status=None) -> None:
        ended = db.session.execute(
            update(PrintJob)
            .where(PrintJob.id == job.id, PrintJob.status == (from_status or job.status))
            .values(status=status, reason=reason[:1000], finished_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if ended:
            storage.delete(pdf_key(job.printer_job_name))
        db.session.commit()


def printers_with_work() -> list[str]:
    """Printers that have jobs waiting, being sent or to follow."""
    with _reading():
        waiting = db.session.scalars(
            select(PrintStation.printer_uri).distinct()
            .join(PrintJob, PrintJob.station_id == PrintStation.id)
            .where(PrintJob.status == PrintStatus.QUEUED)
        ).all()
        followed = db.session.scalars(
            select(PrintJob.printer_uri).distinct()
            .where(PrintJob.finished_at.is_(None), PrintJob.status.in_([PrintStatus.SENDING, PrintStatus.SENT]))
        ).all()
    return sorted(set(waiting) | set(followed))


def start_missing_senders() -> int:
    """Start a sender for every printer with work and no live sender (after a restart, or when a
    sender's process died: its claim is then taken over once the lease runs out)."""
    started = 0
    for uri in printers_with_work():
        if uri not in _local_senders and not sender_is_live(uri):
            start_job(SENDER_KIND, {"printer_uri": uri})
            started += 1
    db.session.commit()
    return started


class _Watch:
    """One thread per process that only makes sure every printer with work has a sender (the
    senders themselves are jobs of the job system)."""

    def __init__(self):
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def nudge(self, app) -> None:
        with self._guard:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(app,), name="print-watch", daemon=True)
                self._thread.start()

    def _run(self, app) -> None:
        while True:
            with app.app_context():
                try:
                    start_missing_senders()
                except Exception:  # the watch must survive a bad round (database restarting…)
                    app.logger.exception("print watch round failed")
                finally:
                    db.session.remove()
            time.sleep(app.config["PRINT_RETRY_SECONDS"])


_watch = _Watch()


def watch_printers() -> None:
    if current_app.config.get("PRINT_INLINE"):
        return  # prints are sent by the request itself: no background thread (tests)
    _watch.nudge(current_app._get_current_object())


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
