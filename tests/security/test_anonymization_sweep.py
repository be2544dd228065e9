"""After anonymizing an edition, nothing anywhere names its people: every table of the database
and every file of the instance folder (PDFs read back, spreadsheets and emails unpacked) is
searched for each removed name, email and phone number — with files in the instance folder and
with files in the shared database storage. The people include those of the call for experiences
(submitters, co-presenters, the contact address) and the attendees' written feedback."""

import email
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from conference import storage
from conference.agenda.photos import photo_key
from conference.experiences import service as experiences
from conference.extensions import db as _db
from conference.models import Participant
from conference.models.agenda import AgendaSession, Speaker
from conference.models.awards import AwardCategory, Nomination
from conference.models.experiences import ExperienceCall, Submission
from conference.models.feedback import SessionRating, SurveyAnswer, SurveyQuestion
from tests.badges.test_badges import wait_for_job
from tests.helpers import csrf_from, form_post, login, make_edition, make_user
from tests.registration.test_import_export import upload, xlsx_bytes

pytestmark = pytest.mark.security

PEOPLE = [
    {"name_ar": "هزاع بن مرشد الظفيري", "name_en": "Hazza Aldhafeeri", "email": "hazza.dhafeeri@amana.example",
     "phone": "0557001122"},
    {"name_ar": "جواهر عبدالمحسن القحطاني", "name_en": "Jawaher Alqahtani", "email": "jawaher.q@baladiya.example",
     "phone": "0568003344"},
]
PHONE_FORMS = ["+966557001122", "966557001122", "0557001122", "+966568003344", "0568003344"]
PRESENTERS = [
    {"name_ar": "مشاعل بنت فيصل العنزي", "name_en": "Mashael Alanazi", "email": "mashael.anazi@jouf.example"},
    {"name_ar": "بندر سلطان الرويلي", "name_en": "Bandar Alruwaili", "email": "bandar.ruwaili@jouf.example"},
]
CONTACT = "digital.office@jouf.example"
NOMINATION_CONTACT = {"contact_name": "نوف عبدالرحمن السديري", "contact_email": "nouf.sudairi@jouf.example",
                      "contact_phone": "0590004455"}
NOMINATION_PHONES = ["+966590004455", "0590004455"]
FEEDBACK = ["القاعة كانت باردة جدًا يا منظمين", "نقترح ورشة عن الأرشفة الرقمية للعقود"]
NOW = datetime.now(UTC)


def _register(client, person):
    page = client.get("/register")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "organization": "أمانة الجوف", "sector": "government",
            "city": "سكاكا", "language": "ar", "consent": "y", **person}
    assert client.post("/register", data=data).status_code in (200, 302)


