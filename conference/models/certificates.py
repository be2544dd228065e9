import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow

# Unambiguous characters only: a code read aloud or typed from paper must not mix up O/0 or I/1.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


class Certificate(db.Model):
    """A certificate we issued (attendance, or an award), checkable by its code on a public page."""

    __tablename__ = "certificates"
    # One valid certificate per person and subject (and per subject for certificates held by an
    # organization, such as an award), however many first requests race for it.
    __table_args__ = (
        Index(
            "uq_certificates_holder", "edition_id", "kind", "subject", "participant_id", unique=True,
            sqlite_where=text("revoked_at IS NULL AND participant_id IS NOT NULL"),
            postgresql_where=text("revoked_at IS NULL AND participant_id IS NOT NULL"),
        ),
        Index(
            "uq_certificates_subject", "edition_id", "kind", "subject", unique=True,
            sqlite_where=text("revoked_at IS NULL AND participant_id IS NULL"),
            postgresql_where=text("revoked_at IS NULL AND participant_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, default=new_certificate_code)
    kind: Mapped[str] = mapped_column(String(20))
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    # What it is for: "attendance", or a stable key of the award it records (e.g. "nomination:12").
    subject: Mapped[str] = mapped_column(String(60), default="attendance")
    holder_ar: Mapped[str] = mapped_column(String(300), default="")
    holder_en: Mapped[str] = mapped_column(String(300), default="")
    title_ar: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
