"""The organizers' participant console through real HTTP: list, search, filters, sorting, pages,
detail, edit, actions, bulk actions, undelivered email, access."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, insert, select

from conference.models import AuditLog, OutgoingEmail, Participant, utcnow
from conference.registration.service import register_participant
from conference.search import search_key
from tests.helpers import csrf_from, form_post

LIST = "/console/participants"


def add(db, edition, name_ar, email, **extra):
    data = {"name_ar": name_ar, "email": email, "name_en": extra.pop("name_en", ""), **extra}
    participant = register_participant(edition, data, source="organizer", check_window=False, notify=False).participant
    db.session.commit()
    return participant


def ids_on_page(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="ids" value="(\d+)"', html)]


@pytest.fixture
def people(db, edition):
    return {
        "ahmed": add(db, edition, "أحمد الغامدي", "ahmed@example.org", name_en="Ahmed Alghamdi",
                     organization="أمانة محافظة جدة", sector="government", category="speaker"),
        "fatima": add(db, edition, "فاطمة الزهراني", "fatima@example.org", organization="جامعة الملك عبدالعزيز",
                      sector="academic"),
        "sara": add(db, edition, "سارة العتيبي", "sara@example.org", name_en="Sarah Alotaibi",
                    organization="شركة علم", sector="private"),
    }


# ---- access --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["desk", "jury"])
def test_desk_and_jury_are_refused(client, edition, people, login_as, role):
    login_as(role)
    pid = people["ahmed"].id
    for url in (LIST, f"{LIST}/{pid}", f"{LIST}/import", f"{LIST}/export?format=csv", "/console/emails"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LIST}/{pid}/cancel", data={}).status_code in (400, 403)


def test_anonymous_visitors_go_to_login(client, edition, people):
    for url in (LIST, f"{LIST}/{people['ahmed'].id}", f"{LIST}/import", "/console/privacy"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url


def test_privacy_page_is_for_admins_only(client, edition, login_as):
    login_as("organizer")
    assert client.get("/console/privacy").status_code == 403


# ---- list ----------------------------------------------------------------------------


def test_search_finds_arabic_names_whatever_the_spelling(client, edition, people, login_as):
    login_as("organizer")
    for query, expected in [("احمد", "ahmed"), ("أحمد", "ahmed"), ("فاطمه", "fatima"), ("فاطمة", "fatima"),
                            ("ALGHAMDI", "ahmed"), ("sara@example", "sara"), ("امانه جده", "ahmed")]:
        html = client.get(LIST, query_string={"q": query}).get_data(as_text=True)
        assert ids_on_page(html) == [people[expected].id], query


def test_filters_by_status_sector_category_organization_and_check_in(db, client, edition, people, login_as):
    login_as("organizer")
    people["sara"].checked_in_at = utcnow()
    db.session.commit()

    def found(**args):
        return set(ids_on_page(client.get(LIST, query_string=args).get_data(as_text=True)))

    assert found(sector="academic") == {people["fatima"].id}
    assert found(category="speaker") == {people["ahmed"].id}
    assert found(organization="شركة علم") == {people["sara"].id}
    assert found(checked_in="yes") == {people["sara"].id}
    assert found(checked_in="no") == {people["ahmed"].id, people["fatima"].id}
    assert found(status="confirmed") == {p.id for p in people.values()}
    assert found(status="waitlisted") == set()
    assert found(status="nonsense") == {p.id for p in people.values()}  # unknown values are ignored


def test_sorting(client, edition, people, login_as):
    login_as("organizer")
    by_name = ids_on_page(client.get(LIST, query_string={"sort": "name", "direction": "asc"}).get_data(as_text=True))
    assert by_name == [people["ahmed"].id, people["sara"].id, people["fatima"].id]  # أ < س < ف
    newest = ids_on_page(client.get(LIST).get_data(as_text=True))
    assert newest == [people["sara"].id, people["fatima"].id, people["ahmed"].id]


def _bulk_rows(edition, count):
    start = utcnow() - timedelta(days=30)
    rows = []
    for n in range(count):
        name = f"مشارك رقم {n:04d}" if n % 2 else f"أحمد المشارك {n:04d}"
        email = f"p{n:04d}@example.org"
        rows.append({
            "edition_id": edition.id, "name_ar": name, "name_en": f"Participant {n:04d}", "email": email,
            "phone": f"+9665{n:08d}", "organization": f"جهة {n % 40}", "sector": ("government", "private")[n % 2],
            "category": "participant", "status": ("confirmed", "waitlisted", "cancelled")[n % 3],
            "search_text": search_key(name, f"Participant {n:04d}", f"جهة {n % 40}", email),
            "manage_token": f"token-{n}", "badge_code": f"CODE{n:028d}", "badge_number": n + 1,
            "created_at": start + timedelta(minutes=n), "updated_at": start, "language": "ar", "source": "import",
            "job_title": "", "city": "", "badge_print_count": 0,
        })
    return rows


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.record)

    def record(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)


def test_five_thousand_participants_page_with_a_fixed_number_of_queries(db, client, edition, login_as):
    db.session.execute(insert(Participant), _bulk_rows(edition, 5000))
    db.session.commit()
    login_as("organizer")
    with QueryCounter(db.engine) as counter:
        response = client.get(LIST, query_string={"q": "احمد", "status": "confirmed", "sector": "government",
                                                   "sort": "name", "direction": "asc", "page": 3, "per_page": 50})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(ids_on_page(html)) == 50
    # 2500 Ahmeds (even n, government), every third of them confirmed: 834 matches, 17 pages.
    assert re.search(r"834", html) and "3" in html
    participant_queries = [s for s in counter.statements if "FROM participants" in s]
    # One count (no rows loaded), one page of rows, one list of organizations for the filter.
    assert len(participant_queries) == 3, participant_queries
    assert len(counter.statements) <= 10, counter.statements
    count_query = next(s for s in participant_queries if "count(" in s.lower())
    assert "LIMIT" not in count_query.upper() or "count(*)" in count_query.lower()
    # the last page is reachable and shows the rest
    last = client.get(LIST, query_string={"q": "احمد", "status": "confirmed", "sector": "government", "page": 17})
    assert len(ids_on_page(last.get_data(as_text=True))) == 834 - 16 * 50


def test_pages_do_not_overlap(db, client, edition, login_as):
    db.session.execute(insert(Participant), _bulk_rows(edition, 120))
    db.session.commit()
    login_as("organizer")

    def page(number):
        return ids_on_page(client.get(LIST, query_string={"page": number, "per_page": 50,
                                                          "sort": "status"}).get_data(as_text=True))

    seen = page(1) + page(2) + page(3)
    assert len(seen) == 120 and len(set(seen)) == 120
    assert page(99) == page(3)  # a page past the end shows the last one


# ---- detail, edit, actions -----------------------------------------------------------


def test_detail_shows_the_participant(client, edition, people, login_as):
    login_as("organizer")
    html = client.get(f"{LIST}/{people['ahmed'].id}").get_data(as_text=True)
    assert "أحمد الغامدي" in html and "ahmed@example.org" in html and 'dir="rtl"' in html
    assert client.get(f"{LIST}/999999").status_code == 404


def test_edit_is_validated_audited_and_refreshes_search(db, client, edition, people, login_as):
    login_as("organizer")
    pid = people["fatima"].id
    url = f"{LIST}/{pid}/edit"
    base = {"name_ar": "فاطمة الزهراني", "name_en": "", "email": "fatima@example.org", "phone": "",
            "organization": "جامعة الملك عبدالعزيز", "job_title": "", "sector": "academic", "city": "", "language": "ar"}

    bad = form_post(client, url, {**base, "email": "not-an-email"}, form_url=f"{LIST}/{pid}")
    assert bad.status_code == 422 and "aria-invalid" in bad.get_data(as_text=True)
    taken = form_post(client, url, {**base, "email": "AHMED@example.org"}, form_url=f"{LIST}/{pid}")
    assert taken.status_code == 422

    good = form_post(client, url, {**base, "name_ar": "فاطمه الحربي", "phone": "0551112233"}, form_url=f"{LIST}/{pid}")
    assert good.status_code == 302
    db.session.rollback()
    person = db.session.get(Participant, pid)
    assert person.name_ar == "فاطمه الحربي" and person.phone == "+966551112233"
    assert "الحربي" in person.search_text
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "participant.update"))
    assert entry.target_id == str(pid) and entry.details["changes"]["name_ar"] == ["فاطمة الزهراني", "فاطمه الحربي"]
    html = client.get(LIST, query_string={"q": "الحربي"}).get_data(as_text=True)
    assert ids_on_page(html) == [pid]


def test_cancel_restore_and_waitlist(db, client, edition, login_as):
    edition.capacity = 1
    db.session.commit()
    first = add(db, edition, "خالد", "k@example.org")
    second = add(db, edition, "نورة", "n@example.org")
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    login_as("organizer")
    page = f"{LIST}/{first.id}"
    assert form_post(client, f"{page}/cancel", {"confirm": "yes"}, form_url=page).status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, first.id).status == "cancelled"
    assert db.session.get(Participant, second.id).status == "confirmed"  # promoted from the waitlist
    # restoring when the seat is taken puts them on the waitlist
    assert form_post(client, f"{page}/restore", {"confirm": "yes"}, form_url=page).status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, first.id).status == "waitlisted"
    assert db.session.get(type(edition), edition.id).seats_taken == 1
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"participant.cancel", "participant.promote", "participant.restore"} <= actions
    # an action that does not apply changes nothing
    response = form_post(client, f"{page}/approve", {"confirm": "yes"}, form_url=page, follow_redirects=True)
    assert response.status_code == 200 and "flash--error" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Participant, first.id).status == "waitlisted"


def test_approve_and_reject_pending(db, client, edition, login_as):
    edition.approval_required = True
    db.session.commit()
    one = register_participant(edition, {"name_ar": "ماجد", "email": "m@example.org"}, notify=False).participant
    two = register_participant(edition, {"name_ar": "ريم", "email": "r@example.org"}, notify=False).participant
    db.session.commit()
    assert one.status == two.status == "pending"
    login_as("organizer")
    form_post(client, f"{LIST}/{one.id}/approve", {"confirm": "yes"}, form_url=f"{LIST}/{one.id}")
    form_post(client, f"{LIST}/{two.id}/reject", {"confirm": "yes"}, form_url=f"{LIST}/{two.id}")
    db.session.rollback()
    assert db.session.get(Participant, one.id).status == "confirmed"
    assert db.session.get(Participant, two.id).status == "cancelled"
    purposes = [e.to_addr for e in db.session.scalars(select(OutgoingEmail))]
    assert "m@example.org" in purposes


def test_change_category_and_resend(db, client, edition, people, login_as):
    login_as("organizer")
    pid = people["sara"].id
    page = f"{LIST}/{pid}"
    form_post(client, f"{page}/category", {"category": "vip"}, form_url=page)
    assert form_post(client, f"{page}/category", {"category": "king"}, form_url=page).status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, pid).category == "vip"
    before = db.session.scalar(select(func.count()).select_from(OutgoingEmail))
    form_post(client, f"{page}/resend", {"confirm": "yes"}, form_url=page)
    db.session.rollback()
    sent = db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.participant_id == pid)).all()
    assert len(sent) == before + 1 and sent[-1].to_addr == "sara@example.org"
    assert {"participant.category", "participant.resend"} <= set(db.session.scalars(select(AuditLog.action)))


def test_bulk_actions_on_a_selection(db, client, edition, people, login_as):
    login_as("organizer")
    chosen = [people["ahmed"].id, people["fatima"].id]
    token = csrf_from(client.get(LIST).get_data(as_text=True))
    response = client.post(f"{LIST}/bulk", data={"csrf_token": token, "confirm": "yes", "action": "category", "category": "media",
                                                 "ids": chosen, "back": f"{LIST}?sector=academic"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{LIST}?sector=academic")
    client.post(f"{LIST}/bulk", data={"csrf_token": token, "confirm": "yes", "action": "cancel", "ids": chosen})
    client.post(f"{LIST}/bulk", data={"csrf_token": token, "confirm": "yes", "action": "resend", "ids": [people["sara"].id]})
    # a link to another site is not followed
    evil = client.post(f"{LIST}/bulk", data={"csrf_token": token, "confirm": "yes", "action": "approve", "ids": chosen,
                                             "back": "//evil.example/"})
    assert "evil" not in evil.headers["Location"]
    db.session.rollback()
    assert [db.session.get(Participant, i).category for i in chosen] == ["media", "media"]
    assert [db.session.get(Participant, i).status for i in chosen] == ["cancelled", "cancelled"]
    assert db.session.get(Participant, people["sara"].id).status == "confirmed"
    assert db.session.get(type(edition), edition.id).seats_taken == 1
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "participant.cancel")) == 2
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "participants.bulk")) == 4


def test_bulk_without_csrf_is_refused(client, edition, people, login_as):
    login_as("organizer")
    response = client.post(f"{LIST}/bulk", data={"action": "cancel", "ids": [people["ahmed"].id]})
    assert response.status_code == 400


# ---- email ---------------------------------------------------------------------------


def test_failed_emails_are_listed_and_can_be_retried(db, client, edition, people, login_as):
    failed = OutgoingEmail(to_addr="ahmed@example.org", subject="تأكيد التسجيل", raw=b"x", status="failed",
                           attempts=8, last_error="SMTPServerDisconnected: down", participant_id=people["ahmed"].id)
    db.session.add(failed)
    db.session.commit()
    login_as("organizer")
    assert "(1)" in client.get(LIST).get_data(as_text=True)
    html = client.get("/console/emails").get_data(as_text=True)
    assert "ahmed@example.org" in html and "SMTPServerDisconnected" in html
    response = form_post(client, "/console/emails/retry", {"ids": str(failed.id)}, form_url="/console/emails")
    assert response.status_code == 302
    db.session.rollback()
    again = db.session.get(OutgoingEmail, failed.id)
    assert again.status in ("pending", "sent") and again.attempts <= 1
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "email.retry")) == 1


def test_templates_have_no_inline_styles_or_scripts():
    from pathlib import Path

    for path in Path("templates/registration/console").glob("*.html"):
        text = path.read_text()
        assert "style=" not in text and "<script>" not in text, path
