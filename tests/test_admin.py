import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from conference.models import AuditLog, Edition, User
from conference.models.identity import FaqEntry, Partner
from tests.helpers import csrf_from, form_post


def _edition_form(edition: Edition, **changes) -> dict:
    data = {
        "number": edition.number, "year": edition.year,
        "title_ar": edition.title_ar, "title_en": edition.title_en,
        "theme_ar": edition.theme_ar, "theme_en": edition.theme_en,
        "venue_ar": edition.venue_ar, "venue_en": edition.venue_en,
        "city_ar": edition.city_ar, "city_en": edition.city_en,
        "patron_ar": "", "patron_en": "",
        "starts_on": edition.starts_on.isoformat(), "ends_on": edition.ends_on.isoformat(),
        "timezone": edition.timezone, "capacity": edition.capacity,
        "waitlist_enabled": "y", "registration_opens_at": "2026-01-01T08:00",
        "registration_closes_at": "2026-12-01T23:00", "badge_layout": "a6",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_edits_the_edition_and_it_is_audited(client, db, edition, login_as):
    admin = login_as("admin")
    response = form_post(client, "/console/edition", _edition_form(edition, capacity=250, approval_required="y"))
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.capacity == 250 and edition.approval_required
    # Local Riyadh time 08:00 is 05:00 UTC.
    assert edition.registration_opens_at.hour == 5
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "edition.update"))
    assert entry.user_id == admin.id
    assert entry.details["changes"]["capacity"] == [100, 250]


def test_invalid_edition_changes_are_refused_and_nothing_is_saved(client, db, edition, login_as):
    login_as("admin")
    bad = _edition_form(edition, capacity=0, ends_on=(edition.starts_on - timedelta(days=1)).isoformat(), title_ar="")
    response = form_post(client, "/console/edition", bad)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "لا يمكن أن يسبق اليوم الأخير اليوم الأول" in html
    assert "هذا الحقل مطلوب" in html
    db.session.refresh(edition)
    assert edition.capacity == 100
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "edition.update")) is None


def test_starting_a_new_edition_archives_the_current_one(client, db, edition, login_as):
    login_as("admin")
    page = client.get("/console/editions/new").get_data(as_text=True)
    assert 'value="4"' in page  # the next number is proposed
    next_day = date(edition.year + 1, 3, 1)
    data = _edition_form(edition, number=4, year=edition.year + 1, theme_ar="مدن مستدامة", theme_en="Sustainable Cities",
                         starts_on=next_day.isoformat(), ends_on=next_day.isoformat())
    response = client.post("/console/editions/new", data={"csrf_token": csrf_from(page), **data})
    assert response.status_code == 302
    current = Edition.current()
    assert current.number == 4 and current.theme_en == "Sustainable Cities"
    assert [e.number for e in Edition.archive()] == [3]
    archive = client.get("/archive").get_data(as_text=True)
    assert "/editions/3" in archive
    assert client.get("/editions/3").status_code == 200
    assert client.get("/editions/99").status_code == 404
    # A duplicate number is refused.
    again = form_post(client, "/console/editions/new", data)
    assert "هذا الرقم مستخدم لدورة أخرى" in again.get_data(as_text=True)


@pytest.mark.parametrize("carry_over", [True, False])
def test_a_new_edition_starts_with_the_partners_and_questions_when_asked(client, db, edition, login_as, carry_over):
    db.session.add_all([
        Partner(edition_id=edition.id, name_ar="مكتب المدينة الذكية", name_en="Smart City Office", tier="strategic",
                website="https://smart.example", position=0),
        FaqEntry(edition_id=edition.id, question_ar="هل الحضور مجاني؟", question_en="Is it free?",
                 answer_ar="نعم", answer_en="Yes", position=0),
    ])
    db.session.commit()
    login_as("admin")
    page = client.get("/console/editions/new").get_data(as_text=True)
    [checkbox] = re.findall(r'<input[^>]*name="carry_over"[^>]*>', page)
    assert " checked" in checkbox  # on unless the organizer unticks it
    next_day = date(edition.year + 1, 3, 1)
    data = _edition_form(edition, number=4, year=edition.year + 1, starts_on=next_day.isoformat(),
                         ends_on=next_day.isoformat(), carry_over="y" if carry_over else None)
    assert client.post("/console/editions/new", data={"csrf_token": csrf_from(page), **data}).status_code == 302
    new = Edition.current()
    partners = db.session.scalars(select(Partner).where(Partner.edition_id == new.id)).all()
    questions = db.session.scalars(select(FaqEntry).where(FaqEntry.edition_id == new.id)).all()
    if carry_over:
        assert [(p.name_en, p.tier, p.website) for p in partners] == [("Smart City Office", "strategic", "https://smart.example")]
        assert [q.question_ar for q in questions] == ["هل الحضور مجاني؟"]
    else:
        assert partners == [] and questions == []
    assert db.session.scalar(select(func.count()).select_from(Partner).where(Partner.edition_id == edition.id)) == 1


def test_admin_manages_accounts(client, db, login_as):
    admin = login_as("admin")
    response = form_post(client, "/console/users/new",
                         {"email": "door@forum.example", "name": "باب", "role": "desk", "password": "door password 1"})
    assert response.status_code == 302
    desk = db.session.scalar(select(User).where(User.email == "door@forum.example"))
    assert desk.role == "desk" and desk.check_password("door password 1")
    response = form_post(client, f"/console/users/{desk.id}/active", {}, form_url="/console/users")
    db.session.refresh(desk)
    assert not desk.active
    # Own account cannot be disabled.
    form_post(client, f"/console/users/{admin.id}/active", {}, form_url="/console/users")
    db.session.refresh(admin)
    assert admin.active
    dup = form_post(client, "/console/users/new", {"email": "DOOR@forum.example", "role": "desk", "password": "x" * 12})
    assert "هذا البريد مستخدم في حساب آخر" in dup.get_data(as_text=True)
    actions = db.session.scalars(select(AuditLog.action)).all()
    assert "user.create" in actions and "user.disable" in actions
    audit_page = client.get("/console/audit").get_data(as_text=True)
    assert "user.disable" in audit_page


def test_audit_log_page_lists_changes(client, db, edition, login_as):
    login_as("admin")
    form_post(client, "/console/edition", _edition_form(edition, capacity=120))
    html = client.get("/console/audit").get_data(as_text=True)
    assert "edition.update" in html
    assert "capacity" in html
