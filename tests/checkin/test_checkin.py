"""The venue desk: the check-in rule through the API, the pages and the CLI, on real SQL."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from conference.models import AuditLog, Participant, RevokedBadgeCode
from conference.models.agenda import AgendaSession
from conference.models.checkin import CheckIn
from tests.helpers import csrf_from, form_post

PARTICIPANT_FIELDS = {"id", "name_ar", "name_en", "organization", "category", "badge_number", "checked_in_at"}


def add_person(db, edition, status="confirmed", **values) -> Participant:
    count = db.session.scalar(select(func.count()).select_from(Participant)) + 1
    person = Participant(
        edition_id=edition.id,
        name_ar=values.pop("name_ar", "أحمد بن علي الغامدي"),
        name_en=values.pop("name_en", "Ahmed Alghamdi"),
        email=values.pop("email", f"person{count}@example.sa"),
        phone=values.pop("phone", f"+96655{count:07d}"),
        organization=values.pop("organization", "أمانة محافظة جدة"),
        sector=values.pop("sector", "government"),
        category=values.pop("category", "speaker"),
        status=status,
        badge_number=1000 + count,
        **values,
    )
    from conference.registration.service import refresh_search_key

    refresh_search_key(person)
    db.session.add(person)
    db.session.commit()
    return person


def scan(client, headers, code, **extra):
    response = client.post("/api/v1/checkin", json={"code": code, **extra}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_each_outcome_of_a_scan(client, db, edition, api_token):
    desk = api_token("desk")
    person = add_person(db, edition)

    first = scan(client, desk, person.badge_code)
    assert first["status"] == "ok"
    assert set(first["participant"]) == PARTICIPANT_FIELDS
    assert first["participant"]["name_ar"] == "أحمد بن علي الغامدي"
    assert first["participant"]["category"] == "speaker"

    again = scan(client, desk, " " + person.badge_code.lower() + "\n")
    assert again["status"] == "already_checked_in"
    assert again["first_checked_in_at"] == first["participant"]["checked_in_at"]

    assert scan(client, desk, "NOT-A-REAL-CODE-123")["status"] == "invalid"
    assert scan(client, desk, "NOT-A-REAL-CODE-123")["participant"] is None

    old_code = "A" * 32
    db.session.add(RevokedBadgeCode(code=old_code, participant_id=person.id))
    db.session.commit()
    assert scan(client, desk, old_code)["status"] == "revoked"

    assert scan(client, desk, add_person(db, edition, status="cancelled").badge_code)["status"] == "cancelled"
    assert scan(client, desk, add_person(db, edition, status="waitlisted").badge_code)["status"] == "not_confirmed"
    assert scan(client, desk, add_person(db, edition, status="pending").badge_code)["status"] == "not_confirmed"

    db.session.rollback()
    results = db.session.scalars(select(CheckIn.result).order_by(CheckIn.id)).all()
    assert results == ["ok", "already_checked_in", "invalid", "invalid", "revoked", "cancelled",
                       "not_confirmed", "not_confirmed"]
    record = db.session.scalars(select(CheckIn).order_by(CheckIn.id)).first()
    assert record.where == "door" and record.by_user_id is not None and record.participant_id == person.id


def test_a_badge_of_another_edition_is_invalid(client, db, edition, api_token):
    from tests.helpers import make_edition

    old = make_edition(db, number=1, is_current=False)
    person = add_person(db, old)
    assert scan(client, api_token("desk"), person.badge_code)["status"] == "invalid"


def test_the_same_nonce_twice_records_one_check_in(client, db, edition, api_token):
    desk = api_token("desk")
    person = add_person(db, edition)
    first = scan(client, desk, person.badge_code, nonce="scan-0001-abcdef")
    second = scan(client, desk, person.badge_code, nonce="scan-0001-abcdef")
    assert first["status"] == second["status"] == "ok"
    assert second["replayed"] is True and first["replayed"] is False
    third = scan(client, desk, person.badge_code, nonce="scan-0002-abcdef")
    assert third["status"] == "already_checked_in"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 2


def test_bad_requests_change_nothing(client, db, edition, api_token):
    desk = api_token("desk")
    assert client.post("/api/v1/checkin", data="nope", headers=desk).status_code == 400
    for body in ({}, {"code": ""}, {"code": 5}, {"code": "X", "nonce": "short"}, {"code": "X", "session_id": 999}):
        response = client.post("/api/v1/checkin", json=body, headers=desk)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["fields"]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_only_desk_staff_and_above_may_scan(client, db, edition, api_token):
    person = add_person(db, edition)
    assert client.post("/api/v1/checkin", json={"code": person.badge_code}).status_code == 401
    assert client.post("/api/v1/checkin", json={"code": person.badge_code}, headers=api_token("jury")).status_code == 403
    assert scan(client, api_token("organizer"), person.badge_code)["status"] == "ok"


def test_the_scan_page_calls_the_api_with_its_session_and_csrf_header(client, db, edition, login_as):
    login_as("desk")
    person = add_person(db, edition)
    page = client.get("/desk/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="scan-code"' in html and "js/checkin.js" in html
    token = html.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/api/v1/checkin", json={"code": person.badge_code}).status_code == 400  # no header
    response = client.post("/api/v1/checkin", json={"code": person.badge_code}, headers={"X-CSRFToken": token})
    assert response.get_json()["status"] == "ok"


def test_desk_home_after_login_is_the_scan_page(client, db, edition):
    from tests.helpers import login, make_user

    response = login(client, make_user(db, "desk"))
    assert response.headers["Location"].endswith("/desk/")


def make_session(db, edition, seat_limit=None, kind="workshop"):
    start = datetime.now(UTC).replace(microsecond=0)
    session = AgendaSession(edition_id=edition.id, kind=kind, title_ar="ورشة المدن الذكية", title_en="Smart city workshop",
                            starts_at=start, ends_at=start + timedelta(hours=1), seat_limit=seat_limit)
    db.session.add(session)
    db.session.commit()
    return session


def test_session_attendance_is_counted_once_and_warns_when_full(client, db, edition, api_token):
    desk = api_token("desk")
    session = make_session(db, edition, seat_limit=1)
    first, second = add_person(db, edition), add_person(db, edition)
    answer = scan(client, desk, first.badge_code, session_id=session.id)
    assert answer["status"] == "ok" and answer["session"] == {"id": session.id, "attended": 1, "seat_limit": 1, "full": True}
    repeat = scan(client, desk, first.badge_code, session_id=session.id)
    assert repeat["status"] == "already_checked_in" and repeat["first_checked_in_at"]
    over = scan(client, desk, second.badge_code, session_id=session.id)
    assert over["status"] == "ok" and over["session"]["full"] is True and over["session"]["attended"] == 2
    db.session.rollback()
    assert db.session.get(Participant, first.id).checked_in_at is not None  # present at the event too
    places = db.session.scalars(select(CheckIn.where).where(CheckIn.session_id == session.id)).all()
    assert places == ["session"] * 3


def test_session_pages(client, db, edition, login_as):
    login_as("desk")
    session = make_session(db, edition, seat_limit=30)
    listing = client.get("/desk/sessions").get_data(as_text=True)
    assert "ورشة المدن الذكية" in listing and f"/desk/?session={session.id}" in listing
    page = client.get(f"/desk/?session={session.id}").get_data(as_text=True)
    assert f'data-session-id="{session.id}"' in page
    assert client.get("/desk/?session=99999").status_code == 404


def test_lookup_by_arabic_spelling_and_manual_check_in(client, db, edition, login_as):
    login_as("desk")
    person = add_person(db, edition, name_ar="فاطمة أحمد الزهراني", name_en="Fatimah Alzahrani")
    add_person(db, edition, name_ar="خالد العمري", name_en="Khalid Alomari")
    page = client.get("/desk/lookup?q=فاطمه احمد")
    html = page.get_data(as_text=True)
    assert "فاطمة أحمد الزهراني" in html and "خالد العمري" not in html
    assert client.get("/desk/lookup?q=" + person.phone[-9:]).get_data(as_text=True).count("الزهراني") >= 1
    response = client.post(f"/desk/lookup/{person.id}/checkin", data={"csrf_token": csrf_from(html), "q": "فاطمه"})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, person.id).checked_in_at is not None
    record = db.session.scalar(select(CheckIn))
    assert record.method == "manual" and record.result == "ok"
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "تم تسجيل الحضور" in after


def test_walk_in_registers_checks_in_and_offers_the_badge(client, db, edition, login_as):
    login_as("desk")
    response = form_post(client, "/desk/walk-in", {
        "name_ar": "سعد القحطاني", "name_en": "Saad Alqahtani", "email": "saad@example.sa", "phone": "0551234567",
        "organization": "وزارة الشؤون البلدية", "sector": "government", "category": "participant",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.rollback()
    person = db.session.scalar(select(Participant).where(Participant.email == "saad@example.sa"))
    assert person.source == "walk_in" and person.status == "confirmed" and person.checked_in_at is not None
    assert person.phone == "+966551234567"
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "سعد القحطاني" in done


def test_walk_in_with_bad_input_changes_nothing(client, db, edition, login_as):
    login_as("desk")
    response = form_post(client, "/desk/walk-in", {"name_ar": "", "name_en": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_only_organizers_may_go_over_capacity_with_a_reason(client, db, login_as):
    from tests.helpers import make_edition

    edition = make_edition(db, capacity=1, waitlist_enabled=False)
    add_person(db, edition)
    edition.seats_taken = 1
    db.session.commit()
    login_as("desk")
    page = client.get("/desk/walk-in").get_data(as_text=True)
    assert "override_capacity" not in page
    data = {"name_en": "Late Guest", "email": "late@example.sa", "sector": "private", "category": "participant",
            "override_capacity": "y", "override_reason": "VIP guest"}
    refused = form_post(client, "/desk/walk-in", data)
    assert refused.status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1

    client.post("/account/logout", data={"csrf_token": csrf_from(page)})
    login_as("organizer")
    no_reason = form_post(client, "/desk/walk-in", {**data, "override_reason": ""})
    assert no_reason.status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1, [
        line for line in no_reason.get_data(as_text=True).splitlines() if "error" in line]
    accepted = form_post(client, "/desk/walk-in", data)
    assert accepted.status_code == 302, [line for line in accepted.get_data(as_text=True).splitlines() if "error" in line]
    db.session.rollback()
    guest = db.session.scalar(select(Participant).where(Participant.email == "late@example.sa"))
    assert guest.status == "confirmed" and guest.checked_in_at is not None
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.capacity_override"))
    assert log.details["reason"] == "VIP guest"


def test_live_counts_for_organizers(client, db, edition, login_as, api_token):
    desk = api_token("desk")
    people = [add_person(db, edition, sector=s, category=c) for s, c in
              (("government", "speaker"), ("government", "participant"), ("private", "vip"))]
    scan(client, desk, people[0].badge_code)
    scan(client, desk, people[2].badge_code)
    login_as("organizer")
    page = client.get("/desk/counts").get_data(as_text=True)
    assert "2 من 3" in page and "<svg" in page and 'class="chart__bar"' in page
    data = client.get("/desk/counts.json").get_json()
    assert data["checked_in"] == 2 and data["confirmed"] == 3 and "<svg" in data["html"]


def test_the_arrivals_chart_runs_with_the_reading_direction(client, db, edition, login_as):
    import re
    from datetime import timedelta

    from conference.models import utcnow

    early, late = add_person(db, edition), add_person(db, edition)
    early.checked_in_at, late.checked_in_at = utcnow() - timedelta(hours=2), utcnow()
    db.session.commit()
    login_as("organizer")

    def bar_positions() -> list[float]:
        """The x of each bar with arrivals, earliest first."""
        html = client.get("/desk/counts").get_data(as_text=True)
        return [float(x) for x, title in re.findall(r'<rect class="chart__bar" x="([\d.]+)"[^>]*><title>([^<]*)</title>', html)
                if not title.endswith(": 0")]

    arabic = bar_positions()
    assert len(arabic) == 2 and arabic[0] > arabic[-1]  # earliest arrivals on the right, like the dashboard's chart
    client.get("/language/en")
    english = bar_positions()
    assert len(english) == 2 and english[0] < english[-1]


def test_desk_staff_do_not_see_live_counts(client, db, edition, login_as):
    login_as("desk")
    assert client.get("/desk/counts").status_code == 403
    assert client.get("/desk/counts.json").status_code == 403


def test_the_cli_checks_in_by_code(app, db, edition):
    person = add_person(db, edition)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["checkin", person.badge_code])
    assert first.exit_code == 0 and first.output.startswith("ok\t")
    second = runner.invoke(args=["checkin", person.badge_code])
    assert second.output.startswith("already_checked_in") and "first at" in second.output
    assert runner.invoke(args=["checkin", "nonsense"]).exit_code == 1


@pytest.mark.parametrize("days_after", [0, 1])
def test_certificates_open_the_day_after_the_end_in_the_edition_time_zone(db, days_after):
    from conference.checkin.certificates import certificates_open
    from tests.helpers import make_edition

    edition = make_edition(db, starts_on=date(2026, 3, 10), ends_on=date(2026, 3, 10), timezone="Asia/Riyadh")
    # 21:30 UTC on the 10th is already 00:30 on the 11th in Riyadh.
    now = datetime(2026, 3, 10, 20, 30, tzinfo=UTC) + timedelta(hours=days_after)
    assert certificates_open(edition, now) is bool(days_after)


def test_desk_pages_warn_when_today_is_not_a_forum_day(client, db, edition, login_as):
    login_as("desk")
    client.get("/language/en")
    warning = "Today is not the forum's day ("
    for page in ("/desk/", "/desk/lookup?q=x", "/desk/walk-in"):
        assert warning in client.get(page).get_data(as_text=True), page  # the fixture's forum is in 20 days
    from conference.models import utcnow

    edition.starts_on = edition.ends_on = utcnow().astimezone(edition.tz).date()  # today at the venue, not here
    db.session.commit()
    for page in ("/desk/", "/desk/lookup?q=x", "/desk/walk-in"):
        assert warning not in client.get(page).get_data(as_text=True), page


def test_the_walk_in_rule_refuses_before_saving_anything(app, db, edition):
    from conference.checkin.walk_in import register_walk_in

    person = {"name_ar": "خالد الغامدي", "name_en": "", "email": "", "phone": "0551234567", "organization": "أمانة جدة"}
    with app.test_request_context():
        no_reason = register_walk_in(edition, person, category="vip", override=True, reason="  ")
        no_name = register_walk_in(edition, {**person, "name_ar": ""}, category="vip")
        registered = register_walk_in(edition, person, category="vip")
    assert set(no_reason.errors) == {"override_reason"} and no_reason.participant is None
    assert no_name.errors and no_name.participant is None
    assert registered.participant.source == "walk_in" and registered.participant.category == "vip"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1
