"""The forum tells people where they stand: waiting list on the home page and the form when
full, the place in the queue, restoring a cancelled registration, badge numbers at the desk."""

from sqlalchemy import func, select

from conference.models import AuditLog, OutgoingEmail, Participant
from conference.registration.service import cancel_registration, register_participant
from tests.helpers import form_post
from tests.registration.test_form import register


def add(edition, n):
    return register_participant(edition, {"name_ar": f"مشارك {n}", "email": f"h{n}@example.org"},
                                source="organizer", check_window=False, notify=False).participant


def test_a_full_edition_says_waiting_list_on_the_home_page_and_the_form(client, db, edition):
    edition.capacity = 1
    db.session.commit()
    assert "قائمة الانتظار" not in client.get("/").get_data(as_text=True)
    add(edition, 1)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "انضم إلى قائمة الانتظار" in home and "سجّل الآن" not in home
    form = client.get("/register").get_data(as_text=True)
    assert "انضم إلى قائمة الانتظار" in form
    english = client.get("/register", headers={"Accept-Language": "en"}, query_string={"lang": "en"})
    assert english.status_code == 200


def test_the_waiting_list_shows_each_persons_place(client, db, edition):
    edition.capacity = 1
    db.session.commit()
    add(edition, 1)
    second, third = add(edition, 2), add(edition, 3)
    db.session.commit()
    assert second.status == third.status == "waitlisted"
    page = client.get(f"/r/{third.manage_token}").get_data(as_text=True)
    assert "ترتيبك في قائمة الانتظار: 2" in page
    assert f"/r/{third.manage_token}/event.ics" not in page  # no calendar for a seat not held
    assert "ترتيبك في قائمة الانتظار: 1" in client.get(f"/r/{second.manage_token}").get_data(as_text=True)


def test_a_cancelled_participant_restores_their_seat_from_their_link(client, db, edition):
    response = register(client)
    path = response.headers["Location"].split("?")[0]
    person = db.session.scalar(select(Participant))
    code, number = person.badge_code, person.badge_number
    cancel_registration(person, notify=False)
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "استعادة تسجيلي" in page
    answer = form_post(client, f"{path}/restore", {}, form_url=path)
    assert answer.status_code == 302
    db.session.rollback()
    person = db.session.get(Participant, person.id)
    assert person.status == "confirmed" and person.cancelled_at is None
    assert (person.badge_code, person.badge_number) == (code, number)
    assert db.session.get(type(edition), edition.id).seats_taken == 1
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "participant.restore")) is not None
    confirmations = db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.participant_id == person.id)).all()
    assert len(confirmations) == 2  # the first confirmation, and the one for the restored seat
    # Restoring again changes nothing.
    again = client.get(path).get_data(as_text=True)
    assert "استعادة تسجيلي" not in again


def test_restoring_is_refused_when_full_without_a_waiting_list(client, db, edition):
    edition.capacity, edition.waitlist_enabled = 1, False
    db.session.commit()
    person = add(edition, 1)
    cancel_registration(person, notify=False)
    add(edition, 2)
    db.session.commit()
    page = client.get(f"/r/{person.manage_token}").get_data(as_text=True)
    assert "استعادة تسجيلي" not in page
    answer = form_post(client, f"/r/{person.manage_token}/restore", {}, form_url="/register/link")
    assert answer.status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, person.id).status == "cancelled"
    assert db.session.get(type(edition), edition.id).seats_taken == 1


def test_the_desk_accepts_the_badge_number_as_typed(client, db, edition, api_token):
    people = [add(edition, n) for n in range(1, 4)]
    db.session.commit()
    headers = api_token("desk")
    for typed in ("#0003", "3", "٣", " 0003 "):
        answer = client.post("/api/v1/checkin", json={"code": typed}, headers=headers)
        assert answer.status_code == 200
        assert answer.get_json()["participant"]["badge_number"] == people[2].badge_number
    assert answer.get_json()["status"] == "already_checked_in"
    unknown = client.post("/api/v1/checkin", json={"code": "#9999"}, headers=headers)
    assert unknown.get_json()["status"] == "invalid"


def test_a_walk_in_vip_needs_no_email_and_errors_speak_to_the_staff(client, db, edition, login_as):
    login_as("desk")
    refused = form_post(client, "/desk/walk-in", {"name_ar": "", "name_en": "", "email": ""})
    assert "أدخل اسم الضيف" in refused.get_data(as_text=True)
    response = form_post(client, "/desk/walk-in", {"name_ar": "معالي الشيخ عبدالله آل ثاني", "sector": "government",
                                                   "category": "vip"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.rollback()
    guest = db.session.scalar(select(Participant))
    assert guest.email is None and guest.status == "confirmed" and guest.checked_in_at is not None
    assert db.session.scalar(select(OutgoingEmail)) is None
    # A second guest without an address is fine too (NULL is not a duplicate).
    again = form_post(client, "/desk/walk-in", {"name_en": "Second Guest", "sector": "private", "category": "vip"})
    assert again.status_code == 302


def test_the_desk_is_warned_outside_the_forums_dates(client, db, edition, login_as):
    login_as("desk")
    page = client.get("/desk/").get_data(as_text=True)
    assert "اليوم ليس يوم الملتقى" in page
    from datetime import datetime

    edition.starts_on = edition.ends_on = datetime.now(edition.tz).date()  # today at the venue
    db.session.commit()
    assert "اليوم ليس يوم الملتقى" not in client.get("/desk/").get_data(as_text=True)


def test_a_session_people_signed_up_for_is_not_deleted_behind_their_backs(client, db, edition, login_as):
    from conference.agenda.signups import sign_up
    from conference.models.agenda import AgendaSession, SessionSignup
    from tests.agenda.test_support import build_agenda, make_participant

    agenda = build_agenda(db, edition)
    workshop_id = agenda["workshop"].id
    for n in range(1, 4):
        sign_up(make_participant(db, edition, n), agenda["workshop"])
    db.session.commit()
    login_as("organizer")
    form = client.get(f"/console/agenda/sessions/{workshop_id}").get_data(as_text=True)
    assert "لا يمكن حذفها" in form
    answer = form_post(client, f"/console/agenda/sessions/{workshop_id}/delete", {},
                       form_url=f"/console/agenda/sessions/{workshop_id}")
    assert answer.status_code == 302
    assert "لم تُحذف" in client.get(answer.headers["Location"]).get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(AgendaSession, workshop_id) is not None
    assert db.session.scalar(select(func.count()).select_from(SessionSignup)) == 3


def test_lookup_tells_namesakes_apart_by_organization_and_a_masked_phone(client, db, edition, login_as):
    for n, (organization, phone) in enumerate((("أمانة محافظة جدة", "0551230001"), ("بلدية رابغ", "0551239999"))):
        register_participant(edition, {"name_ar": "محمد الغامدي", "email": f"g{n}@example.org", "phone": f"+966{phone[1:]}",
                                       "organization": organization}, source="organizer", check_window=False, notify=False)
    db.session.commit()
    login_as("desk")
    html = client.get("/desk/lookup", query_string={"q": "محمد الغامدي"}).get_data(as_text=True)
    assert "أمانة محافظة جدة" in html and "بلدية رابغ" in html
    assert "+966 ••••• 0001" in html and "+966 ••••• 9999" in html and "+966551230001" not in html
