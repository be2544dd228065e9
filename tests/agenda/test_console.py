"""Organizers build the day in the console: rooms, tracks, speakers, sessions, warnings, audit."""

import io

from PIL import Image
from sqlalchemy import func, select

from conference.models import AuditLog
from conference.models.agenda import AgendaSession, Room, Speaker, Track
from tests.agenda.test_support import build_agenda
from tests.helpers import csrf_from, form_post


def image_bytes(fmt: str, size=(300, 200), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (11, 110, 79) if mode == "RGB" else (11, 110, 79, 128)).save(out, fmt)
    return out.getvalue()


def session_form(edition, room, start, end, **extra) -> dict:
    day = edition.starts_on.isoformat()
    data = {"kind": "panel", "title_ar": "جلسة حوارية", "title_en": "A panel", "description_ar": "", "description_en": "",
            "starts_at": f"{day}T{start}", "ends_at": f"{day}T{end}", "room_id": str(room.id), "track_id": "",
            "moderator_id": "", "seat_limit": "", "published": "y"}
    data.update(extra)
    return data


def test_console_needs_an_organizer(client, edition, login_as):
    assert client.get("/console/agenda").status_code == 302
    login_as("desk")
    assert client.get("/console/agenda").status_code == 403
    assert client.post("/console/agenda/rooms/new", data={}).status_code in (400, 403)


def test_an_organizer_builds_a_day_and_is_warned_of_double_bookings(client, db, edition, login_as):
    login_as("organizer")
    assert form_post(client, "/console/agenda/rooms/new", {"name_ar": "القاعة الرئيسية", "name_en": "Main Hall",
                                                            "capacity": "300", "position": "0"}).status_code == 302
    form_post(client, "/console/agenda/rooms/new",
              {"name_ar": "قاعة الشورى", "name_en": "Al-Shura Hall", "capacity": "80", "position": "1"})
    bad = form_post(client, "/console/agenda/tracks/new", {"name_ar": "المدن الذكية", "name_en": "Smart Cities", "color": "red"})
    assert bad.status_code == 200 and "#0b6e4f" in bad.get_data(as_text=True)
    form_post(client, "/console/agenda/tracks/new", {"name_ar": "المدن الذكية", "name_en": "Smart Cities", "color": "#1F6FB2"})
    assert db.session.scalar(select(Track.color)) == "#1f6fb2"
    form_post(client, "/console/agenda/speakers/new", {"name_ar": "د. نورة العتيبي", "name_en": "Dr. Noura Al-Otaibi"})
    main, shura = db.session.scalars(select(Room).order_by(Room.position)).all()
    noura = db.session.scalar(select(Speaker))

    url = "/console/agenda/sessions/new"
    first = form_post(client, url, session_form(edition, main, "09:00", "10:00", speaker_ids=str(noura.id)))
    assert first.status_code == 302
    # The same room at an overlapping time: warned, not saved.
    clash = form_post(client, url, session_form(edition, main, "09:30", "10:30", title_en="Clash", title_ar="تعارض"))
    html = clash.get_data(as_text=True)
    assert clash.status_code == 200 and "warnings-panel--some" in html and "save_anyway" in html
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 1
    # The same speaker in another hall at the same time: warned too.
    client.get("/language/en")
    twice = form_post(client, url, session_form(edition, shura, "09:15", "09:45", speaker_ids=str(noura.id)))
    assert "Dr. Noura Al-Otaibi is in two places at once" in twice.get_data(as_text=True)
    # Save anyway: an explicit confirmation.
    forced = form_post(client, url, session_form(edition, shura, "09:15", "09:45", speaker_ids=str(noura.id), save_anyway="y"))
    assert forced.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 2
    console = client.get("/console/agenda").get_data(as_text=True)
    assert "Warnings (1)" in console and "Dr. Noura Al-Otaibi is in two places at once" in console
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"agenda.room.create", "agenda.track.create", "agenda.speaker.create", "agenda.session.create"} <= actions


def test_end_before_start_is_refused(client, db, edition, login_as):
    login_as("organizer")
    agenda = build_agenda(db, edition)
    response = form_post(client, "/console/agenda/sessions/new", session_form(edition, agenda["rooms"][0], "15:00", "14:00"))
    assert response.status_code == 200
    assert "يجب أن تنتهي الجلسة بعد بدايتها" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 3


def test_editing_keeps_local_times_and_records_the_change(client, db, edition, login_as):
    login_as("organizer")
    agenda = build_agenda(db, edition)
    url = f"/console/agenda/sessions/{agenda['keynote'].id}"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{edition.starts_on.isoformat()}T09:00"' in page
    response = form_post(client, url, session_form(edition, agenda["rooms"][0], "08:00", "08:45", kind="keynote",
                                                   speaker_ids=str(agenda["speakers"][0].id)))
    assert response.status_code == 302
    db.session.rollback()
    keynote = db.session.get(AgendaSession, agenda["keynote"].id)
    assert keynote.starts_at.astimezone(edition.tz).hour == 8
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "agenda.session.update"))
    assert "starts_at" in entry.details["changes"]


def test_speaker_photos_are_checked_reencoded_and_served(client, db, edition, login_as, app):
    login_as("organizer")
    url = "/console/agenda/speakers/new"
    base = {"name_ar": "م. ريم السبيعي", "name_en": "Eng. Reem Al-Subaie"}
    page = client.get(url).get_data(as_text=True)
    token = csrf_from(page)

    def upload(data: bytes, name: str):
        return client.post(url, data={"csrf_token": token, **base, "photo": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    assert upload(b"%PDF-1.4 not a picture", "cv.jpg").status_code == 200
    assert upload(image_bytes("GIF"), "anim.gif").status_code == 200
    assert upload(image_bytes("PNG") + b"\0" * (2 * 1024 * 1024), "big.png").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 0
    assert upload(image_bytes("PNG", mode="RGBA"), "reem.png").status_code == 302
    speaker = db.session.scalar(select(Speaker))
    assert speaker.photo.endswith(".jpg") and "reem" not in speaker.photo
    stored = app.instance_path + "/uploads/speakers/" + speaker.photo
    with Image.open(stored) as image:
        assert image.format == "JPEG"
    served = client.get(f"/agenda/speakers/{speaker.id}/photo.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"


def test_publishing_all_drafts(client, db, edition, login_as):
    login_as("organizer")
    agenda = build_agenda(db, edition)
    assert "Draft panel" not in client.get("/agenda").get_data(as_text=True)
    console = client.get("/console/agenda").get_data(as_text=True)
    client.post("/console/agenda/publish", data={"csrf_token": csrf_from(console)})
    db.session.rollback()
    assert db.session.get(AgendaSession, agenda["draft"].id).published
    assert "جلسة مسودة" in client.get("/agenda").get_data(as_text=True)
