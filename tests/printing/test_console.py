"""Print stations, kiosks and print jobs without a printer: the printer address answers nothing,
so every print waits with the printer's reason (the real printers are in test_printing.py)."""

import pytest

from conference.models import Participant
from conference.models.printing import PrintJob, PrintStation
from conference.printing import service
from conference.registration.service import register_participant
from tests.helpers import csrf_from

NOBODY = "ipp://127.0.0.1:9/ipp/print"  # the discard port: connection refused at once

pytestmark = pytest.mark.app_config(PRINT_INLINE=True)


@pytest.fixture
def station(db, edition):
    station = PrintStation(edition_id=edition.id, name_ar="جهاز الخدمة الذاتية ١", name_en="Kiosk 1",
                           place="المدخل الرئيسي", printer_uri=NOBODY, layout="62mm", auto_print=True)
    station.set_kiosk_pin("482916")
    db.session.add(station)
    db.session.commit()
    return station


def person(db, edition, status="confirmed", **values) -> Participant:
    data = {"name_ar": "سارة القحطاني", "name_en": "Sara Alqahtani", "email": "sara@example.org",
            "phone": "0555123456", **values}
    outcome = register_participant(edition, data, notify=False)
    outcome.participant.status = status
    db.session.commit()
    return outcome.participant


def open_kiosk(client, station, pin="482916", code=None):
    page = client.get(f"/kiosk/{station.id}")
    assert page.status_code == 200
    return client.post(f"/kiosk/{station.id}/open", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "code": code or station.kiosk_code.lower(), "pin": pin})


def kiosk_post(client, station, path, body):
    page = client.get(f"/kiosk/{station.id}").get_data(as_text=True)
    token = page.split('data-csrf="', 1)[1].split('"', 1)[0] if 'data-csrf="' in page else csrf_from(page)
    return client.post(f"/kiosk/{station.id}/{path}", json=body, headers={"X-CSRFToken": token})


def test_station_api_checks_every_field_and_saves_nothing_bad(client, db, edition, api_token):
    organizer = api_token("organizer")
    bad = client.post("/api/v1/stations", json={"name_ar": "", "printer_uri": "http://printer", "layout": "A9",
                                                "auto_print": "yes"}, headers=organizer)
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"name_ar", "printer_uri", "layout", "auto_print"}
    assert db.session.query(PrintStation).count() == 0
    made = client.post("/api/v1/stations", json={"name_ar": "مكتب التسجيل ١", "printer_uri": NOBODY,
                                                 "layout": "4x2.4in"}, headers=organizer)
    assert made.status_code == 201 and made.get_json()["layout"] == "4x2.4in"
    station_id = made.get_json()["id"]
    shown = client.get(f"/api/v1/stations/{station_id}", headers=organizer).get_json()
    assert shown["printer_state"]["state"] == "offline"
    patched = client.patch(f"/api/v1/stations/{station_id}", json={"auto_print": True, "place": "يمين القاعة"},
                           headers=organizer)
    assert patched.status_code == 200 and patched.get_json()["auto_print"] is True
    assert client.get("/api/v1/stations", headers=api_token("desk")).status_code == 403


def test_a_scan_at_a_station_whose_printer_is_off_waits_with_the_reason(client, db, edition, station, api_token):
    guest = person(db, edition)
    desk = api_token("desk")
    answer = client.post("/api/v1/checkin", json={"code": guest.badge_code, "station_id": station.id}, headers=desk)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ok" and body["print_job"]["status"] == "queued"
    job = client.get(f"/api/v1/print-jobs/{body['print_job']['id']}", headers=desk).get_json()
    assert job["status"] == "queued" and job["reason"].startswith("offline")
    again = client.post("/api/v1/checkin", json={"code": guest.badge_code, "station_id": station.id}, headers=desk)
    # Scanned again: the same print is shown, no second one is made.
    assert again.get_json()["status"] == "already_checked_in"
    assert again.get_json()["print_job"]["id"] == body["print_job"]["id"]
    assert db.session.query(PrintJob).count() == 1
    wrong = client.post("/api/v1/checkin", json={"code": guest.badge_code, "station_id": 999}, headers=desk)
    assert wrong.status_code == 422 and "station_id" in wrong.get_json()["error"]["fields"]


