"""The public agenda: published sessions by day and time, filters, speaker pages, both languages,
times in the edition's zone whatever the server's, exports (.ics and PDF) read back."""

import io
import time
import unicodedata
from datetime import date

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from conference.agenda import service
from tests.agenda.test_support import at, build_agenda
from tests.helpers import make_edition


@pytest.fixture
def server_in_new_york(monkeypatch):
    """The server's own clock zone differs from the venue's."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_published_sessions_in_both_languages(client, db, edition):
    agenda = build_agenda(db, edition)
    html = client.get("/agenda").get_data(as_text=True)
    assert "نحو مدينة ذكية" in html and "ورشة البيانات المفتوحة" in html
    assert "جلسة مسودة" not in html
    assert 'dir="rtl" lang="ar"' in html
    assert "المقاعد المتبقية: 5 من 5" in html
    client.get("/language/en")
    html = client.get("/agenda").get_data(as_text=True)
    assert "Towards a smart city" in html and "Draft panel" not in html
    assert "Saudi Arabia Time" in html
    assert client.get(f"/agenda/sessions/{agenda['draft'].id}").status_code == 404
    assert client.get(f"/agenda/sessions/{agenda['keynote'].id}").status_code == 200


def test_filters_by_track_room_and_kind(client, db, edition):
    agenda = build_agenda(db, edition)
    client.get("/language/en")
    by_track = client.get(f"/agenda?track={agenda['track'].id}").get_data(as_text=True)
    assert "Towards a smart city" in by_track and "Open data workshop" not in by_track
    by_room = client.get(f"/agenda?room={agenda['rooms'][1].id}").get_data(as_text=True)
    assert "Open data workshop" in by_room and "Towards a smart city" not in by_room
    by_kind = client.get("/agenda?kind=workshop").get_data(as_text=True)
    assert "Open data workshop" in by_kind and "Towards a smart city" not in by_kind
    assert client.get("/agenda?kind=<script>&track=abc").status_code == 200


def test_track_colours_come_from_a_generated_stylesheet(client, db, edition):
    agenda = build_agenda(db, edition)
    css = client.get("/agenda/tracks.css")
    assert css.mimetype == "text/css"
    assert f".track-{agenda['track'].id} {{ --track-color: #1f6fb2; }}" in css.get_data(as_text=True)
    html = client.get("/agenda").get_data(as_text=True)
    assert f"track-{agenda['track'].id}" in html and 'fill="#1f6fb2"' in html
    assert ' style="' not in html


def test_speaker_page(client, db, edition):
    agenda = build_agenda(db, edition)
    client.get("/language/en")
    html = client.get(f"/agenda/speakers/{agenda['speakers'][0].id}").get_data(as_text=True)
    assert "Eng. Abdullah Al-Qahtani" in html and "م. عبدالله القحطاني" in html
    assert "Jeddah Municipality" in html and "Towards a smart city" in html
    assert "Dr. Noura Al-Otaibi" in client.get("/agenda/speakers").get_data(as_text=True)


def test_times_follow_the_edition_zone_not_the_server(client, db, server_in_new_york):
    edition = make_edition(db, timezone="Asia/Dubai", starts_on=date(2026, 12, 13), ends_on=date(2026, 12, 13))
    build_agenda(db, edition)
    client.get("/language/en")
    html = client.get("/agenda").get_data(as_text=True)
    assert "9:00\u202fAM" in html or "9:00 AM" in html
    assert "United Arab Emirates Time" in html
    calendar = Calendar.from_ical(client.get("/agenda.ics").data)
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert starts[0].hour == 9 and str(starts[0].tzinfo) == "Asia/Dubai"
    assert starts[0] == at(edition, 9)


def test_whole_agenda_ics_has_a_timezone_and_local_times(client, db, edition):
    agenda = build_agenda(db, edition)
    response = client.get("/agenda.ics")
    assert response.mimetype == "text/calendar"
    raw = response.get_data(as_text=True)
    assert "BEGIN:VTIMEZONE" in raw and "TZID:Asia/Riyadh" in raw
    assert f"DTSTART;TZID=Asia/Riyadh:{edition.starts_on:%Y%m%d}T090000" in raw
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # the draft is not exported
    keynote = next(e for e in events if "نحو مدينة ذكية" in str(e["summary"]))
    assert keynote.decoded("dtend").hour == 10 and "القاعة الرئيسية" in str(keynote["location"])
    one = Calendar.from_ical(client.get(f"/agenda/sessions/{agenda['workshop'].id}.ics").data)
    (event,) = one.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(edition.tz).strftime("%H:%M") == "10:30"
    assert one.walk("VTIMEZONE")


def _pdf_text(data: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_printable_agenda_has_one_day_per_page_and_arabic_text(client, db):
    edition = make_edition(db, starts_on=date(2026, 12, 13), ends_on=date(2026, 12, 14))
    build_agenda(db, edition)
    service.save_session(edition, None, {
        "kind": "keynote", "title_ar": "الحكومة الرقمية", "title_en": "Digital government",
        "starts_at": at(edition, 9, day=date(2026, 12, 14)), "ends_at": at(edition, 10, day=date(2026, 12, 14)),
        "published": True})
    db.session.commit()
    response = client.get("/agenda.pdf")
    assert response.mimetype == "application/pdf"
    pages = _pdf_text(response.data)
    assert len(pages) == 2
    # Arabic reads back exactly, as whole words in logical order (joined glyphs, not isolated letters).
    assert "الحكومة الرقمية" in pages[1] and "نحو مدينة ذكية" in pages[0]
    for page in pages:
        assert edition.title_ar in page
        assert "ا ل م م ل ك ة" not in page
    assert "09:00" in pages[0] or "9:00" in pages[0]
    client.get("/language/en")
    english = _pdf_text(client.get("/agenda.pdf").data)
    assert "Towards a smart city" in english[0] and "Digital government" in english[1]


def test_awards_ceremony_page_offers_the_winners_slot(client, db, edition):
    item, _ = service.save_session(edition, None, {
        "kind": "awards_ceremony", "title_ar": "حفل التكريم", "title_en": "Awards ceremony",
        "starts_at": at(edition, 16), "ends_at": at(edition, 17), "published": True})
    db.session.commit()
    assert client.get(f"/agenda/sessions/{item.id}").status_code == 200
