"""Import from CSV/XLSX with preview, per-row errors, duplicates and dry run; export read back;
the CLI commands."""

import csv
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from conference.models import AuditLog, Participant
from conference.registration.service import register_participant
from tests.helpers import csrf_from

HEADER = ["name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city", "language", "category"]
FIRST = ["أحمد", "فاطمة", "عبدالله", "نورة", "إبراهيم", "هيفاء", "مصطفى", "سارة"]
FAMILY = ["الغامدي", "الزهراني", "القحطاني", "العتيبي", "الشهري"]
MIDDLE = ["محمد", "علي", "سعد", "ناصر", "فهد", "حسن", "عمر", "صالح", "يوسف", "خالد"]
BAD_ROWS = {  # row index (0-based among data rows) -> what is wrong
    10: ("email", "not-an-email"),
    250: ("sector", "space"),
    500: ("category", "king"),
    750: ("name_ar", ""),  # no name at all
    999: ("phone", "12"),
}


def thousand_rows():
    rows = []
    for n in range(1000):
        row = {
            "name_ar": f"{FIRST[n % 8]} {MIDDLE[n // 8 % 10]} {FAMILY[n % 5]}",
            "name_en": f"Person {MIDDLE[n % 10]}",
            "email": f"invitee{n}@example.org",
            "phone": f"+96650{n:07d}",
            "organization": "أمانة محافظة جدة" if n % 2 else "جامعة الملك عبدالعزيز",
            "job_title": "مهندس",
            "sector": "government" if n % 2 else "academic",
            "city": "جدة",
            "language": "ar",
            "category": "speaker" if n % 100 == 0 else "participant",
        }
        if n in BAD_ROWS:
            field, value = BAD_ROWS[n]
            row[field] = value
            if field == "name_ar":
                row["name_en"] = ""
        rows.append(row)
    return rows


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name, **form):
    page = client.get("/console/participants/import")
    token = csrf_from(page.get_data(as_text=True))
    data = {"csrf_token": token, "file": (io.BytesIO(content), name), **form}
    return client.post("/console/participants/import", data=data, content_type="multipart/form-data")


def confirm(client, preview_html):
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview_html))
    return client.post("/console/participants/import/apply", data=fields)


@pytest.mark.app_config(MAIL_DELIVER_INLINE=True)
def test_thousand_row_xlsx_reports_bad_rows_and_imports_the_rest(db, client, edition, login_as):
    edition.capacity = 2000
    db.session.commit()
    login_as("organizer")
    preview = upload(client, xlsx_bytes(thousand_rows()), "invitees.xlsx")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    for index, (field, _value) in BAD_ROWS.items():
        line = index + 2  # the header is row 1
        assert re.search(rf'<td class="num">{line}</td>', html), line
        assert f"(\u2066{field}\u2069)" in html  # the column's name, isolated in the sentence
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0  # a preview saves nothing

    done = confirm(client, html)
    assert done.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 995
    person = db.session.scalar(select(Participant).where(Participant.email == "invitee4@example.org"))
    assert person.name_ar == "إبراهيم محمد الشهري" and person.source == "import" and person.status == "confirmed"
    assert db.session.scalar(select(Participant.category).where(Participant.email == "invitee100@example.org")) == "speaker"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "participants.import"))
    assert entry.details["created"] == 995 and entry.details["errors"] == 5
    # imported without "send confirmation emails": nothing was queued
    from conference.models import OutgoingEmail

    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0


def test_duplicates_are_skipped_or_updated(db, client, edition, login_as):
    register_participant(edition, {"name_ar": "خالد", "email": "Khalid@Example.org", "organization": "قديم"},
                         source="organizer", notify=False)
    db.session.commit()
    login_as("organizer")
    rows = [{"name_ar": "خالد الحربي", "email": "khalid@example.org", "organization": "جديد"},
            {"name_ar": "ريم", "email": "reem@example.org"},
            {"name_ar": "ريم مرة أخرى", "email": "REEM@example.org"}]
    content = xlsx_bytes(rows)
    skip = upload(client, content, "a.xlsx", on_duplicate="skip").get_data(as_text=True)
    assert "3" in skip and "reem@example.org" in skip  # row 4 repeats row 3's email: an error
    assert re.search(r'<td class="num">4</td>', skip)
    confirm(client, skip)
    db.session.rollback()
    khalid = db.session.scalar(select(Participant).where(Participant.name_ar.startswith("خالد")))
    assert khalid.organization == "قديم"
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 2

    update = upload(client, content, "a.xlsx", on_duplicate="update").get_data(as_text=True)
    confirm(client, update)
    db.session.rollback()
    khalid = db.session.get(Participant, khalid.id)
    assert (khalid.name_ar, khalid.organization) == ("خالد الحربي", "جديد")
    assert "الحربي" in khalid.search_text
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 2


