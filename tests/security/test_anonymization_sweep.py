"""After anonymizing an edition, nothing anywhere names its people: every table of the database
and every file of the instance folder (PDFs read back, spreadsheets and emails unpacked) is
searched for each removed name, email and phone number — with files in the instance folder and
with files in the shared database storage."""

import email
import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from conference.extensions import db as _db
from conference.models import Participant
from tests.conftest import csrf_from, form_post, login, make_edition, make_user
from tests.test_badges import wait_for_job
from tests.test_participants_import_export import upload, xlsx_bytes

pytestmark = pytest.mark.security

PEOPLE = [
    {"name_ar": "هزاع بن مرشد الظفيري", "name_en": "Hazza Aldhafeeri", "email": "hazza.dhafeeri@amana.example",
     "phone": "0557001122"},
    {"name_ar": "جواهر عبدالمحسن القحطاني", "name_en": "Jawaher Alqahtani", "email": "jawaher.q@baladiya.example",
     "phone": "0568003344"},
]
PHONE_FORMS = ["+966557001122", "966557001122", "0557001122", "+966568003344", "0568003344"]


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
    copies = _found(app)
    files = ("jobs/", "imports/", "outbox/") if stored_in == "folder" else ("stored_files.data",)
    for where in ("participants.name_ar", "audit_log.details", "outgoing_emails.raw", *files):
        assert any(w.startswith(where) for w in copies), (where, copies)

    edition.is_current = False
    make_edition(db, number=3)
    admin = app.test_client()
    login(admin, make_user(db, "admin"))
    done = form_post(admin, "/console/privacy/2/anonymize", {"confirm": "2"}, form_url="/console/privacy")
    assert done.status_code == 302
    assert _found(app) == []
    assert admin.get(detail).status_code == 200  # the record stays, without the person


def _needles() -> list[str]:
    values = [v for p in PEOPLE for v in (p["name_ar"], p["name_en"], p["email"])]
    return values + PHONE_FORMS + [PEOPLE[0]["name_en"] + " Jr"]


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
