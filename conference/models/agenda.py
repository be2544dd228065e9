"""The agenda: rooms, tracks, speakers, sessions, and participants' session sign-ups."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import Bilingual, UTCDateTime, utcnow
from .vocabulary import SessionKind, SpeakerRole


class Room(Bilingual, db.Model):
    __tablename__ = "agenda_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Track(Bilingual, db.Model):
    __tablename__ = "agenda_tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # Always "#rrggbb" (validated), so it is safe inside generated CSS and SVG attributes.
    color: Mapped[str] = mapped_column(String(7), default="#0b6e4f")


class Speaker(Bilingual, db.Model):
    __tablename__ = "agenda_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    title_ar: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    organization_ar: Mapped[str] = mapped_column(String(200), default="")
    organization_en: Mapped[str] = mapped_column(String(200), default="")
    bio_ar: Mapped[str] = mapped_column(Text, default="")
    bio_en: Mapped[str] = mapped_column(Text, default="")
    # A random file name under instance/uploads/speakers/, or "".
    photo: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgendaSession(Bilingual, db.Model):
    """One slot of the programme. Times are UTC; pages show them in the edition's time zone."""

    __tablename__ = "agenda_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=SessionKind.KEYNOTE)
    title_ar: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_rooms.id", ondelete="SET NULL"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_tracks.id", ondelete="SET NULL"), index=True)
    # NULL: no limit. seats_taken counts sign-ups and moves only in agenda/seats.py.
    seat_limit: Mapped[int | None] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    room: Mapped[Room | None] = relationship()
    track: Mapped[Track | None] = relationship()
    people: Mapped[list["SessionSpeaker"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionSpeaker.position"
    )

    @property
    def speakers(self) -> list[Speaker]:
        return [p.speaker for p in self.people if p.role == SpeakerRole.SPEAKER]

    @property
    def moderator(self) -> Speaker | None:
        return next((p.speaker for p in self.people if p.role == SpeakerRole.MODERATOR), None)

    @property
    def seats_left(self) -> int | None:
        return None if self.seat_limit is None else max(self.seat_limit - self.seats_taken, 0)


class SessionSpeaker(db.Model):
    __tablename__ = "agenda_session_speakers"

    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("agenda_speakers.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), default=SpeakerRole.SPEAKER)
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[AgendaSession] = relationship(back_populates="people")
    speaker: Mapped[Speaker] = relationship()


class SessionSignup(db.Model):
    """A participant's pick of a session (a held seat when the session has a limit)."""

    __tablename__ = "session_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("session_id", "participant_id"),)
