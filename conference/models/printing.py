"""Venue printing: print stations (a printer and how it is used) and every badge print as a row."""

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .types import UTCDateTime, utcnow


class PrintStatus(enum.StrEnum):
    """The life of one print: queued → sending (claimed by one worker) → sent → completed; or failed/cancelled."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(PRINT_STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Still on its way to paper: it can be cancelled or moved."""
        return self in (PrintStatus.QUEUED,)

    @property
    def may_retry(self) -> bool:
        return self in (PrintStatus.FAILED, PrintStatus.CANCELLED)


PRINT_STATUS_LABELS = {
    PrintStatus.QUEUED: _l("Waiting to print"),
    PrintStatus.SENDING: _l("Sending to the printer"),
    PrintStatus.SENT: _l("At the printer"),
    PrintStatus.COMPLETED: _l("Printed"),
    PrintStatus.FAILED: _l("Failed"),
    PrintStatus.CANCELLED: _l("Cancelled"),
}


class PrintSource(enum.StrEnum):
    """Why a badge was printed."""

    SCAN = "scan"
    DESK = "desk"
    KIOSK = "kiosk"
    WALK_IN = "walk_in"
    REISSUE = "reissue"
    API = "api"

    @property
    def label(self) -> str:
        return str(PRINT_SOURCE_LABELS[self])


PRINT_SOURCE_LABELS = {
    PrintSource.SCAN: _l("Scan at the station"),
    PrintSource.DESK: _l("Printed from the desk"),
    PrintSource.KIOSK: _l("Self check-in kiosk"),
    PrintSource.WALK_IN: _l("Walk-in"),
    PrintSource.REISSUE: _l("Reissued badge"),
    PrintSource.API: _l("API"),
}


def new_kiosk_code() -> str:
    """What a staff member types on a kiosk screen to open it: short, no look-alike characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class PrintStation(db.Model):
    """A printer at the venue and how it is used: a desk, a badge pick-up counter or a kiosk."""

    __tablename__ = "print_stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(120), default="")
    name_en: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    printer_uri: Mapped[str] = mapped_column(String(500))
    layout: Mapped[str] = mapped_column(String(20), default="a6")
    auto_print: Mapped[bool] = mapped_column(Boolean, default=False)
    # A badge pick-up counter: a scan prints, but records no entry at the door.
    print_only: Mapped[bool] = mapped_column(Boolean, default=False)
    kiosk_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_kiosk_code)
    kiosk_pin_hash: Mapped[str] = mapped_column(String(255), default="")
    # Raised to close every open kiosk screen of this station at once.
    kiosk_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    jobs = relationship("PrintJob", back_populates="station", lazy="dynamic", foreign_keys="PrintJob.station_id")

    def name_for(self, language: str) -> str:
        first, second = (self.name_en, self.name_ar) if language == "en" else (self.name_ar, self.name_en)
        return first or second

    @property
    def kiosk_enabled(self) -> bool:
        return bool(self.kiosk_pin_hash)

    def set_kiosk_pin(self, pin: str) -> None:
        self.kiosk_pin_hash = generate_password_hash(pin)

    def kiosk_pin_matches(self, pin: str) -> bool:
        return bool(self.kiosk_pin_hash) and check_password_hash(self.kiosk_pin_hash, pin)


class PrintJob(db.Model):
    """One badge print: who asked, when, for whom, on which printer, and what became of it."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("print_stations.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=PrintStatus.QUEUED)
    source: Mapped[str] = mapped_column(String(12), default=PrintSource.DESK)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    printer_uri: Mapped[str] = mapped_column(String(500), default="")  # where it was sent
    printer_job_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it waits or failed, from the printer
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The job-name given to the printer, new each time the print is reopened: a sender that is
    # unsure whether its Print-Job arrived finds it by this name among the printer's jobs.
    printer_job_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    sent_by: Mapped[str] = mapped_column(String(80), default="", server_default="")  # which sender

    station = relationship("PrintStation", back_populates="jobs", foreign_keys=[station_id])
    participant = relationship("Participant")
    requested_by = relationship("User")

    __table_args__ = (Index("ix_print_jobs_station_status", "station_id", "status", "next_attempt_at"),)

    @property
    def state(self) -> PrintStatus:
        return PrintStatus(self.status)

    def as_json(self) -> dict:
        answer = {
            "id": self.id,
            "status": self.status,
            "station_id": self.station_id,
            "participant_id": self.participant_id,
        }
        if self.printer_job_id is not None:
            answer["printer_job_id"] = self.printer_job_id
        if self.reason:
            answer["reason"] = self.reason
        return answer


class PrinterSender(db.Model):
    """The one sender of a printer: whoever holds this claim sends the printer's queue, in order,
    renewing `heartbeat_at`; a claim silent for PRINT_SENDER_LEASE_SECONDS is taken over."""

    __tablename__ = "printer_senders"

    printer_uri: Mapped[str] = mapped_column(String(500), primary_key=True)
    claimed_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
