"""Attendance certificates: a real PDF read back, its QR decoded and followed, and the email job."""

import email
import email.policy
import io
import time
from datetime import date, timedelta

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import func, select

from conference.models import Job, OutgoingEmail, utcnow
from conference.models.certificates import Certificate
from tests.checkin.test_checkin import add_person
from tests.helpers import make_edition
from tests.pdf_text import normalized


def ended_edition(db):
    yesterday = date.today() - timedelta(days=2)
    return make_edition(db, starts_on=yesterday, ends_on=yesterday)


def read_qr(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_a_checked_in_participant_downloads_a_genuine_certificate(client, db):
    edition = ended_edition(db)
    person = add_person(db, edition, name_ar="نورة عبدالله الشهري", name_en="Noura Alshehri", checked_in_at=utcnow())
    response = client.get(f"/r/{person.manage_token}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Noura Alshehri" in text and "CERTIFICATE OF ATTENDANCE" in text.upper()
    assert "نورة عبدالله الشهري" in normalized(text), text
    certificate = db.session.scalar(select(Certificate).where(Certificate.participant_id == person.id))
    assert certificate.code in text

    [url] = read_qr(response.data)
    assert url == f"http://localhost/verify/{certificate.code}"
    verified = client.get(url.removeprefix("http://localhost"))
    page = verified.get_data(as_text=True)
    assert verified.status_code == 200 and "نورة عبدالله الشهري" in page
    assert person.email not in page and person.phone not in page and person.organization not in page
    assert client.get("/verify/ABCD-EFGH-JKMN").status_code == 404

    again = client.get(f"/r/{person.manage_token}/certificate.pdf")
    assert again.status_code == 200
    db.session.rollback()
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_no_certificate_without_a_check_in_or_before_the_end(client, db, login_as):
    edition = make_edition(db)  # in twenty days
    present = add_person(db, edition, checked_in_at=utcnow())
    absent = add_person(db, edition)
    assert client.get(f"/r/{present.manage_token}/certificate.pdf").status_code == 404
    assert client.get(f"/r/{absent.manage_token}/certificate.pdf").status_code == 404
    assert client.get("/r/made-up-token/certificate.pdf").status_code == 404

    login_as("organizer")
    page = client.get("/desk/counts").get_data(as_text=True)
    from tests.helpers import csrf_from

    client.post("/desk/certificates/open", data={"csrf_token": csrf_from(page)})
    assert client.get(f"/r/{present.manage_token}/certificate.pdf").status_code == 200
    assert client.get(f"/r/{absent.manage_token}/certificate.pdf").status_code == 404


def test_organizers_email_every_certificate_link_as_a_job(client, db, login_as, app):
    edition = ended_edition(db)
    people = [add_person(db, edition, checked_in_at=utcnow(), language=lang) for lang in ("ar", "en")]
    add_person(db, edition)  # did not come
    login_as("organizer")
    from tests.helpers import csrf_from

    token = csrf_from(client.get("/desk/counts").get_data(as_text=True))
    client.get("/language/en")
    question = client.post("/desk/certificates/email", data={"csrf_token": token})
    assert question.status_code == 200 and "2 emails will be sent." in question.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0  # asking started nothing
    response = client.post("/desk/certificates/email", data={"csrf_token": token, "confirm": "yes"})
    assert "/jobs/" in response.headers["Location"]
    job = wait_for_job(db)
    assert job.status == "done" and (job.done, job.total) == (2, 2)
    messages = db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.participant_id)).all()
    assert [m.participant_id for m in messages] == [p.id for p in people]
    assert all(m.status == "sent" for m in messages)
    arabic = email.message_from_bytes(messages[0].raw, policy=email.policy.default).get_body(("plain",)).get_content()
    assert f"/r/{people[0].manage_token}/certificate.pdf" in arabic
    outbox = list((app.instance_path and __import__("pathlib").Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 2

    client.post("/desk/certificates/email", data={"csrf_token": token, "confirm": "yes"})
    second = wait_for_job(db, skip=job.id)
    assert (second.done, second.total) == (0, 0)  # nobody is sent the link twice


def wait_for_job(db, skip=None) -> Job:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.rollback()
        job = db.session.scalar(select(Job).where(Job.id != (skip or "")).order_by(Job.created_at.desc()))
        if job and job.status in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not finish")