def test_print_jobs_can_be_cancelled_moved_and_retried_once(client, db, edition, station, login_as):
    other = PrintStation(edition_id=edition.id, name_ar="المكتب ٢", name_en="Desk 2", printer_uri=NOBODY)
    db.session.add(other)
    guest = person(db, edition)
    job = service.queue_print(guest, station)
    db.session.commit()
    login_as("desk")
    page = client.get(f"/desk/people/{guest.id}/prints")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    client.post(f"/print-jobs/{job.id}/move", data={"csrf_token": token, "station": other.id})
    db.session.expire_all()
    assert db.session.get(PrintJob, job.id).station_id == other.id
    client.post(f"/print-jobs/{job.id}/cancel", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(PrintJob, job.id).status == "cancelled"
    assert service.retry(db.session.get(PrintJob, job.id)) is True
    assert service.retry(db.session.get(PrintJob, job.id)) is False  # already queued again
    db.session.commit()
    assert service.claim_printer(station.printer_uri, "server-a") is True
    assert service.claim_printer(station.printer_uri, "server-b") is False  # one sender per printer
    service.release_printer(station.printer_uri, "server-a")
    assert service.claim_printer(station.printer_uri, "server-b") is True


def test_kiosk_opens_with_code_and_pin_only_and_closes_remotely(client, db, edition, station, login_as):
    assert kiosk_post(client, station, "scan", {"code": "X"}).status_code in (400, 403)
    assert open_kiosk(client, station, pin="000000").status_code == 403
    assert "kiosk-scan" not in client.get(f"/kiosk/{station.id}").get_data(as_text=True)
    assert open_kiosk(client, station).status_code == 302
    screen = client.get(f"/kiosk/{station.id}").get_data(as_text=True)
    assert "kiosk-scan" in screen and "امسح رمز QR" in screen and "Scan the QR code" in screen
    assert "/console" not in screen and "/desk" not in screen and "/account" not in screen
    assert client.get("/desk/").status_code == 302  # the kiosk is not a staff session
    station.kiosk_epoch += 1  # what "Close every kiosk screen now" does
    db.session.commit()
    assert client.get(f"/kiosk/{station.id}/state").get_json() == {"open": False}


def test_kiosk_checks_in_and_prints_once_and_sends_others_to_the_desk(client, db, edition, station):
    guest = person(db, edition)
    waiting = person(db, edition, status="waitlisted", email="wait@example.org", phone="0555999888")
    open_kiosk(client, station)
    first = kiosk_post(client, station, "scan", {"code": guest.badge_code.lower()}).get_json()
    assert first["status"] == "ok" and first["printing"] and first["name_ar"] == "سارة القحطاني"
    assert first["message"]["ar"].startswith("تُطبع بطاقتك")
    second = kiosk_post(client, station, "find", {"contact": "SARA@example.org", "last_four": "٣٤٥٦"}).get_json()
    assert second["status"] == "printed_before" and not second["printing"]
    assert kiosk_post(client, station, "find", {"contact": "0555123456", "last_four": "0000"}).get_json()["status"] == "invalid"
    assert kiosk_post(client, station, "scan", {"code": waiting.badge_code}).get_json()["status"] == "not_confirmed"
    assert kiosk_post(client, station, "scan", {"code": "NOPE"}).get_json()["status"] == "invalid"
    db.session.expire_all()
    assert db.session.query(PrintJob).count() == 1
    assert db.session.get(Participant, guest.id).checked_in_at is not None
    assert db.session.get(Participant, waiting.id).checked_in_at is None


def test_station_pages_in_both_languages(client, db, edition, station, login_as):
    login_as("organizer")
    for lang in ("ar", "en"):
        client.get(f"/language/{lang}")
        for url in ("/console/stations/", f"/console/stations/{station.id}", "/console/stations/new",
                    f"/console/stations/{station.id}/edit", "/desk/station"):
            response = client.get(url)
            assert response.status_code == 200, url
    page = client.get(f"/console/stations/{station.id}").get_data(as_text=True)
    assert station.kiosk_code in page and "offline" in page


def test_the_station_page_says_which_server_sends_to_its_printer(client, db, edition, station, login_as):
    login_as("organizer")
    client.get("/language/en")
    page = client.get(f"/console/stations/{station.id}").get_data(as_text=True)
    assert "No server is sending to this printer right now" in page
    assert service.claim_printer(station.printer_uri, "door-server-2:4242:0a1b2c")
    page = client.get(f"/console/stations/{station.id}").get_data(as_text=True)
    assert "Sent from server \u2066door-server-2\u2069 (process \u20664242\u2069)" in page
    service.release_printer(station.printer_uri, "door-server-2:4242:0a1b2c")
    assert "No server is sending" in client.get(f"/console/stations/{station.id}").get_data(as_text=True)


def test_a_reissue_confirmed_at_a_desk_with_a_printer_prints_there(client, db, edition, station, login_as):
    guest = person(db, edition)
    old_code = guest.badge_code
    login_as("desk")
    chooser = client.get("/desk/station").get_data(as_text=True)
    client.post("/desk/station", data={"csrf_token": csrf_from(chooser), "station": str(station.id)})
    asked = client.get(f"/badges/{guest.id}/reissue?q=sara")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and (station.name_ar in page or station.name_en in page)
    assert 'target="_blank"' not in page and 'name="q" value="sara"' in page
    token = csrf_from(page)
    unconfirmed = client.post(f"/badges/{guest.id}/reissue", data={"csrf_token": token, "q": "sara"})
    assert unconfirmed.status_code == 200 and db.session.query(PrintJob).count() == 0
    done = client.post(f"/badges/{guest.id}/reissue", data={"csrf_token": token, "confirm": "yes", "q": "sara"})
    assert done.status_code == 302 and "q=sara" in done.headers["Location"] and "reissue" not in done.headers["Location"]
    db.session.expire_all()
    job = db.session.query(PrintJob).one()
    assert job.station_id == station.id and job.source == "reissue" and job.participant_id == guest.id
    assert db.session.get(Participant, guest.id).badge_code != old_code
