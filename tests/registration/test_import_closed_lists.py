"""The import accepts closed-list values in Arabic or English, names row and column of every
problem in the organizer's language, and offers a template (CSV and Excel) with the allowed values."""

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from conference.models import Participant
from tests.registration.test_import_export import confirm, upload, xlsx_bytes

HEADER = ["name_ar", "email", "sector", "category", "language", "honorific"]


def _row(n, sector, category="", language="", honorific=""):
    return {"name_ar": f"مدعو {'أبجد'[n % 4]}", "email": f"i{n}@example.org", "sector": sector,
            "category": category, "language": language, "honorific": honorific}


def test_arabic_and_english_names_of_closed_values_are_accepted(db, client, edition, login_as):
    login_as("organizer")
    rows = [_row(1, "حكومي", "متحدث", "العربية", "د."), _row(2, "القطاع الخاص", "VIP", "English", "Eng."),
            _row(3, "Academic", "كبار الشخصيات", "en", "م"), _row(4, "غير ربحي", "عارض", "الانجليزية", ""),
            _row(5, "non-profit", "Speaker", "", "prof"), _row(6, "", "", "", "")]
    preview = upload(client, xlsx_bytes(rows, HEADER), "invitees.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "flash--error" not in html
    confirm(client, html)
    db.session.rollback()
    found = {p.email: (p.sector, p.category, p.language, p.honorific)
             for p in db.session.scalars(select(Participant))}
    assert found == {
        "i1@example.org": ("government", "speaker", "ar", "dr"),
        "i2@example.org": ("private", "vip", "en", "eng"),
        "i3@example.org": ("academic", "vip", "en", "eng"),
        "i4@example.org": ("non_profit", "exhibitor", "en", ""),
        "i5@example.org": ("non_profit", "speaker", "ar", "prof"),
        "i6@example.org": ("other", "participant", "ar", ""),
    }


def test_problems_name_row_and_column_in_the_organizers_language(db, client, edition, login_as):
    login_as("organizer")
    rows = [_row(1, "حكومي"), _row(2, "فضائي", "ملك"), {"name_ar": "", "email": "", "sector": "media"}]
    html = upload(client, xlsx_bytes(rows, HEADER), "invitees.xlsx").get_data(as_text=True)
    assert re.search(r'<td class="num">3</td>', html)
    assert "العمود القطاع (\u2066sector\u2069): \u2068“فضائي”\u2069 ليس من القائمة." in html
    assert "حكومي" in html and "العمود الفئة (\u2066category\u2069)" in html
    # an organizer's file is not a visitor: no "enter your name"
    assert "العمود البريد الإلكتروني (\u2066email\u2069): البريد الإلكتروني مفقود." in html
    assert "الاسم مفقود: اكتبه بالعربية أو بالإنجليزية" in html and "أدخل اسمك" not in html
    client.get("/language/en")
    english = upload(client, xlsx_bytes(rows, HEADER), "invitees.xlsx").get_data(as_text=True)
    assert ("Column Sector (\u2066sector\u2069): \u2068“فضائي”\u2069 is not on the list. Write one of: "
            "\u2066Government\u2069, \u2066Private sector\u2069") in english
    assert db.session.scalar(select(Participant.id)) is None


def test_templates_hold_the_columns_an_example_and_the_allowed_values(db, client, edition, login_as):
    login_as("organizer")
    assert client.get("/console/participants/import").get_data(as_text=True).count("/import/template.") == 2
    text = client.get("/console/participants/import/template.csv").data.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["name_ar", "name_en", "email"] and "sector" in header and "honorific" in header
    assert example[header.index("sector")] == "حكومي" and example[header.index("category")] == "مشارك"
    response = client.get("/console/participants/import/template.xlsx")
    assert 'filename=participants-template.xlsx' in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    allowed = [row for row in workbook["allowed values"].iter_rows(values_only=True)]
    assert ("sector", "government", "حكومي", "Government") in allowed
    assert (None, "vip", "كبار الشخصيات", "VIP") in allowed
    drop_downs = {str(v.sqref).split(":")[0]: v.formula1 for v in workbook["participants"].data_validations.dataValidation}
    assert "حكومي" in drop_downs["G2"]
    # the filled template imports as it is
    preview = upload(client, response.data, "participants-template.xlsx")
    confirm(client, preview.get_data(as_text=True))
    db.session.rollback()
    person = db.session.scalar(select(Participant))
    assert (person.email, person.sector, person.category, person.honorific) == ("ahmed@example.org", "government",
                                                                                "participant", "eng")
    assert client.get("/console/participants/import/template.pdf").status_code == 404
