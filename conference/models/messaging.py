import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class EmailStatus(enum.StrEnum):
    """pending → sending (one process holds the claim) → handed over (the mail server is getting
    the message's last byte) → sent; failed once MAIL_MAX_ATTEMPTS tries have all failed."""

    PENDING = "pending"
    SENDING = "sending"
    HANDED_OVER = "handed_over"
    SENT = "sent"
    FAILED = "failed"


class OutgoingEmail(db.Model):
    """A message saved with the change that caused it, delivered after commit and retried."""

    __tablename__ = "outgoing_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(String(60), default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default=EmailStatus.PENDING, index=True)
    claimed_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
