"""Session ratings and the post-forum survey over real HTTP and SQL, the survey email counted once
per checked-in attendee by a real SMTP server under a real gunicorn server with several workers."""

import urllib.request
from datetime import UTC, date, datetime, timedelta
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select

from conference.checkin.service import check_in
from conference.feedback import service
from conference.models import OutgoingEmail, Participant
from conference.models.agenda import AgendaSession
from conference.models.feedback import SessionRating, SurveyAnswer, SurveyInvitation
from conference.registration.service import register_participant
from tests.helpers import TEST_PASSWORD, csrf_from, form_post, make_edition, make_user

NOW = datetime.now(UTC)


def _attendee(db, edition, email="hind@example.org", checked_in=True):
    participant = register_participant(edition, {"name_ar": "هند الشهري", "email": email}, notify=False).participant
    db.session.commit()
    if checked_in:
        check_in(participant.badge_code)
        db.session.commit()
    return participant


def _session(db, edition, starts_in: timedelta, title="التحول الرقمي في البلديات"):
    session = AgendaSession(edition_id=edition.id, kind="keynote", title_ar=title, starts_at=NOW + starts_in,
                            ends_at=NOW + starts_in + timedelta(hours=1), published=True)
    db.session.add(session)
    db.session.commit()
    return session


def test_a_checked_in_attendee_rates_a_started_session_once_and_can_change_it(client, db, edition):
    started = _session(db, edition, -timedelta(minutes=10))
    later = _session(db, edition, timedelta(hours=2), title="جلسة لاحقة")
    participant = _attendee(db, edition)
    url = f"/r/{participant.manage_token}/feedback"
    page = client.get(url).get_data(as_text=True)
    assert "التحول الرقمي في البلديات" in page and "جلسة لاحقة" not in page
    assert form_post(client, url, {"session_id": started.id, "rating": "4", "comment": "مفيدة جدًا"}).status_code == 302
    assert form_post(client, url, {"session_id": started.id, "rating": "5"}).status_code == 302
    assert form_post(client, url, {"session_id": later.id, "rating": "5"}).status_code == 422
    assert form_post(client, url, {"session_id": started.id, "rating": "9"}).status_code == 422
    rows = db.session.scalars(select(SessionRating)).all()
    assert [(r.session_id, r.rating) for r in rows] == [(started.id, 5)]
    summary = service.session_summary(started)
    assert summary.count == 1 and summary.average == 5.0 and summary.distribution[5] == 1


def test_no_chart_is_drawn_before_the_first_rating(client, db, edition, login_as):
    login_as("organizer")
    page = client.get("/console/feedback").get_data(as_text=True)
    assert "<svg" not in page and "لا توجد تقييمات بعد." in page


def test_a_session_with_many_comments_shows_three_and_folds_the_rest(client, db, edition, login_as):
    started = _session(db, edition, -timedelta(minutes=10))
    for n in range(7):
        service.rate_session(_attendee(db, edition, f"c{n}@example.org"), started, 4, comment=f"تعليق رقم {n}")
    db.session.commit()
    login_as("organizer")
    page = client.get("/console/feedback").get_data(as_text=True)
    shown, folded = page.split("<details>", 1)
    assert sum(f"تعليق رقم {n}" in shown for n in range(7)) == 3
    assert "4 تعليقات أخرى" in folded and sum(f"تعليق رقم {n}" in folded.split("</details>")[0] for n in range(7)) == 4


def test_attendees_who_did_not_check_in_cannot_rate(client, db, edition):
    started = _session(db, edition, -timedelta(minutes=10))
    participant = _attendee(db, edition, checked_in=False)
    url = f"/r/{participant.manage_token}/feedback"
    assert "بعد تسجيل حضورهم" in client.get(url).get_data(as_text=True)
    assert form_post(client, url, {"session_id": started.id, "rating": "3"}, form_url="/register").status_code == 422
    assert db.session.scalar(select(func.count()).select_from(SessionRating)) == 0


def test_organizers_see_results_with_a_server_drawn_chart(client, db, edition, login_as):
    started = _session(db, edition, -timedelta(minutes=10))
    for n, rating in enumerate((5, 4, 4)):
        service.rate_session(_attendee(db, edition, f"p{n}@example.org"), started, rating, comment="ممتاز" if n == 0 else "")
    db.session.commit()
    login_as("organizer")
    page = client.get("/console/feedback").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page
    assert "4.33" in page and "ممتاز" in page


def test_survey_after_the_forum_with_configured_questions(client, db):
    edition = make_edition(db, starts_on=date.today() - timedelta(days=1), ends_on=date.today() - timedelta(days=1))
    overall = service.add_question(edition, "ما تقييمك العام للملتقى؟", "Overall?", kind="rating")
    idea = service.add_question(edition, "ما اقتراحك للعام القادم؟", "Suggestion?", kind="text")
    db.session.commit()
    participant = _attendee(db, edition)
    url = f"/r/{participant.manage_token}/survey"
    assert form_post(client, url, {f"q-{overall.id}": "7"}).status_code == 422
    assert form_post(client, url, {f"q-{overall.id}": "4", f"q-{idea.id}": "ورش أكثر"}).status_code == 302
    results = dict(service.survey_results(edition))
    assert results[overall].average == 4.0 and results[idea].comments == ["ورش أكثر"]
    stranger = _attendee(db, edition, "late@example.org", checked_in=False)
    assert client.get(f"/r/{stranger.manage_token}/survey").status_code == 302


