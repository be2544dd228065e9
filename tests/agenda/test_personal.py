"""Each participant's personal agenda by their token, and workshop seats that never oversell."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from conference.agenda.signups import SignupRefused, free_signups, sign_up
from conference.models.agenda import AgendaSession, SessionSignup
from tests.agenda.test_support import build_agenda, make_participant
from tests.helpers import csrf_from


def pick(client, token, session_id, action="pick"):
    page = client.get(f"/r/{token}/agenda")
    assert page.status_code == 200
    return client.post(f"/r/{token}/agenda", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                                   "session_id": str(session_id), "action": action})


def seats_taken(db, session_id) -> int:
    db.session.rollback()
    return db.session.get(AgendaSession, session_id).seats_taken


def test_unknown_tokens_are_404(client, db, edition):
    assert client.get("/r/not-a-token/agenda").status_code == 404
    assert client.get("/r/not-a-token/agenda.ics").status_code == 404


def test_a_confirmed_participant_picks_sessions_and_gets_a_calendar(client, db, edition):
    agenda = build_agenda(db, edition)
    person = make_participant(db, edition, 1)
    assert pick(client, person.manage_token, agenda["workshop"].id).status_code == 302
    assert pick(client, person.manage_token, agenda["keynote"].id).status_code == 302
    assert pick(client, person.manage_token, agenda["workshop"].id).status_code == 302  # twice is once
    assert seats_taken(db, agenda["workshop"].id) == 1
    html = client.get(f"/r/{person.manage_token}/agenda").get_data(as_text=True)
    assert "مقعدك محجوز" in html and "المقاعد المتبقية: 4 من 5" in html
    calendar = Calendar.from_ical(client.get(f"/r/{person.manage_token}/agenda.ics").data)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["نحو مدينة ذكية", "ورشة البيانات المفتوحة"]
    assert calendar.walk("VTIMEZONE")
    pick(client, person.manage_token, agenda["workshop"].id, action="drop")
    assert seats_taken(db, agenda["workshop"].id) == 0


def test_drafts_and_other_people_are_refused(client, db, edition):
    agenda = build_agenda(db, edition)
    waiting = make_participant(db, edition, 1, status="waitlisted")
    response = pick(client, waiting.manage_token, agenda["workshop"].id)
    assert response.status_code == 302
    assert seats_taken(db, agenda["workshop"].id) == 0
    assert "اختيار الجلسات متاح للتسجيلات المؤكدة فقط" in client.get(f"/r/{waiting.manage_token}/agenda").get_data(as_text=True)
    confirmed = make_participant(db, edition, 2)
    pick(client, confirmed.manage_token, agenda["draft"].id)
    pick(client, confirmed.manage_token, "abc")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SessionSignup)) == 0


def test_a_full_workshop_refuses_and_cancelling_frees_seats(db, edition):
    agenda = build_agenda(db, edition)
    people = [make_participant(db, edition, n) for n in range(1, 7)]
    for person in people[:5]:
        assert sign_up(person, agenda["workshop"])
    db.session.commit()
    with pytest.raises(SignupRefused) as refused:
        sign_up(people[5], agenda["workshop"])
    assert refused.value.code == "full"
    db.session.rollback()
    sign_up(people[0], agenda["keynote"])
    assert free_signups(people[0]) == 2
    db.session.commit()
    assert seats_taken(db, agenda["workshop"].id) == 4
    assert sign_up(people[5], agenda["workshop"])
    db.session.commit()
    assert seats_taken(db, agenda["workshop"].id) == 5


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


@pytest.mark.slow
def test_thirty_concurrent_signups_for_five_seats(live_server, db, edition):
    agenda = build_agenda(db, edition)
    workshop_id = agenda["workshop"].id
    people = [make_participant(db, edition, n) for n in range(1, 31)]
    tokens = [p.manage_token for p in people]
    db.session.commit()

    # Each participant opens their page first (session cookie and CSRF token), then all post at once.
    prepared = []
    for token in tokens:
        opener = _opener()
        html = opener.open(f"{live_server}/r/{token}/agenda", timeout=20).read().decode()
        prepared.append((opener, token, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)))

    def post(item):
        opener, token, csrf = item
        data = urllib.parse.urlencode({"csrf_token": csrf, "session_id": workshop_id, "action": "pick"}).encode()
        return opener.open(f"{live_server}/r/{token}/agenda", data=data, timeout=60).status

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(post, prepared))
    assert statuses == [200] * 30  # each redirected back to its page
    db.session.rollback()
    assert db.session.get(AgendaSession, workshop_id).seats_taken == 5
    assert db.session.scalar(select(func.count()).where(SessionSignup.session_id == workshop_id)) == 5


def test_cancelling_a_registration_gives_back_its_workshop_seat(db, edition):
    from conference.registration.service import cancel_registration

    agenda = build_agenda(db, edition)
    person = make_participant(db, edition, 1)
    assert sign_up(person, agenda["workshop"])
    db.session.commit()
    assert seats_taken(db, agenda["workshop"].id) == 1
    cancel_registration(db.session.merge(person), notify=False)
    db.session.commit()
    assert seats_taken(db, agenda["workshop"].id) == 0
    assert db.session.scalar(select(func.count()).select_from(SessionSignup)) == 0


def test_overlapping_picks_are_flagged_and_a_reserved_seat_is_said_so(client, db, edition):
    from conference.agenda import service
    from tests.agenda.test_support import at

    agenda = build_agenda(db, edition)
    panel, _ = service.save_session(edition, None, {
        "kind": "panel", "title_ar": "حوار الخدمات الرقمية", "title_en": "Digital services panel",
        "starts_at": at(edition, 11), "ends_at": at(edition, 12, 30), "room_id": agenda["rooms"][0].id, "track_id": None,
        "speaker_ids": [], "seat_limit": None, "published": True})
    db.session.commit()
    person = make_participant(db, edition, 1)
    token = person.manage_token
    client.get("/language/en")
    reserved = client.get(client_location(pick(client, token, agenda["workshop"].id))).get_data(as_text=True)
    assert "Your seat in \u2066Open data workshop\u2069 is reserved." in reserved
    clash = client.get(client_location(pick(client, token, panel.id))).get_data(as_text=True)
    assert "\u2066Digital services panel\u2069 is in your agenda." in clash
    assert ("It runs at the same time as \u2066Open data workshop\u2069 "
            "(\u206610:30\u202fAM\u2069–\u206612:00\u202fPM\u2069), also in your agenda" in clash)
    # both cards say so afterwards, and a session that does not overlap says nothing
    assert clash.count('class="clash-note"') == 2
    pick(client, token, agenda["keynote"].id)
    assert client.get(f"/r/{token}/agenda").get_data(as_text=True).count('class="clash-note"') == 2
    assert seats_taken(db, agenda["workshop"].id) == 1  # a warning, not a refusal: both picks are kept
    assert db.session.scalar(select(func.count()).select_from(SessionSignup)) == 3


def client_location(response) -> str:
    assert response.status_code == 302
    return response.headers["Location"]
