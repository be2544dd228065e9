"""Helpers for the agenda tests: a small real agenda built through the service."""

from datetime import datetime, time

from conference.agenda import service
from conference.models import Participant
from conference.models.agenda import Room, Speaker, Track


def at(edition, hour: int, minute: int = 0, day=None) -> datetime:
    """A wall-clock time at the venue, as an aware datetime."""
    return datetime.combine(day or edition.starts_on, time(hour, minute), edition.tz)


def build_agenda(db, edition) -> dict:
    rooms = [Room(edition_id=edition.id, name_ar="القاعة الرئيسية", name_en="Main Hall", capacity=300, position=0),
             Room(edition_id=edition.id, name_ar="قاعة الورش", name_en="Workshop Room", capacity=20, position=1)]
    track = Track(edition_id=edition.id, name_ar="المدن الذكية", name_en="Smart Cities", color="#1f6fb2")
    speakers = [Speaker(edition_id=edition.id, name_ar="م. عبدالله القحطاني", name_en="Eng. Abdullah Al-Qahtani",
                        title_en="Deputy Mayor", organization_en="Jeddah Municipality"),
                Speaker(edition_id=edition.id, name_ar="د. نورة العتيبي", name_en="Dr. Noura Al-Otaibi")]
    db.session.add_all([*rooms, track, *speakers])
    db.session.flush()
    keynote, _ = service.save_session(edition, None, {
        "kind": "keynote", "title_ar": "نحو مدينة ذكية", "title_en": "Towards a smart city",
        "starts_at": at(edition, 9), "ends_at": at(edition, 10), "room_id": rooms[0].id, "track_id": track.id,
        "speaker_ids": [speakers[0].id], "seat_limit": None, "published": True})
    workshop, _ = service.save_session(edition, None, {
        "kind": "workshop", "title_ar": "ورشة البيانات المفتوحة", "title_en": "Open data workshop",
        "starts_at": at(edition, 10, 30), "ends_at": at(edition, 12), "room_id": rooms[1].id, "track_id": None,
        "speaker_ids": [speakers[1].id], "seat_limit": 5, "published": True})
    draft, _ = service.save_session(edition, None, {
        "kind": "panel", "title_ar": "جلسة مسودة", "title_en": "Draft panel",
        "starts_at": at(edition, 13), "ends_at": at(edition, 14), "room_id": rooms[0].id, "track_id": None,
        "speaker_ids": [], "seat_limit": None, "published": False})
    db.session.commit()
    return {"rooms": rooms, "track": track, "speakers": speakers, "keynote": keynote, "workshop": workshop, "draft": draft}


def make_participant(db, edition, n: int, status: str = "confirmed") -> Participant:
    person = Participant(edition_id=edition.id, name_ar=f"مشارك {n}", name_en=f"Participant {n}",
                         email=f"p{n}@example.org", status=status, badge_number=n)
    db.session.add(person)
    db.session.commit()
    return person
