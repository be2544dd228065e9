"""Every uploaded spreadsheet is measured before it is parsed: too many members or members that
unpack too large are refused with a clear message, and nothing changes."""

import io

import pytest
from sqlalchemy import func, select

from conference.models import Participant
from conference.models.awards import Award
from conference.spreadsheets import MAX_MEMBERS, SpreadsheetRefused, check_xlsx
from tests.bombs import xlsx_bomb
from tests.helpers import form_post
from tests.registration.test_import_export import upload, xlsx_bytes

REFUSED_AR = "حجم الجدول بعد فك ضغطه أكبر مما يحتاجه محتواه"


@pytest.fixture(scope="module")
def bomb():
    return xlsx_bomb(20 * 1024 * 1024)


def test_a_bomb_is_refused_by_the_participant_import(client, db, edition, login_as, bomb):
    assert len(bomb) < 100_000
    login_as("organizer")
    response = upload(client, bomb, "invitees.xlsx")
    assert response.status_code == 422 and REFUSED_AR in response.get_data(as_text=True)
    client.get("/language/en")
    english = upload(client, bomb, "invitees.xlsx").get_data(as_text=True)
    assert "The spreadsheet unpacks to more than its content needs" in english
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_a_bomb_is_refused_by_the_awards_import(client, db, edition, login_as, bomb):
    login_as("organizer")
    data = {"file": (io.BytesIO(bomb), "awards.xlsx")}
    html = form_post(client, "/console/awards/import", data, content_type="multipart/form-data").get_data(as_text=True)
    assert REFUSED_AR in html
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Award)) == 0


def test_too_many_members_are_refused_and_an_ordinary_workbook_passes():
    with pytest.raises(SpreadsheetRefused):
        check_xlsx(xlsx_bomb(0, members=MAX_MEMBERS))
    check_xlsx(xlsx_bytes([{"name_ar": "أحمد", "email": "a@example.org"}]))
