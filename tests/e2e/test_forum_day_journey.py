"""The forum as its people live it, in a real browser, in Arabic and in English:

a participant registers on a phone and opens the link from their email; an organizer
approves them and prints their badge; the desk scans the printed badge; the participant
downloads their certificate of attendance. Screenshots of each step are kept.
"""

import email
import io
from email import policy
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from conference.models import Participant
from tests.e2e.conftest import DESKTOP, PHONE
from tests.helpers import TEST_PASSWORD, make_edition, make_user

PEOPLE = {
    "ar": {"name_ar": "نورة القحطاني", "name_en": "Noura Alqahtani", "email": "noura@example.org", "phone": "0551234567",
           "organization": "أمانة محافظة جدة", "status_pending": "بانتظار الموافقة", "ok": "أهلًا وسهلًا"},
    "en": {"name_ar": "خالد الدوسري", "name_en": "Khalid Aldosari", "email": "khalid@example.org", "phone": "+971501234567",
           "organization": "Dubai Municipality", "status_pending": "Awaiting approval", "ok": "welcome"},
}


def _link_from_outbox(instance: str, to: str) -> str:
    for path in sorted(Path(instance, "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == to:
            text = message.get_body(preferencelist=("plain",)).get_content()
            return next(word for word in text.split() if "/r/" in word)
    raise AssertionError(f"no email to {to}")


def _badge_code_from_pdf(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=4).to_pil()
    codes = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(codes) == 1, codes
    return codes[0]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_register_approve_print_scan_and_download_a_certificate(app, db, journey, language):
    person = PEOPLE[language]
    make_edition(db, approval_required=True)
    organizer = make_user(db, "organizer", f"organizer-{language}@test.example")
    desk = make_user(db, "desk", f"desk-{language}@test.example")

    # 1. A participant registers on a phone.
    phone = journey(viewport=PHONE, language=language, name="journey-participant")
    phone.goto("/register")
    page = phone.page
    for field in ("name_ar", "name_en", "email", "phone", "organization"):
        page.fill(f"#{field}", person[field])
    page.select_option("#sector", "government")
    page.check("#consent")
    phone.shot("form filled")
    page.click("main button[type=submit]")
    page.wait_for_url("**/r/**")
    assert person["status_pending"] in page.content()
    phone.shot("registered pending")

    # 2. The link in the confirmation email opens the private page.
    link = _link_from_outbox(app.instance_path, person["email"])
    phone.page.goto(link)
    assert person["name_en"] in page.content()
    phone.shot("link from email")

    # 3. An organizer approves and prints the badge.
    db.session.rollback()
    participant = db.session.query(Participant).filter_by(email=person["email"]).one()
    console = journey(viewport=DESKTOP, language=language, name="journey-organizer")
    console.sign_in(organizer.email, TEST_PASSWORD)
    console.goto(f"/console/participants/{participant.id}")
    console.page.click("form[action$='/approve'] button")
    console.confirm("approve")
    console.shot("approved")
    with console.page.expect_response(lambda r: r.url.endswith(f"/badges/{participant.id}/print")) as printed:
        console.page.click(f"form[action$='/badges/{participant.id}/print'] button")
    assert printed.value.status == 200 and printed.value.headers["content-type"] == "application/pdf"
    console.shot("badge printed")
    # The browser shows the PDF in its viewer; read the same badge back through the staff API.
    badge_pdf = console.context.request.get(f"{console.base_url}/api/v1/participants/{participant.id}/badge.pdf").body()
    text = PdfReader(io.BytesIO(badge_pdf)).pages[0].extract_text()
    assert person["name_en"] in text
    code = _badge_code_from_pdf(badge_pdf)
    db.session.rollback()
    participant = db.session.get(Participant, participant.id)
    assert participant.status == "confirmed" and participant.badge_print_count == 1
    assert code == participant.badge_code

    # 4. The desk scans the printed badge (a hand scanner types the code and Enter).
    door = journey(viewport=PHONE, language=language, name="journey-desk")
    door.sign_in(desk.email, TEST_PASSWORD)
    door.goto("/desk/")
    door.page.fill("#scan-code", code)
    door.page.press("#scan-code", "Enter")
    door.page.wait_for_selector(".scan-result--ok")
    assert person["name_ar"] in door.page.inner_text("#scan-result")
    door.shot("scanned ok")
    door.page.fill("#scan-code", code)
    door.page.press("#scan-code", "Enter")
    door.page.wait_for_selector(".scan-result--warn, .scan-result--already, .scan-result:not(.scan-result--ok)")
    door.shot("scanned again")

    # 5. After the forum the organizer opens certificates; the participant downloads theirs.
    console.goto("/desk/counts")
    console.page.click("form[action$='/desk/certificates/open'] button")
    console.shot("certificates open")
    phone.page.goto(link)
    with phone.page.expect_response(lambda r: r.url.endswith("/certificate.pdf")) as downloaded:
        phone.page.click("a[href$='/certificate.pdf']")
    assert downloaded.value.status == 200 and downloaded.value.headers["content-type"] == "application/pdf"
    certificate_pdf = phone.context.request.get(downloaded.value.url).body()
    certificate = PdfReader(io.BytesIO(certificate_pdf)).pages[0].extract_text()
    assert person["name_en"] in certificate
    phone.shot("certificate downloaded")
    for j in (phone, console, door):
        assert j.console_errors == [], (j.name, j.console_errors, j.failed_responses)
