"""Talking to printers over IPP (IPP Everywhere printers and CUPS queues) through pyipp.

pyipp is asynchronous; each call here is one short conversation run with asyncio.run from
the background print worker, never from a request that a scan waits on.
"""

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pyipp import IPP
from pyipp.enums import IppOperation
from pyipp.exceptions import IPPConnectionError, IPPError, IPPParseError

PDF = "application/pdf"
TIMEOUT = 8  # seconds for one IPP request
PRINTER_ATTRIBUTES = [
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "document-format-supported",
    "media-supported",
    "queued-job-count",
]
# IPP printer-state enum values
IDLE, PROCESSING, STOPPED = 3, 4, 5
STATE_NAMES = {IDLE: "idle", PROCESSING: "processing", STOPPED: "stopped"}
# IPP job-state enum values that end a job
JOB_COMPLETED, JOB_CANCELED, JOB_ABORTED = 9, 7, 8


class PrinterUnavailable(Exception):
    """The printer cannot take a job now (off, unreachable, stopped, out of labels): try later."""


class PrinterRefused(Exception):
    """The printer will never take this job as it is (e.g. it does not accept PDF)."""


@dataclass
class PrinterStatus:
    reachable: bool
    state: str = "offline"  # idle, processing, stopped or offline
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    accepting: bool = False
    formats: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    queued: int = 0
    error: str = ""

    @property
    def ready(self) -> bool:
        return self.reachable and self.accepting and self.state != "stopped"

    @property
    def idle(self) -> bool:
        """Ready and printing nothing: a one-job-at-a-time label printer takes the next job now."""
        return self.ready and self.state == "idle"

    @property
    def takes_pdf(self) -> bool:
        return PDF in self.formats

    @property
    def problem(self) -> str:
        """Why a job cannot go now, in the printer's own words (empty when it can)."""
        if not self.reachable:
            return f"offline: {self.error}" if self.error else "offline"
        details = [reason for reason in self.reasons if reason != "none"]
        if self.message:
            details.append(self.message)
        if self.state == "stopped":
            return "stopped: " + ", ".join(details) if details else "stopped"
        if not self.accepting:
            return "not accepting jobs" + (": " + ", ".join(details) if details else "")
        return ""

    def as_json(self) -> dict:
        return {"state": self.state, "reasons": [r for r in self.reasons if r != "none"],
                "message": self.message, "accepting_jobs": self.accepting, "formats": self.formats}


def _connection(uri: str) -> IPP:
    parts = urlsplit(uri)
    return IPP(
        host=parts.hostname or "",
        port=parts.port or 631,
        base_path=parts.path or "/ipp/print",
        tls=parts.scheme == "ipps",
        verify_ssl=False,  # venue printers carry self-signed certificates
        request_timeout=TIMEOUT,
    )


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


async def _status(uri: str) -> PrinterStatus:
    async with _connection(uri) as ipp:
        response = await ipp.execute(
            IppOperation.GET_PRINTER_ATTRIBUTES,
            {"operation-attributes-tag": {"requested-attributes": PRINTER_ATTRIBUTES}},
        )
    printer = (response.get("printers") or [{}])[0]
    state = printer.get("printer-state")
    return PrinterStatus(
        reachable=True,
        state=STATE_NAMES.get(state, "stopped" if state is None else str(state)),
        reasons=[str(r) for r in _as_list(printer.get("printer-state-reasons"))],
        message=str(printer.get("printer-state-message") or "").strip().rstrip("."),
        accepting=bool(printer.get("printer-is-accepting-jobs", True)),
        formats=[str(f) for f in _as_list(printer.get("document-format-supported"))],
        media=[str(m) for m in _as_list(printer.get("media-supported"))],
        queued=int(printer.get("queued-job-count") or 0),
    )


