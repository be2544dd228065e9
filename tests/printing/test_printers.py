"""Badge printing against real IPP printers (ippeveprinter) through real gunicorn workers.

Marker `printing` (make test-print). Every print is counted with == in the printers' own
spool folders: what the printer received, not what the app believes it sent.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conference import storage
from conference.models import ApiToken, Participant
from conference.models.printing import PrintJob
from conference.registration.service import register_participant
from tests import ippeve
from tests.badges.test_badges import qr_codes
from tests.helpers import make_user

pytestmark = [
    pytest.mark.printing,
    pytest.mark.skipif(not ippeve.available(), reason="ippeveprinter is missing: apt-get install cups-ipp-utils"),
    pytest.mark.live_env(FLASK_PRINT_RETRY_SECONDS="0.5"),
]


@pytest.fixture
def printers(tmp_path):
    started = []

    def make(name: str = "Badges") -> ippeve.Printer:
        printer = ippeve.Printer(tmp_path / f"spool-{len(started)}", name=name).start()
        started.append(printer)
        return printer

    yield make
    for printer in started:
        printer.stop()


@pytest.fixture
def tokens(db):
    def issue(role: str) -> dict:
        user = make_user(db, role, email=f"print-{role}@test.example")
        _record, token = ApiToken.issue(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return issue


def people(db, edition, count: int) -> list[Participant]:
    made = [
        register_participant(edition, {"name_ar": f"ضيف رقم {i}", "name_en": f"Guest {i}",
                                       "email": f"guest{i}@example.org", "phone": f"+96655500{i:04d}"},
                             notify=False).participant
        for i in range(count)
    ]
    db.session.commit()
    return made


def add_station(base, headers, printer, **values) -> dict:
    body = {"name_ar": "المدخل الرئيسي", "name_en": "Main entrance", "place": "يسار المدخل",
            "printer_uri": printer.uri, "layout": "a6", "auto_print": True, **values}
    response = requests.post(f"{base}/api/v1/stations", json=body, headers=headers, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def wait_for(condition, seconds: float = 120, step: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    from conference.models.printing import PrintJob as J
    raise AssertionError(f"timed out waiting: {[(j.status, j.attempts, j.reason, j.sent_by) for j in J.query.all()]}")


def scan(base, headers, code: str, station_id: int) -> dict:
    response = requests.post(f"{base}/api/v1/checkin", json={"code": code, "station_id": station_id},
                             headers=headers, timeout=20)
    assert response.status_code == 200, response.text
    return response.json()


def job_statuses(db) -> list[str]:
    db.session.expire_all()
    jobs = db.session.query(PrintJob).order_by(PrintJob.id).all()
    db.session.commit()
    return [job.status for job in jobs]


def test_scans_at_an_auto_print_station_print_each_badge_once(db, edition, live_server, printers, tokens):
    printer = printers()
    organizer, desk = tokens("organizer"), tokens("desk")
    station = add_station(live_server, organizer, printer)
    guests = people(db, edition, 6)
    codes = {g.badge_code for g in guests}
    # Each badge scanned twice at once, as two desks or an impatient hand would.
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda code: scan(live_server, desk, code, station["id"]), sorted(codes) * 2))
    assert sorted(a["status"] for a in answers) == ["already_checked_in"] * 6 + ["ok"] * 6
    assert all("print_job" in a for a in answers if a["status"] == "ok")

    wait_for(lambda: job_statuses(db).count("completed") == 6 and len(printer.documents()) >= 6)
    time.sleep(2)  # any second print would have arrived by now
    documents = printer.documents()
    assert len(documents) == 6
    printed = [qr_codes(path.read_bytes())[0] for path in documents]
    assert sorted(printed) == sorted(codes)
    db.session.expire_all()
    assert [p.badge_print_count for p in db.session.query(Participant)] == [1] * 6
    job = db.session.query(PrintJob).first()
    answer = requests.get(f"{live_server}/api/v1/print-jobs/{job.id}", headers=desk, timeout=10).json()
    assert answer["status"] == "completed" and answer["printer_job_id"] >= 1


def test_a_printer_switched_off_loses_nothing_and_prints_nothing_twice(db, edition, live_server, printers, tokens):
    printer = printers()
    organizer, desk = tokens("organizer"), tokens("desk")
    station = add_station(live_server, organizer, printer)
    guests = people(db, edition, 3)
    printer.stop()
    for guest in guests:
        assert scan(live_server, desk, guest.badge_code, station["id"])["status"] == "ok"

    def all_waiting_with_reason():
        db.session.expire_all()
        jobs = db.session.query(PrintJob).all()
        db.session.commit()
        # Waiting, never sent, with the printer's reason; no badge is rendered for a printer that is off.
        return len(jobs) == 3 and all(j.status == "queued" and j.attempts == 0 and "offline" in j.reason for j in jobs)

    wait_for(all_waiting_with_reason)
    assert storage.keys("prints/") == []
    job_id = db.session.query(PrintJob.id).first()[0]
    answer = requests.get(f"{live_server}/api/v1/print-jobs/{job_id}", headers=desk, timeout=10).json()
    assert answer["status"] == "queued" and "offline" in answer["reason"]
    page = requests.get(f"{live_server}/api/v1/stations/{station['id']}", headers=organizer, timeout=20).json()
    assert page["printer_state"]["state"] == "offline"

    printer.start()
    wait_for(lambda: job_statuses(db) == ["completed"] * 3)
    time.sleep(2)
    assert len(printer.documents()) == 3
    assert storage.keys("prints/") == []  # each badge's PDF is dropped once it has printed
    assert sorted(qr_codes(p.read_bytes())[0] for p in printer.documents()) == sorted(g.badge_code for g in guests)


def test_two_stations_each_print_their_own_badges(db, edition, live_server, printers, tokens):
    left, right = printers("Left"), printers("Right")
    organizer, desk = tokens("organizer"), tokens("desk")
    station_left = add_station(live_server, organizer, left, name_en="Left")
    station_right = add_station(live_server, organizer, right, name_en="Right", layout="62mm")
    first, second, third = people(db, edition, 3)
    scan(live_server, desk, first.badge_code, station_left["id"])
    scan(live_server, desk, second.badge_code, station_right["id"])
    scan(live_server, desk, third.badge_code, station_right["id"])
    wait_for(lambda: job_statuses(db).count("completed") == 3)
    assert [qr_codes(p.read_bytes())[0] for p in left.documents()] == [first.badge_code]
    assert sorted(qr_codes(p.read_bytes())[0] for p in right.documents()) == sorted([second.badge_code, third.badge_code])


def test_print_only_station_and_desk_print_request(db, edition, live_server, printers, tokens):
    printer = printers()
    organizer, desk = tokens("organizer"), tokens("desk")
    counter = add_station(live_server, organizer, printer, name_en="Badge pick-up", print_only=True)
    guest, other = people(db, edition, 2)
    answer = scan(live_server, desk, guest.badge_code, counter["id"])
    assert answer["status"] == "ok" and answer["print_job"]["status"] == "queued"
    # A desk asks for a print of someone else at the same station.
    response = requests.post(f"{live_server}/api/v1/participants/{other.id}/print",
                             json={"station_id": counter["id"]}, headers=desk, timeout=10)
    assert response.status_code == 202 and response.json()["status"] == "queued"
    wait_for(lambda: job_statuses(db) == ["completed", "completed"])
    db.session.expire_all()
    assert db.session.get(Participant, guest.id).checked_in_at is None  # print only: no entry recorded
    assert len(printer.documents()) == 2
