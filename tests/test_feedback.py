"""Session ratings and the post-forum survey over real HTTP and SQL, the survey email counted once
per checked-in attendee under a real gunicorn server with several workers."""

import urllib.request
from datetime import UTC, date, datetime, timedelta
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select

from conference.checkin.service import check_in
from conference.feedback import service
from conference.models import OutgoingEmail
from conference.models.agenda import AgendaSession
from conference.models.feedback import SessionRating, SurveyInvitation
from conference.registration.service import register_participant
from tests.conftest import TEST_PASSWORD, csrf_from, form_post, make_edition, make_user

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
        service.rate_session(_attendee(db, edition, f"p{n}@example.org"), started, rating, "ممتاز" if n == 0 else "")
    db.session.commit()
    login_as("organizer")
    page = client.get("/console/feedback").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page
    assert "4.33" in page and "ممتاز" in page


def test_survey_after_the_forum_with_configured_questions(client, db):
    edition = make_edition(db, starts_on=date.today() - timedelta(days=1), ends_on=date.today() - timedelta(days=1))
    overall = service.add_question(edition, "ما تقييمك العام للملتقى؟", "Overall?", "rating")
    idea = service.add_question(edition, "ما اقتراحك للعام القادم؟", "Suggestion?", "text")
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


@pytest.mark.live_env(FLASK_MAIL_DELIVER_INLINE="false")
def test_survey_link_is_emailed_once_per_attendee_even_when_pressed_in_parallel(app, db, live_server):
    import threading

    edition = make_edition(db, starts_on=date.today() - timedelta(days=1), ends_on=date.today() - timedelta(days=1))
    for n in range(6):
        _attendee(db, edition, f"a{n}@example.org")
    _attendee(db, edition, "absent@example.org", checked_in=False)
    organizer = make_user(db, "organizer", "org@test.example")
    openers = [_organizer_session(live_server, organizer.email) for _ in range(4)]

    def press(opener):
        page = opener.open(live_server + "/console/feedback").read().decode()
        body = f"csrf_token={csrf_from(page)}&confirm=yes".encode()
        opener.open(urllib.request.Request(live_server + "/console/feedback/invite", data=body))

    threads = [threading.Thread(target=press, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 6
    assert db.session.scalar(select(func.count()).where(OutgoingEmail.purpose == "feedback.survey")) == 6
