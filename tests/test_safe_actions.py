"""Actions that move or email people ask first, naming the effect and how many people it reaches;
the first post changes nothing and the confirming post does exactly what the page said."""

import re

from sqlalchemy import func, select

from conference.models import AuditLog, Edition, OutgoingEmail, Participant
from conference.registration.service import register_participant
from tests.helpers import csrf_from, form_post
from tests.test_admin import _edition_form

LIST = "/console/participants"
NAMES = ("أحمد", "بدر", "جميل", "داود", "هشام", "وليد", "زياد", "حسن")


def _people(db, edition, count, prefix):
    people = [register_participant(edition, {"name_ar": f"مشارك {NAMES[n]}", "email": f"{prefix}{n}@example.org"},
                                   source="organizer", check_window=False, notify=False).participant
              for n in range(count)]
    db.session.commit()
    return people


def _emails(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(OutgoingEmail))


def _statuses(db, people) -> list[str]:
    db.session.rollback()
    return [db.session.get(Participant, p.id).status for p in people]


def _effects(html: str) -> list[str]:
    listed = html.split('confirm__effects">')[1].split("</ul>")[0]
    return [re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", listed, re.S)]


def test_bulk_cancel_says_who_moves_and_who_is_emailed_then_does_exactly_that(db, client, edition, login_as):
    edition.capacity = 3
    db.session.commit()
    seated = _people(db, edition, 3, "s")
    waiting = _people(db, edition, 5, "w")
    assert _statuses(db, seated + waiting) == ["confirmed"] * 3 + ["waitlisted"] * 5
    login_as("organizer")
    client.get("/language/en")
    token = csrf_from(client.get(LIST).get_data(as_text=True))
    chosen = [seated[0].id, seated[1].id, waiting[4].id]
    question = client.post(f"{LIST}/bulk", data={"csrf_token": token, "action": "cancel", "ids": chosen})
    html = question.get_data(as_text=True)
    assert question.status_code == 200 and "Cancel 3 selected registrations?" in html
    # three cancelled (three emails), two seats freed go to the first two waiting (two emails)
    assert _effects(html) == ["3 participants will be changed.", "2 people on the waiting list get a seat.",
                              "5 emails will be sent."]
    assert _statuses(db, seated + waiting) == ["confirmed"] * 3 + ["waitlisted"] * 5  # asking changed nothing
    assert _emails(db) == 0
    assert db.session.scalar(select(func.count()).where(AuditLog.target_type == "participant")) == 0
    assert db.session.get(Edition, edition.id).seats_taken == 3
    # the page replays the selection
    assert html.count('name="ids"') == 3 and 'name="confirm" value="yes"' in html
    client.post(f"{LIST}/bulk", data={"csrf_token": token, "action": "cancel", "ids": chosen, "confirm": "yes"})
    assert _statuses(db, seated + waiting) == ["cancelled", "cancelled", "confirmed",
                                               "confirmed", "confirmed", "waitlisted", "waitlisted", "cancelled"]
    assert _emails(db) == 5


def test_one_participant_action_asks_first(db, client, edition, login_as):
    (person,) = _people(db, edition, 1, "p")
    login_as("organizer")
    client.get("/language/en")
    page = f"{LIST}/{person.id}"
    question = form_post(client, f"{page}/resend", {}, form_url=page)
    html = question.get_data(as_text=True)
    assert "Send the confirmation email to" in html and _effects(html) == ["1 email will be sent."]
    assert _emails(db) == 0
    assert form_post(client, f"{page}/resend", {"confirm": "yes"}, form_url=page).status_code == 302
    assert _emails(db) == 1


def test_raising_capacity_names_the_people_given_a_seat(db, client, edition, login_as):
    edition.capacity = 2
    db.session.commit()
    _people(db, edition, 2, "s")
    waiting = _people(db, edition, 4, "w")
    login_as("admin")
    client.get("/language/en")
    form = _edition_form(db.session.get(Edition, edition.id), capacity=5)
    question = form_post(client, "/console/edition", form)
    html = question.get_data(as_text=True)
    assert question.status_code == 200 and "Give the new seats to the waiting list?" in html
    assert _effects(html) == ["Capacity goes from 2 to 5 seats.", "3 people on the waiting list get a seat.",
                              "3 emails will be sent."]
    assert db.session.get(Edition, edition.id).capacity == 2 and _emails(db) == 0
    assert _statuses(db, waiting) == ["waitlisted"] * 4
    form_post(client, "/console/edition", {**form, "confirm": "yes"})
    assert db.session.get(Edition, edition.id).capacity == 5
    assert _statuses(db, waiting) == ["confirmed"] * 3 + ["waitlisted"]
    assert _emails(db) == 3
    # a change that gives nobody a seat saves at once
    assert form_post(client, "/console/edition", {**form, "theme_en": "Smart cities"}).status_code == 302


def test_history_shows_self_service_changes_promotions_and_restores(db, client, edition, login_as):
    edition.capacity = 1
    db.session.commit()
    first, second = _people(db, edition, 2, "h")
    own = f"/r/{first.manage_token}"
    edited = form_post(client, f"{own}/edit", {"name_ar": first.name_ar, "email": first.email, "phone": "0501234567",
                                      "organization": "أمانة جدة", "job_title": "", "city": "جدة",
                                      "sector": "government", "language": "ar"})
    assert edited.status_code == 302, edited.get_data(as_text=True)
    form_post(client, f"{own}/cancel", {})  # the seat goes to the second person
    form_post(client, f"{own}/restore", {}, form_url=own)  # back, on the waiting list
    login_as("organizer")
    client.get("/language/en")
    mine = client.get(f"{LIST}/{first.id}").get_data(as_text=True)
    assert "Details changed: Mobile number, Organization, City, and Sector" in mine
    assert "the participant, from their private link" in mine
    assert "Registration cancelled" in mine and "Registration restored (Waitlisted)" in mine
    theirs = client.get(f"{LIST}/{second.id}").get_data(as_text=True)
    assert "Moved from the waiting list to a seat · <bdi>automatically</bdi>" in theirs
    client.get("/language/ar")
    assert "من رابطه الخاص" in client.get(f"{LIST}/{first.id}").get_data(as_text=True)
