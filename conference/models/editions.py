from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, false, select, text, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import Bilingual, UTCDateTime, utcnow


class Edition(Bilingual, db.Model):
    """One yearly forum. Exactly one edition is current; the rest are the archive."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    year: Mapped[int] = mapped_column(Integer)
    title_ar: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    theme_ar: Mapped[str] = mapped_column(String(300), default="")
    theme_en: Mapped[str] = mapped_column(String(300), default="")
    venue_ar: Mapped[str] = mapped_column(String(300), default="")
    venue_en: Mapped[str] = mapped_column(String(300), default="")
    city_ar: Mapped[str] = mapped_column(String(120), default="")
    city_en: Mapped[str] = mapped_column(String(120), default="")
    patron_ar: Mapped[str] = mapped_column(Text, default="")
    patron_en: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Riyadh")
    capacity: Mapped[int] = mapped_column(Integer, default=400)
    # Confirmed registrations holding a seat; changed only by one conditional UPDATE.
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    # The last short badge number handed out in this edition.
    badges_issued: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    badge_layout: Mapped[str] = mapped_column(String(40), default="a6")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    # The forum's identity for this edition (conference.identity reads it for every page, email and PDF).
    forum_name_ar: Mapped[str] = mapped_column(String(200), default="")
    forum_name_en: Mapped[str] = mapped_column(String(200), default="")
    short_name_ar: Mapped[str] = mapped_column(String(80), default="")
    short_name_en: Mapped[str] = mapped_column(String(80), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    contact_whatsapp: Mapped[str] = mapped_column(String(20), default="")  # E.164
    contact_address_ar: Mapped[str] = mapped_column(String(300), default="")
    contact_address_en: Mapped[str] = mapped_column(String(300), default="")
    map_url: Mapped[str] = mapped_column(String(500), default="")
    official_name_ar: Mapped[str] = mapped_column(String(200), default="")
    official_name_en: Mapped[str] = mapped_column(String(200), default="")
    official_title_ar: Mapped[str] = mapped_column(String(200), default="")
    official_title_en: Mapped[str] = mapped_column(String(200), default="")
    host_logo: Mapped[str] = mapped_column(String(80), default="")  # stored file name
    organizer_logo: Mapped[str] = mapped_column(String(80), default="")  # stored file name
    signature_image: Mapped[str] = mapped_column(String(80), default="")  # the issuing official's, stored file name
    seal_image: Mapped[str] = mapped_column(String(80), default="")  # stored file name
    brand_color: Mapped[str] = mapped_column(String(7), default="")  # "#rrggbb"; empty: the default colour
    # The privacy notice under the PDPL, per edition (conference.identity.PRIVACY_PARTS); empty parts use the default text.
    privacy_controller_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_controller_en: Mapped[str] = mapped_column(Text, default="")
    privacy_purposes_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_purposes_en: Mapped[str] = mapped_column(Text, default="")
    privacy_legal_basis_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_legal_basis_en: Mapped[str] = mapped_column(Text, default="")
    privacy_retention_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_retention_en: Mapped[str] = mapped_column(Text, default="")
    privacy_recipients_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_recipients_en: Mapped[str] = mapped_column(Text, default="")
    privacy_rights_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_rights_en: Mapped[str] = mapped_column(Text, default="")
    privacy_dpo_ar: Mapped[str] = mapped_column(Text, default="")
    privacy_dpo_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # At most one current edition, guarded by the database.
        Index(
            "uq_editions_one_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def waitlist_only(self) -> bool:
        """Every seat is taken, and new registrations join the waiting list."""
        return self.seats_left == 0 and self.waitlist_enabled and not self.approval_required

    def registration_state(self, now: datetime | None = None) -> str:
        """'not_open', 'open' or 'closed' at the given moment."""
        now = now or utcnow()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"

    @classmethod
    def current(cls) -> "Edition | None":
        return db.session.scalar(select(cls).where(cls.is_current == true()))

    @classmethod
    def archive(cls) -> list["Edition"]:
        return list(
            db.session.scalars(
                select(cls).where(cls.is_current == false()).order_by(cls.number.desc())
            )
        )

