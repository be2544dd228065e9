"""Awards: recognitions listed publicly, and the forum's own award programme.

A recognition (Award) is something an organization received: an ISO accreditation, a regional
or local prize. The programme is per edition: categories with weighted criteria, nominations
sent by organizations, jury members scoring each nomination, and announced winners.
"""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .editions import Edition
from .types import Bilingual, UTCDateTime, utcnow


class Award(Bilingual, db.Model):
    """A recognition received by an organization, shown in the public awards listing."""

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The forum edition it is listed under; None keeps it in the archive only.
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id", ondelete="SET NULL"), index=True)
    name_ar: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    body_ar: Mapped[str] = mapped_column(String(300), default="")
    body_en: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer, index=True)
    recipient_ar: Mapped[str] = mapped_column(String(300), default="")
    recipient_en: Mapped[str] = mapped_column(String(300), default="")
    category_ar: Mapped[str] = mapped_column(String(200), default="")
    category_en: Mapped[str] = mapped_column(String(200), default="")
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # A file name under instance/uploads/awards/, chosen by us (never the uploader's name).
    logo_file: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition | None] = relationship()


class AwardProgramme(db.Model):
    """The forum's own award programme for one edition: its nomination window."""

    __tablename__ = "award_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    nominations_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nominations_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()


class AwardCategory(Bilingual, db.Model):
    """One award of the programme (best e-service, green IT…), scored on weighted criteria."""

    __tablename__ = "award_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A window of its own; when empty the programme's window applies.
    nominations_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nominations_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Once closed, jurors see each other's scores and can no longer change theirs.
    jury_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    criteria: Mapped[list["AwardCriterion"]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="AwardCriterion.position"
    )
    nominations: Mapped[list["Nomination"]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="Nomination.id"
    )
    jurors: Mapped[list["JuryAssignment"]] = relationship(back_populates="category", cascade="all, delete-orphan")


class AwardCriterion(Bilingual, db.Model):
    __tablename__ = "award_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    weight: Mapped[int] = mapped_column(Integer, default=1)
    max_score: Mapped[int] = mapped_column(Integer, default=10)
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[AwardCategory] = relationship(back_populates="criteria")


class JuryAssignment(db.Model):
    """A jury member may score the nominations of this category."""

    __tablename__ = "jury_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    category: Mapped[AwardCategory] = relationship(back_populates="jurors")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("category_id", "user_id"),)


class Nomination(Bilingual, db.Model):
    """An organization's entry for one category."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"), index=True)
    organization_ar: Mapped[str] = mapped_column(String(300), default="")
    organization_en: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # A file name under instance/uploads/nominations/, chosen by us.
    attachment_file: Mapped[str | None] = mapped_column(String(80))
    is_winner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[AwardCategory] = relationship(back_populates="nominations")
    scores: Mapped[list["JuryScore"]] = relationship(back_populates="nomination", cascade="all, delete-orphan")


class JuryScore(db.Model):
    """One juror's score of one nomination on one criterion."""

    __tablename__ = "jury_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("award_criteria.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="scores")
    criterion: Mapped[AwardCriterion] = relationship()
    juror: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("nomination_id", "criterion_id", "juror_id"),)
