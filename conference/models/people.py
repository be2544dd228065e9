import secrets
from base64 import b32encode
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .editions import Edition
from .types import UTCDateTime, utcnow
from .vocabulary import ParticipantCategory, RegistrationSource, RegistrationStatus, Sector

# Titles written before a name, as each language abbreviates them.
HONORIFICS = {
    "dr": ("د.", "Dr."),
    "eng": ("م.", "Eng."),
    "prof": ("أ.د.", "Prof."),
    "mr": ("أ.", "Mr."),
    "ms": ("أ.", "Ms."),
}


def new_badge_code() -> str:
    """160 random bits as 32 uppercase base32 characters: QR alphanumeric mode keeps it small."""
    return b32encode(secrets.token_bytes(20)).decode("ascii")


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


class Participant(db.Model):
    """One registration in one edition."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # NULL once anonymized; unique per edition whatever the letter case (index below).
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(10), default="")  # a key of HONORIFICS or ""
    sector: Mapped[str] = mapped_column(String(20), default=Sector.OTHER)
    city: Mapped[str] = mapped_column(String(120), default="")
    category: Mapped[str] = mapped_column(String(20), default=ParticipantCategory.PARTICIPANT)
    status: Mapped[str] = mapped_column(String(20), default=RegistrationStatus.PENDING)
    language: Mapped[str] = mapped_column(String(5), default="ar")
    source: Mapped[str] = mapped_column(String(20), default=RegistrationSource.ONLINE)
    # Folded names, organization and email for spelling-tolerant search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Unicode Collation Algorithm keys (conference.collation), so SQL sorts names as people expect.
    name_sort_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    organization_sort_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    # The organization folded like search keys: أمانة = امانة.
    organization_key: Mapped[str] = mapped_column(String(200), default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    manage_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_manage_token
    )
    badge_code: Mapped[str] = mapped_column(String(40), unique=True, default=new_badge_code)
    badge_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    badge_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    badge_print_count: Mapped[int] = mapped_column(Integer, default=0)
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Stopped bulk mail (certificate links, announcements); messages about their own registration still go.
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()

    __table_args__ = (
        Index(
            "uq_participants_edition_email",
            "edition_id",
            func.lower(email),
            unique=True,
        ),
        UniqueConstraint("edition_id", "badge_number"),
        Index("ix_participants_edition_status", "edition_id", "status", "id"),
        Index("ix_participants_edition_created", "edition_id", "created_at"),
        # The organizers' list filters and sorts on these (migration 0002b_registration_console).
        Index("ix_participants_edition_category", "edition_id", "category"),
        Index("ix_participants_edition_sector", "edition_id", "sector"),
        Index("ix_participants_edition_organization", "edition_id", "organization"),
        Index("ix_participants_edition_name_ar", "edition_id", "name_ar"),
        Index("ix_participants_edition_name_en", "edition_id", "name_en"),
        Index("ix_participants_edition_name_sort", "edition_id", "name_sort_key"),
        Index("ix_participants_edition_organization_key", "edition_id", "organization_key"),
    )

    @property
    def display_name(self) -> str:
        return self.name_ar or self.name_en

    def badge_names(self) -> tuple[str, str]:
        """The Arabic and English names with the honorific each language writes before them."""
        title_ar, title_en = HONORIFICS.get(self.honorific, ("", ""))
        return (f"{title_ar} {self.name_ar}" if title_ar and self.name_ar else self.name_ar,
                f"{title_en} {self.name_en}" if title_en and self.name_en else self.name_en)

    def name_for(self, locale: str) -> str:
        if locale == "ar":
            return self.name_ar or self.name_en
        return self.name_en or self.name_ar


class RevokedBadgeCode(db.Model):
    """A badge code replaced by a reissue: scanning it answers 'revoked'."""

    __tablename__ = "revoked_badge_codes"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