@pytest.mark.parametrize("stored_in", [
    pytest.param("folder", id="folder"),
    pytest.param("database", id="database-storage", marks=pytest.mark.app_config(STORAGE_URL="database")),
])
def test_anonymizing_leaves_no_copy_in_the_database_or_the_instance_folder(app, db, client, login_as, stored_in):
    edition = make_edition(db, number=2)
    for person in PEOPLE:
        _register(app.test_client(), person)
    someone = db.session.scalar(select(Participant).where(Participant.email == PEOPLE[0]["email"]))
    login_as("organizer")
    # an organizer's correction goes to the audit trail with the old and new values
    detail = f"/console/participants/{someone.id}"
    form_post(client, f"{detail}/edit", {"name_ar": PEOPLE[0]["name_ar"], "name_en": PEOPLE[0]["name_en"] + " Jr",
                                        "email": PEOPLE[0]["email"], "phone": "+966557001122", "organization": "أمانة الجوف",
                                        "job_title": "مدير التحول الرقمي", "city": "سكاكا", "sector": "government",
                                        "language": "ar"}, form_url=detail)
    # an import file previewed but never applied
    assert upload(client, xlsx_bytes(PEOPLE, header=["name_ar", "name_en", "email", "phone"]), "invitees.xlsx").status_code == 200
    # a bulk badge job whose PDF stays on disk
    page = client.get("/badges/")
    job = client.post("/badges/", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "layout": "a6",
                                        "category": "", "sector": "", "organization": "", "registered_since": "",
                                        "sort": "name", "action": "print"})
    assert wait_for_job(db, job.headers["Location"].rstrip("/").split("/")[-1]).status == "done"
    submission, photo = _experience_with_its_people(app, db, edition)
    old_links = [f"/experiences/s/{submission.manage_token}", f"/experiences/{submission.id}/slides.pdf",
                 *(f"/experiences/p/{p.confirm_token}" for p in submission.presenters)]
    _written_feedback(db, edition, someone)
    nomination = _nomination_with_its_contact(app, db, edition)
    copies = _found(app)
    in_folder = ("jobs/", "imports/", "outbox/", "uploads/experiences/", "uploads/nominations/")
    files = in_folder if stored_in == "folder" else ("stored_files.data",)
    for where in ("participants.name_ar", "audit_log.details", "outgoing_emails.raw", "experience_presenters.name_ar",
                  "experience_submissions.contact_email", "experience_submissions.summary",
                  "experience_reviews.committee_comment", "agenda_speakers.name_ar", "session_ratings.comment",
                  "survey_answers.text", "nominations.contact_name", "nominations.contact_phone", *files):
        assert any(w.startswith(where) for w in copies), (where, copies)
    assert storage.load(photo_key(photo)) is not None

    edition.is_current = False
    make_edition(db, number=3)
    admin = app.test_client()
    login(admin, make_user(db, "admin"))
    done = form_post(admin, "/console/privacy/2/anonymize", {"confirm": "2"}, form_url="/console/privacy")
    assert done.status_code == 302
    assert _found(app) == []
    assert admin.get(detail).status_code == 200  # the record stays, without the person
    _db.session.expire_all()
    # the experience stays in the archive, with its scores and decision, but not its people or their files
    kept = _db.session.get(Submission, submission.id)
    assert kept.title_ar == "منصة الجوف للتصاريح الرقمية" and kept.decision == "accepted" and len(kept.reviews) == 1
    assert kept.attachment_file is None and kept.slides_file is None and kept.contact_email == ""
    assert storage.load(photo_key(photo)) is None
    assert kept.session is not None and kept.session.speakers == []
    assert _db.session.scalar(select(SessionRating)).rating == 4  # ratings count; the words are gone
    kept_nomination = _db.session.get(Nomination, nomination.id)
    assert kept_nomination.organization_ar == "أمانة منطقة الجوف" and kept_nomination.attachment_file is None
    for path in old_links:
        assert app.test_client().get(path).status_code == 404, path
    assert admin.get(f"/console/experiences/{submission.id}").status_code in (200, 404)


def _experience_with_its_people(app, db, edition):
    """A submission sent through the public form with an attachment, a co-presenter with a photo,
    a reviewer quoting a presenter, accepted, a session with its speakers, slides uploaded."""
    the_call = ExperienceCall(edition_id=edition.id, opens_at=NOW - timedelta(days=3), closes_at=NOW + timedelta(days=3))
    db.session.add(the_call)
    db.session.flush()
    criterion = experiences.add_criterion(the_call, "الأثر", "Impact", 1, 10)
    reviewer = make_user(db, "reviewer", "reviewer@test.example")
    experiences.set_reviewers(the_call, {(reviewer.id, None)})
    db.session.commit()
    client = app.test_client()
    fields = {
        "title_ar": "منصة الجوف للتصاريح الرقمية", "entity": "أمانة منطقة الجوف", "sector": "government", "stage": "pilot",
        "summary": f"قادت {PRESENTERS[0]['name_ar']} الفريق لتحويل التصاريح إلى خدمة رقمية.",
        "problem": "تصاريح ورقية بطيئة.", "solution": "منصة موحدة.", "results": "زمن الإصدار من أسبوع إلى يوم.",
        "contact_email": CONTACT, "language": "ar", "consent": "yes",
        **{f"presenter-{n}-{k}": v for n, person in enumerate(PRESENTERS) for k, v in person.items()},
        "attachment": (io.BytesIO(_pdf_by(PRESENTERS[0]["name_en"])), "proposal.pdf"),
    }
    assert form_post(client, "/experiences/call", fields).status_code == 302
    submission = db.session.scalar(select(Submission))
    assert submission.attachment_file
    co_presenter = submission.presenters[1]
    url = f"/experiences/p/{co_presenter.confirm_token}"
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "#0b6e4f").save(picture, "PNG")
    picture.seek(0)
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"csrf_token": csrf, "action": "photo", "photo": (picture, "me.png")}).status_code == 302
    experiences.save_review(reviewer, submission, {criterion.id: 8},
                            committee_comment=f"عرض {PRESENTERS[1]['name_ar']} مقنع، ويمكن التواصل عبر {CONTACT}",
                            submitter_comment="تجربة واضحة النتائج.")
    experiences.decide(submission, "accepted")
    experiences.release_decisions(the_call)
    experiences.make_session(submission, {"starts_at": NOW - timedelta(hours=1), "ends_at": NOW, "published": True},
                             force=True)
    db.session.commit()
    token = submission.manage_token
    csrf = csrf_from(client.get(f"/experiences/s/{token}").get_data(as_text=True))
    slides = client.post(f"/experiences/s/{token}/slides",
                         data={"csrf_token": csrf, "slides": (io.BytesIO(_pdf_by(PRESENTERS[1]["name_en"])), "s.pdf")})
    assert slides.status_code == 302
    db.session.expire_all()
    submission = db.session.get(Submission, submission.id)
    assert submission.slides_file and len(submission.session.speakers) == 2
    return submission, db.session.get(Speaker, co_presenter.speaker_id).photo