def printer_status(uri: str) -> PrinterStatus:
    """The printer's live state, asked of the printer itself."""
    try:
        return asyncio.run(_status(uri))
    except (TimeoutError, IPPConnectionError, IPPParseError, IPPError, OSError) as exc:
        return PrinterStatus(reachable=False, error=_describe(exc))


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def _print_pdf(uri: str, pdf: bytes, job_name: str, *, user: str, media: str | None) -> int:
    job_attributes = {"media": media} if media else {}
    async with _connection(uri) as ipp:
        response = await ipp.execute(
            IppOperation.PRINT_JOB,
            {
                "operation-attributes-tag": {
                    "requesting-user-name": user,
                    "job-name": job_name,
                    "document-format": PDF,
                },
                "job-attributes-tag": job_attributes,
                "data": pdf,
            },
        )
    jobs = response.get("jobs") or [{}]
    job_id = jobs[0].get("job-id")
    status = response.get("status-code", 0)
    if job_id is None or status >= 0x0400:
        raise PrinterRefused(f"the printer answered status 0x{status:04x} and no job id")
    return int(job_id)


def print_pdf(uri: str, pdf: bytes, job_name: str, *, user: str = "forum", media: str | None = None) -> int:
    """Send one PDF with Print-Job; the printer's job id. PrinterUnavailable when it cannot take it now."""
    try:
        return asyncio.run(_print_pdf(uri, pdf, job_name, user=user, media=media))
    except (TimeoutError, IPPConnectionError, OSError) as exc:
        raise PrinterUnavailable(f"offline: {_describe(exc)}") from exc
    except (IPPParseError, IPPError) as exc:
        status = _status_code(exc)
        if status in TEMPORARY_STATUSES:
            raise PrinterUnavailable(TEMPORARY_STATUSES[status]) from exc
        raise PrinterRefused(f"the printer refused the job (status 0x{status:04x})" if status else _describe(exc)) from exc


# IPP server-error statuses that mean "not now" rather than "never" (RFC 8011 §4.1.6).
TEMPORARY_STATUSES = {
    0x0502: "service unavailable",
    0x0506: "not accepting jobs",
    0x0507: "busy",
    0x0509: "temporarily unable to print",
}


def _status_code(exc: Exception) -> int:
    details = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
    return int(details.get("status-code") or 0)


async def _job_state(uri: str, job_id: int) -> int | None:
    async with _connection(uri) as ipp:
        response = await ipp.execute(
            IppOperation.GET_JOB_ATTRIBUTES,
            {"operation-attributes-tag": {"job-id": job_id, "requested-attributes": ["job-state"]}},
        )
    jobs = response.get("jobs") or [{}]
    return jobs[0].get("job-state")


def job_state(uri: str, job_id: int) -> int | None:
    """The printer's job-state enum for one of its jobs (None when the printer cannot say)."""
    try:
        return asyncio.run(_job_state(uri, job_id))
    except (TimeoutError, IPPConnectionError, IPPParseError, IPPError, OSError):
        return None


async def _jobs(uri: str) -> list[dict]:
    async with _connection(uri) as ipp:
        response = await ipp.execute(
            IppOperation.GET_JOBS,
            {"operation-attributes-tag": {"which-jobs": "all",
                                          "requested-attributes": ["job-id", "job-name", "job-state"]}},
        )
    return response.get("jobs") or []


def find_job(uri: str, job_name: str) -> tuple[int, int] | None:
    """(printer job id, job-state) of the printer's job with this name, None when it has none
    (Get-Jobs); PrinterUnavailable when the printer cannot say."""
    try:
        jobs = asyncio.run(_jobs(uri))
    except (TimeoutError, IPPConnectionError, IPPParseError, IPPError, OSError) as exc:
        raise PrinterUnavailable(f"offline: {_describe(exc)}") from exc
    for job in jobs:
        if job.get("job-name") == job_name and job.get("job-id") is not None:
            return int(job["job-id"]), int(job.get("job-state") or 0)
    return None


def valid_printer_uri(uri: str) -> bool:
    parts = urlsplit(uri.strip())
    return parts.scheme in ("ipp", "ipps") and bool(parts.hostname) and " " not in uri
