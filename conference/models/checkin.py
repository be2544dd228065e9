"""The venue desk: every scan at the door or at a session, and when certificates open."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow
from .vocabulary import CheckInMethod, CheckInPlace


class CheckIn(db.Model):
    """One scan or manual check-in, whatever its result: who, when, where, by whom."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    where: Mapped[str] = mapped_column(String(10), default=CheckInPlace.DOOR)
    method: Mapped[str] = mapped_column(String(10), default=CheckInMethod.SCAN)
    # What was scanned or typed (cut to 64 characters); empty for a manual check-in.
    code: Mapped[str] = mapped_column(String(64), default="")
    result: Mapped[str] = mapped_column(String(24))
    # Sent by the scan page with each scan, so a scan resent after a network drop counts once.
    nonce: Mapped[str | None] = mapped_column(String(64), unique=True)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_checkins_edition_at", "edition_id", "at"),
        # One attendance per person per session, guarded by the database.
        Index(
            "uq_checkins_session_attendance",
            "session_id",
            "participant_id",
            unique=True,
            sqlite_where=text("result = 'ok' AND session_id IS NOT NULL"),
            postgresql_where=text("result = 'ok' AND session_id IS NOT NULL"),
        ),
    )


class CertificateRelease(db.Model):
    """An organizer opened attendance certificates before the edition's last day had passed."""

    __tablename__ = "certificate_releases"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
