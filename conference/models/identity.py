"""An edition's partners and sponsors, and its frequently asked questions (conference.identity)."""

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import Bilingual

PARTNER_TIERS = ("strategic", "gold", "silver", "partner")  # in the order the landing page shows them


class Partner(Bilingual, db.Model):
    """A partner or sponsor of one edition, shown by tier then by position."""

    __tablename__ = "edition_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    tier: Mapped[str] = mapped_column(String(20), default="partner")
    logo: Mapped[str] = mapped_column(String(80), default="")  # stored file name (conference.identity)
    website: Mapped[str] = mapped_column(String(500), default="")  # https:// only
    position: Mapped[int] = mapped_column(Integer, default=0)



class FaqEntry(Bilingual, db.Model):
    """One question and its answer, in Arabic and English, in the edition's order."""

    __tablename__ = "edition_faq"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    question_ar: Mapped[str] = mapped_column(String(300), default="")
    question_en: Mapped[str] = mapped_column(String(300), default="")
    answer_ar: Mapped[str] = mapped_column(Text, default="")
    answer_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