def _organizer_session(base: str, email: str):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/account/login").read().decode()
    body = f"csrf_token={csrf_from(page)}&email={email}&password={TEST_PASSWORD.replace(' ', '+')}".encode()
    opener.open(urllib.request.Request(base + "/account/login", data=body))
    return opener


@pytest.mark.live_workers(4)
@pytest.mark.live_env(FLASK_MAIL_DELIVER_INLINE="false")
def test_the_survey_job_emails_each_attendee_once_under_four_workers(app, db, smtp_inbox, live_server):
    """Four organizers press "Email the survey link" at the same moment on a four-worker server:
    four jobs run, each shows its progress, and a real SMTP server receives one message per attendee."""
    import json
    import threading
    import time
    from collections import Counter
    from email import message_from_bytes, policy

    from conference.registration.service import stop_bulk_mail

    edition = make_edition(db, starts_on=date.today() - timedelta(days=1), ends_on=date.today() - timedelta(days=1))
    attendees = [_attendee(db, edition, f"a{n}@example.org") for n in range(12)]
    _attendee(db, edition, "absent@example.org", checked_in=False)
    stop_bulk_mail(_attendee(db, edition, "stopped@example.org"))
    db.session.commit()
    organizer = make_user(db, "organizer", "org@test.example")
    openers = [_organizer_session(live_server, organizer.email) for _ in range(4)]
    job_urls = []

    def press(opener):
        page = opener.open(live_server + "/console/feedback").read().decode()
        body = f"csrf_token={csrf_from(page)}&confirm=yes".encode()
        response = opener.open(urllib.request.Request(live_server + "/console/feedback/invite", data=body))
        job_urls.append((opener, response.geturl()))

    threads = [threading.Thread(target=press, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(job_urls) == 4 and all("/jobs/" in url for _o, url in job_urls)

    states = []
    for opener, url in job_urls:
        deadline = time.monotonic() + 60
        while (state := json.loads(opener.open(url + "/state").read()))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(0.2)
        states.append(state)
    assert [s["status"] for s in states] == ["done"] * 4
    assert all(s["done"] == s["total"] and s["percent"] == 100 for s in states)

    received = smtp_inbox.wait_for(len(attendees))
    assert Counter(received) == {a.email: 1 for a in attendees}
    for _rcpt, raw in smtp_inbox.messages:
        message = message_from_bytes(raw, policy=policy.default)
        token = db.session.scalar(select(Participant.manage_token).where(Participant.email == message["To"]))
        assert message["List-Unsubscribe"] == f"<{live_server}/r/{token}/unsubscribe>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == len(attendees)
    assert db.session.scalar(select(func.count()).where(OutgoingEmail.purpose == "feedback.survey",
                                                        OutgoingEmail.status == "sent")) == len(attendees)


def test_organizers_read_the_results_of_earlier_editions(client, db, edition, login_as):
    past = make_edition(db, number=1, year=edition.year - 1, is_current=False,
                        starts_on=date.today() - timedelta(days=400), ends_on=date.today() - timedelta(days=399))
    old = AgendaSession(edition_id=past.id, kind="keynote", title_ar="جلسة الدورة الأولى", published=True,
                        starts_at=NOW - timedelta(days=400), ends_at=NOW - timedelta(days=400) + timedelta(hours=1))
    db.session.add(old)
    question = service.add_question(past, "ما تقييمك العام؟", "Overall?", kind="rating")
    db.session.commit()
    for n, rating in enumerate((3, 5)):
        person = _attendee(db, past, f"old{n}@example.org", checked_in=False)
        person.checked_in_at = NOW - timedelta(days=400)
        service.rate_session(person, old, rating, comment="قديمة لكنها مفيدة" if n else "")
        db.session.add(SurveyAnswer(question_id=question.id, participant_id=person.id, rating=rating))
    _session(db, edition, -timedelta(minutes=5), title="جلسة الدورة الحالية")
    db.session.commit()
    login_as("organizer")

    current = client.get("/console/feedback").get_data(as_text=True)
    assert "جلسة الدورة الحالية" in current and "جلسة الدورة الأولى" not in current
    assert 'action="/console/feedback/invite"' in current
    earlier = client.get("/console/feedback?edition=1").get_data(as_text=True)
    assert "جلسة الدورة الأولى" in earlier and "جلسة الدورة الحالية" not in earlier
    assert "4.0" in earlier and "قديمة لكنها مفيدة" in earlier and "ما تقييمك العام؟" in earlier
    # A past edition's results are read only: no survey to send, no question to add there.
    assert 'action="/console/feedback/invite"' not in earlier and 'action="/console/feedback/questions"' not in earlier
    assert client.get("/console/feedback?edition=77").status_code == 404
    assert client.get("/console/feedback?edition=١").status_code in (200, 404)