@pytest.mark.parametrize("name,content,message", [
    ("list.pdf", b"%PDF-1.4", "CSV"),
    ("list.xlsx", b"this is not a zip", "xlsx"),
    ("list.xlsx", b"PK\x03\x04broken zip", "Excel"),
    ("list.csv", b"", ""),
    ("list.csv", "الاسم,البريد\nأحمد,a@example.org\n".encode(), "email"),
    ("list.csv", b"\x00\x01\x02binary", "CSV"),
])
def test_bad_files_get_a_clear_message_and_change_nothing(db, client, edition, login_as, name, content, message):
    login_as("organizer")
    client.get("/language/en")
    response = upload(client, content, name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and message in html
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_too_large_upload_is_refused(db, client, edition, login_as):
    login_as("organizer")
    response = upload(client, b"name_ar,email\n" + b"x" * (6 * 1024 * 1024), "big.csv")
    assert response.status_code in (413, 422)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_import_confirm_with_a_forged_token_changes_nothing(client, edition, login_as):
    login_as("organizer")
    token = csrf_from(client.get("/console/participants/import").get_data(as_text=True))
    response = client.post("/console/participants/import/apply", data={"csrf_token": token, "token": "../../etc/passwd"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/participants/import")


def seed(db, edition):
    for n, (ar, en) in enumerate([("أحمد الغامدي", "Ahmed Alghamdi"), ("فاطمة الزهراني", ""),
                                  ("مؤسسة =SUM(A1)", "Formula Test")]):
        register_participant(edition, {"name_ar": ar, "name_en": en, "email": f"p{n}@example.org",
                                       "phone": "+966501234567", "organization": "=HYPERLINK(\"x\")" if n == 2 else "أمانة جدة"},
                             source="organizer", notify=False)
    db.session.commit()


def test_csv_export_has_bom_and_arabic_and_reimports(db, client, edition, login_as):
    seed(db, edition)
    login_as("organizer")
    response = client.get("/console/participants/export?format=csv")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "participants.export")) == 1
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0].keys() >= set(HEADER) | {"id", "status"}
    assert {r["name_ar"] for r in rows} >= {"أحمد الغامدي", "فاطمة الزهراني"}
    formula = next(r for r in rows if r["email"] == "p2@example.org")
    assert formula["organization"].startswith("'=")  # never run as a formula by a spreadsheet
    assert next(r for r in rows if r["email"] == "p0@example.org")["phone"] == "+966501234567"

    # edit the export and import it back: updates, no duplicates, Arabic intact
    for row in rows:
        if row["email"] == "p1@example.org":
            row["name_ar"] = "فاطمة الزهراني الحربي"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
    preview = upload(client, out.getvalue().encode("utf-8-sig"), "edited.csv", on_duplicate="update")
    confirm(client, preview.get_data(as_text=True))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 3
    assert db.session.scalar(select(Participant.name_ar).where(Participant.email == "p1@example.org")) == "فاطمة الزهراني الحربي"
    assert db.session.scalar(select(Participant.organization).where(Participant.email == "p2@example.org")) == '=HYPERLINK("x")'


def test_xlsx_export_opens_with_arabic_intact_and_follows_filters(db, client, edition, login_as):
    seed(db, edition)
    login_as("organizer")
    response = client.get("/console/participants/export?format=xlsx&q=احمد")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.values)
    header, rows = values[0], values[1:]
    assert list(header[:11]) == ["id", *HEADER]
    assert len(rows) == 1 and rows[0][1] == "أحمد الغامدي" and rows[0][3] == "p0@example.org"
    assert client.get("/console/participants/export?format=pdf").status_code == 400


def test_cli_import_dry_run_then_import_and_export(db, app, edition, tmp_path):
    edition.capacity = 2000
    db.session.commit()
    source = tmp_path / "invitees.xlsx"
    source.write_bytes(xlsx_bytes(thousand_rows()))
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["participants", "import", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "row 12:" in dry.output and "row 1001:" in dry.output and "would add 995" in dry.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0

    real = runner.invoke(args=["participants", "import", str(source)])
    assert "added 995" in real.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 995

    out = tmp_path / "out.xlsx"
    exported = runner.invoke(args=["participants", "export", "--format", "xlsx", "--out", str(out)])
    assert exported.exit_code == 0
    rows = list(load_workbook(out).active.values)
    assert len(rows) == 996 and any(r[1] == "أحمد محمد الغامدي" for r in rows[1:])

    csv_out = tmp_path / "out.csv"
    runner.invoke(args=["participants", "export", "--format", "csv", "--out", str(csv_out)])
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    again = runner.invoke(args=["participants", "import", str(csv_out)])
    assert "added 0" in again.output and "skipped 995" in again.output

    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    refused = runner.invoke(args=["participants", "import", str(bad)])
    assert refused.exit_code != 0
