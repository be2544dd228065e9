"""The call for experiences: municipalities and partners submit their digital initiatives,
a committee reviews them, accepted ones become sessions, and the library keeps them.

One call per edition (window, theme, questions' criteria, blind or open review); submissions
with their presenters (each confirms by their own link); reviewers' scores and comments;
decisions held until the organizers release them together.
"""

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .agenda import AgendaSession, Speaker, Track
from .editions import Edition
from .types import Bilingual, UTCDateTime, utcnow


class Stage(enum.StrEnum):
    IDEA = "idea"
    PILOT = "pilot"
    IN_SERVICE = "in_service"

    @property
    def label(self) -> str:
        return str({"idea": _l("Idea"), "pilot": _l("Pilot"), "in_service": _l("In service")}[self.value])


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"

    @property
    def label(self) -> str:
        return str({"accepted": _l("Accepted"), "rejected": _l("Not accepted"),
                    "waitlisted": _l("On the waiting list")}[self.value])


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ExperienceCall(Bilingual, db.Model):
    """The call of one edition. Its window is stored in UTC and shown in the edition's time zone."""

    __tablename__ = "experience_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    theme_ar: Mapped[str] = mapped_column(String(300), default="")
    theme_en: Mapped[str] = mapped_column(String(300), default="")
    # Reviewers then see neither the entity nor the presenters' names.
    blind_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # Presenters upload their final slides before this moment.
    slides_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the organizers release the decisions; from then on submitters see them.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    criteria: Mapped[list["ReviewCriterion"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="ReviewCriterion.position"
    )
    reviewers: Mapped[list["ReviewerAssignment"]] = relationship(back_populates="call", cascade="all, delete-orphan")
    # The edition's tracks this call accepts; none listed means every track.
    accepted_tracks: Mapped[list["CallTrack"]] = relationship(cascade="all, delete-orphan")


class CallTrack(db.Model):
    """One track the call accepts submissions for."""

    __tablename__ = "experience_call_tracks"

    call_id: Mapped[int] = mapped_column(ForeignKey("experience_calls.id", ondelete="CASCADE"), primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("agenda_tracks.id", ondelete="CASCADE"), primary_key=True)


class ReviewCriterion(Bilingual, db.Model):
    __tablename__ = "review_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("experience_calls.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    weight: Mapped[int] = mapped_column(Integer, default=1)
    max_score: Mapped[int] = mapped_column(Integer, default=10)
    position: Mapped[int] = mapped_column(Integer, default=0)

    call: Mapped[ExperienceCall] = relationship(back_populates="criteria")


class ReviewerAssignment(db.Model):
    """A reviewer of the call: for one track, or for every track when track_id is NULL."""

    __tablename__ = "reviewer_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("experience_calls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_tracks.id", ondelete="CASCADE"))

    call: Mapped[ExperienceCall] = relationship(back_populates="reviewers")
    user: Mapped[User] = relationship()
    track: Mapped[Track | None] = relationship()

    __table_args__ = (UniqueConstraint("call_id", "user_id", "track_id"),)


class Submission(db.Model):
    """One entity's initiative sent to the call."""

    __tablename__ = "experience_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("experience_calls.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_tracks.id", ondelete="SET NULL"), index=True)
    title_ar: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    entity: Mapped[str] = mapped_column(String(300), default="")
    sector: Mapped[str] = mapped_column(String(20), default="government")
    summary: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    solution: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), default=Stage.IDEA.value)
    partners: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(5), default="ar")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    manage_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    # The folded text the library and the console search (conference/search.py).
    search_key: Mapped[str] = mapped_column(Text, default="")
    # NULL until decided; submitters see it only once the call's decisions are released.
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The message (ar/en) is written when delivered; this marks that it was queued, once.
    decision_emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="SET NULL"), index=True)
    # File names we chose, under the instance's uploads/experiences/ folder.
    attachment_file: Mapped[str | None] = mapped_column(String(80))
    slides_file: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    call: Mapped[ExperienceCall] = relationship()
    track: Mapped[Track | None] = relationship()
    session: Mapped[AgendaSession | None] = relationship()
    presenters: Mapped[list["Presenter"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Presenter.position"
    )
    reviews: Mapped[list["Review"]] = relationship(back_populates="submission", cascade="all, delete-orphan")

    def title(self, locale: str) -> str:
        first, second = ("ar", "en") if locale == "ar" else ("en", "ar")
        return getattr(self, f"title_{first}") or getattr(self, f"title_{second}")

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def released(self) -> bool:
        return self.decision is not None and self.call.released_at is not None and self.decided_at is not None \
            and self.decided_at <= self.call.released_at


class Presenter(db.Model):
    """A person presenting the experience; confirms by their own link."""

    __tablename__ = "experience_presenters"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("experience_submissions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A checked, re-encoded JPEG under uploads/speakers/ (agenda/photos.py), given to the speaker.
    photo: Mapped[str] = mapped_column(String(80), default="")
    confirm_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The agenda speaker made from this presenter when the experience became a session.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_speakers.id", ondelete="SET NULL"))
    # The session times this presenter confirmed; moving the session asks them again.
    slot_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(back_populates="presenters")
    speaker: Mapped[Speaker | None] = relationship()

    @property
    def slot_confirmed(self) -> bool:
        """Confirmed the session's current times (not a time it had before being moved)."""
        session = self.submission.session
        return session is not None and self.slot_confirmed_at is not None \
            and (self.slot_starts_at, self.slot_ends_at) == (session.starts_at, session.ends_at)

    def name(self, locale: str) -> str:
        first, second = ("ar", "en") if locale == "ar" else ("en", "ar")
        return getattr(self, f"name_{first}") or getattr(self, f"name_{second}")


class Review(db.Model):
    """One reviewer's view of one submission: scores, comments, or a declared conflict of interest."""

    __tablename__ = "experience_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("experience_submissions.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    committee_comment: Mapped[str] = mapped_column(Text, default="")
    submitter_comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list["ReviewScore"]] = relationship(back_populates="review", cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("submission_id", "reviewer_id"),)


class ReviewScore(db.Model):
    __tablename__ = "experience_review_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("experience_reviews.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criteria.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)

    review: Mapped[Review] = relationship(back_populates="scores")

    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)
