"""The self check-in kiosk in Chromium against a real IPP printer: scan → name → printed → reset."""

import time

import pytest

from conference.models import Participant
from conference.models.printing import PrintJob, PrintStation
from conference.registration.service import register_participant
from tests import ippeve
from tests.badges.test_badges import qr_codes
from tests.e2e.conftest import DESKTOP, PHONE
from tests.helpers import make_user

pytestmark = [
    pytest.mark.skipif(not ippeve.available(), reason="ippeveprinter is missing: apt-get install cups-ipp-utils"),
    pytest.mark.live_env(FLASK_PRINT_RETRY_SECONDS="0.5"),
]


@pytest.fixture
def printer(tmp_path):
    printer = ippeve.Printer(tmp_path / "spool", name="Kiosk").start()
    yield printer
    printer.stop()


def wait_for(condition, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError("timed out waiting")


@pytest.mark.parametrize("language,viewport", [("ar", PHONE), ("en", DESKTOP)])
def test_kiosk_scan_shows_the_name_prints_once_and_resets(db, edition, live_server, journey, printer,
                                                          language, viewport):
    station = PrintStation(edition_id=edition.id, name_ar="جهاز الخدمة الذاتية ١", name_en="Kiosk 1",
                           printer_uri=printer.uri, layout="62mm", auto_print=True)
    station.set_kiosk_pin("482916")
    db.session.add(station)
    guest = register_participant(edition, {"name_ar": "نورة العتيبي", "name_en": "Noura Alotaibi",
                                           "email": "noura@example.org", "phone": "0555123456"},
                                 notify=False).participant
    make_user(db, "desk", email="desk-kiosk@test.example")
    db.session.commit()

    j = journey(viewport=viewport, language=language)
    j.goto(f"/kiosk/{station.id}")
    j.shot("locked")
    j.page.fill("#code", station.kiosk_code)
    j.page.fill("#pin", "482916")
    j.page.click("button[type=submit]")
    j.page.wait_for_selector("#kiosk-code")
    assert j.page.locator("a").count() == 0  # no way out to the rest of the app
    j.shot("ready")

    j.page.fill("#kiosk-code", guest.badge_code)
    j.page.press("#kiosk-code", "Enter")
    j.page.wait_for_selector("#kiosk-done:not([hidden])")
    assert j.page.inner_text("#kiosk-name-ar") == "نورة العتيبي"
    assert j.page.inner_text("#kiosk-name-en") == "Noura Alotaibi"
    j.shot("collect-your-badge")

    wait_for(lambda: len(printer.documents()) == 1)
    assert qr_codes(printer.documents()[0].read_bytes()) == [guest.badge_code]
    j.page.wait_for_selector("#kiosk-start:not([hidden])", timeout=15000)  # reset after a few seconds
    j.shot("reset")

    j.page.fill("#kiosk-code", "UNKNOWNCODE")
    j.page.press("#kiosk-code", "Enter")
    j.page.wait_for_selector("#kiosk-desk:not([hidden])")
    j.shot("sent-to-the-desk")
    time.sleep(2)
    db.session.rollback()  # a fresh snapshot of what the server wrote
    assert len(printer.documents()) == 1 and db.session.query(PrintJob).count() == 1
    assert db.session.get(Participant, guest.id).checked_in_at is not None