def _nomination_with_its_contact(app, db, edition):
    category = AwardCategory(edition_id=edition.id, name_ar="أفضل خدمة إلكترونية", name_en="Best e-Service",
                             nominations_open_at=NOW - timedelta(days=1), nominations_close_at=NOW + timedelta(days=5))
    db.session.add(category)
    db.session.commit()
    fields = {"category_id": str(category.id), "organization_ar": "أمانة منطقة الجوف", "organization_en": "Al-Jouf Municipality",
              "title": "التصاريح الرقمية", "description": "إصدار التصاريح آليًا خلال دقائق بعد التحقق من المخططات المعتمدة.",
              **NOMINATION_CONTACT, "attachment": (io.BytesIO(_pdf_by("Nouf Alsudairi")), "dossier.pdf")}
    sent = form_post(app.test_client(), "/awards/nominate", fields, content_type="multipart/form-data")
    assert sent.status_code == 302
    return db.session.scalar(select(Nomination))


def _pdf_by(author: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": author})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _written_feedback(db, edition, attendee):
    session = AgendaSession(edition_id=edition.id, kind="keynote", title_ar="المدن الذكية", published=True,
                            starts_at=NOW - timedelta(hours=3), ends_at=NOW - timedelta(hours=2))
    question = SurveyQuestion(edition_id=edition.id, text_ar="ما اقتراحك؟", text_en="Your suggestion?", kind="text")
    db.session.add_all([session, question])
    db.session.flush()
    db.session.add_all([SessionRating(session_id=session.id, participant_id=attendee.id, rating=4, comment=FEEDBACK[0]),
                        SurveyAnswer(question_id=question.id, participant_id=attendee.id, text=FEEDBACK[1])])
    db.session.commit()


def _needles() -> list[str]:
    values = [v for p in PEOPLE + PRESENTERS for v in (p["name_ar"], p["name_en"], p["email"])]
    return values + PHONE_FORMS + [PEOPLE[0]["name_en"] + " Jr", CONTACT, *FEEDBACK, "Nouf Alsudairi",
                                   NOMINATION_CONTACT["contact_name"], NOMINATION_CONTACT["contact_email"], *NOMINATION_PHONES]


def _found(app) -> list[str]:
    """Where any removed value still is: 'table.column' or a file path."""
    haystacks = list(_database_texts()) + list(_instance_texts(Path(app.instance_path)))
    return sorted({where for where, text in haystacks for needle in _needles() if needle.lower() in text.lower()})


def _database_texts():
    _db.session.rollback()
    with _db.engine.connect() as connection:
        for table in _db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for column, value in row._mapping.items():
                    if isinstance(value, bytes):
                        value = _readable(value)
                    yield f"{table.name}.{column}", str(value)


def _instance_texts(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith("forum.sqlite3"):
            yield str(path.relative_to(folder)), _readable(path.read_bytes())


def _readable(data: bytes) -> str:
    """The text a person could read out of the bytes: PDF text, zip members, decoded email parts."""
    parts = [data.decode("utf-8", "ignore")]
    if data.startswith(b"%PDF"):
        parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    elif data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()]
    elif b"MIME-Version" in data[:4000]:
        message = email.message_from_bytes(data)
        parts += [str(message.get(h, "")) for h in ("To", "Subject")]
        parts += [(part.get_payload(decode=True) or b"").decode("utf-8", "ignore")
                  for part in message.walk() if not part.is_multipart()]
    return "\n".join(parts).replace("\u0640", "")
