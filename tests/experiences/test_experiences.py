"""The call for experiences over real HTTP and SQL: submitting, presenters confirming, review
with blind mode and conflicts, decisions released once by real SMTP, draft sessions, the library."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from conference.experiences import service
from conference.models import ApiToken, OutgoingEmail
from conference.models.agenda import AgendaSession, Room, Track
from conference.models.experiences import ExperienceCall, Presenter, Submission
from tests.helpers import csrf_from, form_post, login, make_user
from tests.registration.test_email import SMTP_PORT, inbox, with_smtp  # noqa: F401  (the inbox fixture)

NOW = datetime.now(UTC)


@pytest.fixture
def call(db, edition):
    tracks = [Track(edition_id=edition.id, name_ar="المدن الذكية", name_en="Smart Cities"),
              Track(edition_id=edition.id, name_ar="الخدمات الرقمية", name_en="Digital Services")]
    db.session.add_all(tracks)
    the_call = ExperienceCall(edition_id=edition.id, opens_at=NOW - timedelta(days=3), closes_at=NOW + timedelta(days=3))
    db.session.add(the_call)
    db.session.flush()
    service.add_criterion(the_call, "الأثر", "Impact", 3, 10)
    service.add_criterion(the_call, "الابتكار", "Innovation", 1, 5)
    db.session.commit()
    return the_call


def form_fields(**overrides) -> dict:
    data = {
        "title_ar": "شهادة الاستضافة السحابية الخضراء", "entity": "أمانة محافظة جدة", "sector": "government",
        "stage": "in_service", "summary": "نقل الأنظمة إلى سحابة موفرة للطاقة.", "problem": "استهلاك عالٍ للطاقة.",
        "solution": "ترحيل 140 نظامًا.", "results": "خفض الاستهلاك 38٪.", "contact_email": "contact@jeddah.example",
        "language": "ar", "consent": "yes",
        "presenter-0-name_ar": "فهد الغامدي", "presenter-0-email": "fahad@jeddah.example",
        "presenter-1-name_ar": "ريم الشهري", "presenter-1-email": "reem@jeddah.example",
    }
    data.update(overrides)
    return data


def api_payload(**overrides) -> dict:
    data = {
        "title_ar": "المواقف الذكية", "entity": "أمانة المنطقة الشرقية", "summary": "حساسات للمواقف.",
        "problem": "ازدحام.", "solution": "تطبيق يرشد السائق.", "results": "انخفاض زمن البحث 40٪.",
        "stage": "pilot", "presenters": [{"name_ar": "خالد البوعينين", "email": "khalid@eastern.example"}],
        "contact_email": "khalid@eastern.example", "language": "en", "consent": True,
    }
    data.update(overrides)
    return data


def submit(client, **overrides):
    return form_post(client, "/experiences/call", form_fields(**overrides))


def test_arabic_submission_then_presenters_confirm_by_their_own_links(client, db, call):
    response = submit(client)
    assert response.status_code == 302
    submission = db.session.scalar(select(Submission))
    assert response.headers["Location"].endswith(f"/experiences/s/{submission.manage_token}")
    assert [p.name_ar for p in submission.presenters] == ["فهد الغامدي", "ريم الشهري"]
    purposes = sorted(e.purpose.rsplit(".", 1)[0] for e in db.session.scalars(select(OutgoingEmail)))
    assert purposes == ["experiences.presenter", "experiences.presenter", "experiences.received"]

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "قيد التحكيم" in page and "لم يؤكد بعد" in page
    second = submission.presenters[1]
    confirm = form_post(client, f"/experiences/p/{second.confirm_token}", {})
    assert confirm.status_code == 302
    db.session.expire_all()
    assert second.confirmed_at is not None and submission.presenters[0].confirmed_at is None
    assert client.get(f"/experiences/p/{second.confirm_token[:-2]}zz").status_code == 404


def test_bad_input_gets_arabic_messages_and_saves_nothing(client, db, call):
    response = submit(client, entity="", **{"presenter-0-email": "not-an-email", "presenter-1-email": "fahad@jeddah.example",
                                             "presenter-1-name_ar": "", "consent": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "هذا الحقل مطلوب." in page and "يرجى الموافقة" in page
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    pdf = submit(client, attachment=(io.BytesIO(b"GIF89a not a pdf"), "x.pdf"))
    assert pdf.status_code == 422 and db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_edit_until_the_close_then_refused(client, db, call):
    submit(client)
    submission = db.session.scalar(select(Submission))
    token = submission.manage_token
    edited = form_post(client, f"/experiences/s/{token}/edit", form_fields(
        title_ar="الاستضافة الخضراء", **{"presenter-1-name_ar": "", "presenter-1-email": "",
                                        "presenter-2-name_ar": "سارة العلي", "presenter-2-email": "sara@jeddah.example"}))
    assert edited.status_code == 302
    db.session.expire_all()
    assert submission.title_ar == "الاستضافة الخضراء"
    assert [p.email for p in submission.presenters] == ["fahad@jeddah.example", "sara@jeddah.example"]
    call.closes_at = NOW - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/experiences/s/{token}/edit").status_code == 302
    page = client.get(f"/experiences/s/{token}").get_data(as_text=True)
    assert "الدعوة مغلقة" in page


def test_api_submission_open_then_closed(client, db, call):
    created = client.post("/api/v1/submissions", json=api_payload())
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "submitted" and "/experiences/s/" in body["manage_url"]
    invalid = client.post("/api/v1/submissions", json=api_payload(stage="someday", presenters=[]))
    assert invalid.status_code == 422 and set(invalid.get_json()["error"]["fields"]) == {"stage", "presenters"}
    assert client.post("/api/v1/submissions", json=api_payload(extra=1)).status_code == 422
    assert client.post("/api/v1/submissions", data="nope", content_type="application/json").status_code == 400
    call.closes_at = NOW - timedelta(minutes=1)
    db.session.commit()
    closed = client.post("/api/v1/submissions", json=api_payload())
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "closed"
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def _reviewer(db, email, call, track=None):


    user = make_user(db, "reviewer", email)
    service.set_reviewers(call, {(a.user_id, a.track_id) for a in call.reviewers} | {(user.id, track)})
    db.session.commit()
    return user


def _two_submissions(client, db, call):
    tracks = service.tracks_of(call)
    client.post("/api/v1/submissions", json=api_payload(track_id=tracks[0].id, entity="أمانة جدة"))
    client.post("/api/v1/submissions", json=api_payload(track_id=tracks[1].id, entity="بلدية دبي", title_ar="رخص البناء"))
    return list(db.session.scalars(select(Submission).order_by(Submission.id)))


def test_reviewers_see_only_their_tracks_and_blind_review_hides_names(app, db, call, api_token):
    first, second = _two_submissions(app.test_client(), db, call)
    tracks = service.tracks_of(call)
    reviewer = _reviewer(db, "r1@test.example", call, tracks[0].id)
    call.blind_review = True
    db.session.commit()
    client = app.test_client()
    login(client, reviewer)
    home = client.get("/experiences/review").get_data(as_text=True)
    assert "المواقف الذكية" in home and "رخص البناء" not in home and "أمانة جدة" not in home
    assert client.get(f"/experiences/review/{second.id}").status_code == 404
    page = client.get(f"/experiences/review/{first.id}").get_data(as_text=True)
    assert "أمانة جدة" not in page and "خالد البوعينين" not in page
    listed = client.get("/api/v1/submissions").get_json()["submissions"]
    assert [s["id"] for s in listed] == [first.id]
    assert "entity" not in listed[0] and "presenters" not in listed[0] and "contact_email" not in listed[0]
    organizer = app.test_client().get("/api/v1/submissions", headers=api_token("organizer")).get_json()["submissions"]
    assert [s["entity"] for s in organizer] == ["أمانة جدة", "بلدية دبي"]


def test_scores_rank_with_ties_and_a_conflict_is_excluded(app, db, call):
    first, second = _two_submissions(app.test_client(), db, call)
    one, two = _reviewer(db, "r1@test.example", call), _reviewer(db, "r2@test.example", call)
    impact, innovation = call.criteria
    for user, scores in ((one, {first.id: (8, 4), second.id: (8, 4)}), (two, {first.id: (6, 5), second.id: (2, 0)})):
        client = app.test_client()
        login(client, user)
        for submission_id, (a, b) in scores.items():
            response = form_post(client, f"/experiences/review/{submission_id}",
                                 {f"score-{impact.id}": str(a), f"score-{innovation.id}": str(b), "committee_comment": "جيد"})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
    ranked = service.ranking(call)
    assert [(s.id, r.place, r.tied) for s, r in ranked] == [(first.id, 1, False), (second.id, 2, False)]
    client = app.test_client()
    login(client, two)
    conflict = form_post(client, f"/experiences/review/{second.id}/conflict", {}, form_url=f"/experiences/review/{second.id}")
    assert conflict.status_code == 302
    db.session.expire_all()
    ranked = {s.id: r for s, r in service.ranking(call)}
    assert ranked[second.id].jurors == 1 and ranked[second.id].points == 80.0
    refused = form_post(client, f"/experiences/review/{second.id}",
                        {f"score-{impact.id}": "10", f"score-{innovation.id}": "5"})
    assert refused.status_code == 409 and "أفصحت عن تعارض مصالح" in refused.get_data(as_text=True)
    progress = {p.reviewer.email: (p.done, p.total, p.conflicts) for p in service.progress(call)}
    assert progress == {"r1@test.example": (2, 2, 0), "r2@test.example": (1, 1, 1)}


def test_api_review_validates_every_criterion(app, db, call, api_token):
    first, _second = _two_submissions(app.test_client(), db, call)
    reviewer = _reviewer(db, "r1@test.example", call)


    _record, token = ApiToken.issue(reviewer)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    impact, innovation = call.criteria
    url = f"/api/v1/submissions/{first.id}/reviews"
    assert client.post(url, json={"scores": {str(impact.id): 11, str(innovation.id): 1}}, headers=headers).status_code == 422
    assert client.post(url, json={"scores": {str(impact.id): 9}}, headers=headers).status_code == 422
    saved = client.post(url, json={"scores": {str(impact.id): 9, str(innovation.id): 5}, "comment": "ممتاز"}, headers=headers)
    assert saved.status_code == 201 and saved.get_json()["scores"] == {str(impact.id): 9, str(innovation.id): 5}
    assert client.post(url, json={"scores": {}}, headers=api_token("organizer")).status_code == 403


@with_smtp
def test_decisions_are_held_until_release_then_one_email_each_in_their_language(app, db, call, api_token, inbox):  # noqa: F811
    client = app.test_client()
    first, second = _two_submissions(client, db, call)
    db.session.execute(OutgoingEmail.__table__.delete())
    db.session.commit()
    inbox.messages.clear()
    headers = api_token("organizer")
    assert client.post(f"/api/v1/submissions/{first.id}/decision", json={"decision": "accepted"}, headers=headers).status_code == 200
    assert client.post(f"/api/v1/submissions/{second.id}/decision", json={"decision": "maybe"}, headers=headers).status_code == 422
    client.post(f"/api/v1/submissions/{second.id}/decision", json={"decision": "rejected"}, headers=headers)
    hidden = client.get(f"/experiences/s/{first.manage_token}").get_data(as_text=True)
    assert "قيد التحكيم" in hidden or "Under review" in hidden
    assert inbox.messages == []
    released = client.post("/api/v1/decisions/release", headers=headers)
    assert released.status_code == 200 and released.get_json()["emails_queued"] == 2
    again = client.post("/api/v1/decisions/release", headers=headers)
    assert again.get_json()["emails_queued"] == 0
    decisions = db.session.scalar(select(func.count()).where(OutgoingEmail.purpose.like("experiences.decision.%")))
    assert decisions == 2
    mine = inbox.to("khalid@eastern.example")
    assert len(mine) == 2  # both test submissions share this contact; each gets its own message
    subjects = sorted(m["Subject"] for m in mine)
    assert all(s.startswith("The decision on your experience") for s in subjects)
    bodies = " ".join(m.get_body(preferencelist=("plain",)).get_content() for m in mine)
    assert "accepted your experience" in bodies and "could not include it" in bodies
    client.set_cookie("lang", "en")
    shown = client.get(f"/experiences/s/{first.manage_token}").get_data(as_text=True)
    assert "Accepted" in shown


def test_accepted_experience_becomes_a_draft_session_then_scheduled_with_conflict_warnings(app, db, call, edition, api_token):
    client = app.test_client()
    first, second = _two_submissions(client, db, call)
    headers = api_token("organizer")
    assert client.post(f"/api/v1/submissions/{second.id}/session", json={}, headers=headers).status_code == 409
    service.decide(first, "accepted")
    room = Room(edition_id=edition.id, name_ar="قاعة الشورى", name_en="Al-Shura Hall")
    db.session.add(room)
    db.session.commit()
    draft = client.post(f"/api/v1/submissions/{first.id}/session", json={}, headers=headers)
    assert draft.status_code == 201
    session = db.session.get(AgendaSession, draft.get_json()["id"])
    assert session.published is False and session.kind == "experience"
    assert [s.name_ar for s in session.speakers] == ["خالد البوعينين"]
    assert "المواقف الذكية" not in client.get("/agenda").get_data(as_text=True)
    start = datetime.combine(edition.starts_on, datetime.min.time(), edition.tz).replace(hour=11)
    other = AgendaSession(edition_id=edition.id, kind="keynote", title_ar="كلمة", starts_at=start, ends_at=start + timedelta(hours=1),
                          room_id=room.id, published=True)
    db.session.add(other)
    db.session.commit()
    slot = {"room_id": room.id, "starts_at": start.isoformat(), "ends_at": (start + timedelta(minutes=30)).isoformat()}
    clash = client.post(f"/api/v1/submissions/{first.id}/session", json=slot, headers=headers)
    assert clash.status_code == 409 and clash.get_json()["error"]["code"] == "conflicts"
    later = {**slot, "starts_at": (start + timedelta(hours=2)).isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat()}
    moved = client.post(f"/api/v1/submissions/{first.id}/session", json=later, headers=headers)
    assert moved.status_code == 200 and moved.get_json()["id"] == session.id


def _presented(db, call, edition, client, **overrides):
    client.post("/api/v1/submissions", json=api_payload(**overrides))
    submission = db.session.scalars(select(Submission).order_by(Submission.id.desc())).first()
    service.decide(submission, "accepted")
    service.release_decisions(call, notify=False)
    service.make_session(submission, {"starts_at": NOW - timedelta(hours=1), "ends_at": NOW, "published": True}, force=True)
    db.session.commit()
    return submission


def test_slides_are_pdf_and_size_checked_and_the_library_finds_arabic_spellings(app, db, call, edition):
    client = app.test_client()
    submission = _presented(db, call, edition, client, title_ar="منصة البيانات المفتوحة", entity="أمانة منطقة الرياض")
    _presented(db, call, edition, client, title_ar="الإنارة الذكية", entity="شركة الاتصالات", stage="idea", sector="private")
    token = submission.manage_token
    manage = client.get(f"/experiences/s/{token}")
    csrf = csrf_from(manage.get_data(as_text=True))
    not_pdf = client.post(f"/experiences/s/{token}/slides", data={"csrf_token": csrf, "slides": (io.BytesIO(b"hello"), "s.pdf")})
    assert not_pdf.status_code == 303
    db.session.expire_all()
    assert submission.slides_file is None
    ok = client.post(f"/experiences/s/{token}/slides", data={"csrf_token": csrf, "slides": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "s.pdf")})
    assert ok.status_code == 302
    db.session.expire_all()
    assert submission.slides_file and client.get(f"/experiences/{submission.id}/slides.pdf").data.startswith(b"%PDF-")

    library = client.get("/experiences?q=امانه الرياض").get_data(as_text=True)
    assert "منصة البيانات المفتوحة" in library and "الإنارة الذكية" not in library
    assert "الإنارة الذكية" in client.get("/experiences?stage=idea").get_data(as_text=True)
    api = client.get("/api/v1/experiences?sector=private").get_json()["experiences"]
    assert [e["title_ar"] for e in api] == ["الإنارة الذكية"] and "contact_email" not in api[0]
    assert "email" not in api[0]["presenters"][0]


def test_unreleased_or_rejected_experiences_stay_out_of_the_library(app, db, call, edition):
    client = app.test_client()
    client.post("/api/v1/submissions", json=api_payload(title_ar="تجربة قيد التحكيم"))
    submission = db.session.scalar(select(Submission))
    service.decide(submission, "accepted")
    db.session.commit()
    assert "تجربة قيد التحكيم" not in client.get("/experiences").get_data(as_text=True)
    assert client.get(f"/experiences/{submission.id}/slides.pdf").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Presenter)) == 1


def test_a_presenter_photo_is_checked_and_becomes_the_speakers(client, db, call, edition):
    from PIL import Image

    submit(client)
    submission = db.session.scalar(select(Submission))
    person = submission.presenters[0]
    url = f"/experiences/p/{person.confirm_token}"
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    refused = client.post(url, data={"csrf_token": csrf, "action": "photo", "photo": (io.BytesIO(b"%PDF-1.4"), "me.jpg")})
    assert refused.status_code == 303
    db.session.expire_all()
    assert person.photo == ""
    picture = io.BytesIO()
    Image.new("RGB", (1200, 900), "#0b6e4f").save(picture, "PNG")
    picture.seek(0)
    assert client.post(url, data={"csrf_token": csrf, "action": "photo", "photo": (picture, "me.png")}).status_code == 302
    db.session.expire_all()
    assert person.photo.endswith(".jpg")
    service.decide(submission, "accepted")
    session, _found = service.make_session(submission, {}, force=True)
    db.session.commit()
    speaker = session.speakers[0]
    assert speaker.photo == person.photo
    from conference import storage
    from conference.agenda.photos import photo_key

    with Image.open(io.BytesIO(storage.load(photo_key(speaker.photo)))) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 800


@pytest.mark.live_env(FLASK_MAIL_DELIVER_INLINE="false")
def test_releasing_in_parallel_emails_each_submitter_once(app, db, call, live_server):
    import threading
    import urllib.request

    from tests.feedback.test_feedback import _organizer_session

    client = app.test_client()
    for n in range(5):
        client.post("/api/v1/submissions", json=api_payload(title_ar=f"تجربة {n}", contact_email=f"s{n}@example.org"))
    for n, submission in enumerate(db.session.scalars(select(Submission).order_by(Submission.id))):
        service.decide(submission, ("accepted", "rejected", "waitlisted")[n % 3])
    db.session.execute(OutgoingEmail.__table__.delete())
    organizer = make_user(db, "organizer", "org@test.example")
    openers = [_organizer_session(live_server, organizer.email) for _ in range(4)]

    def press(opener):
        page = opener.open(live_server + "/console/experiences").read().decode()
        opener.open(urllib.request.Request(live_server + "/console/experiences/release",
                                           data=f"csrf_token={csrf_from(page)}&confirm=yes".encode()))

    threads = [threading.Thread(target=press, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.commit()
    sent = db.session.scalars(select(OutgoingEmail.to_addr).where(OutgoingEmail.purpose.like("experiences.decision.%")))
    assert sorted(sent) == [f"s{n}@example.org" for n in range(5)]


def _settings(client, call, **fields):
    """Post the call's settings form as the console shows it, with `fields` changed."""
    from conference.editions import utc_to_local_naive

    window = {name: utc_to_local_naive(getattr(call, name), call.edition.timezone).strftime("%Y-%m-%dT%H:%M")
              for name in ("opens_at", "closes_at")}
    return form_post(client, "/console/experiences/settings", window | fields, form_url="/console/experiences")


def test_a_call_accepts_only_the_tracks_the_organizer_chose(app, client, db, call, login_as):
    smart, digital = db.session.scalars(select(Track).order_by(Track.id)).all()
    login_as("organizer")
    page = client.get("/console/experiences").get_data(as_text=True)
    assert f'name="tracks" type="checkbox" value="{smart.id}"' in page
    saved = _settings(client, call, tracks=str(digital.id))
    assert saved.status_code == 302
    db.session.expire_all()
    assert [t.id for t in service.tracks_of(call)] == [digital.id]
    form = client.get("/experiences/call").get_data(as_text=True)
    assert "الخدمات الرقمية" in form and "المدن الذكية" not in form

    refused = submit(client, track_id=str(smart.id))
    assert refused.status_code == 422 and "اختر مسارًا من القائمة" in refused.get_data(as_text=True)
    refused_api = app.test_client().post("/api/v1/submissions", json=api_payload(track_id=smart.id))
    assert refused_api.status_code == 422
    assert refused_api.get_json()["error"]["fields"] == {"track_id": "اختر مسارًا من القائمة."}
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert submit(client, track_id=str(digital.id)).status_code == 302

    # A track of another edition, or a made-up one, is refused and changes nothing.
    bad = _settings(client, call, tracks="999999")
    assert bad.status_code == 303
    db.session.expire_all()
    assert [t.track_id for t in call.accepted_tracks] == [digital.id]
    # Ticking none accepts every track again.
    assert _settings(client, call).status_code == 302
    db.session.expire_all()
    assert [t.id for t in service.tracks_of(call)] == [smart.id, digital.id]


def _scheduled(client, db, call, edition):
    """An accepted, released experience with two presenters and a session in the agenda."""
    submit(client)
    submission = db.session.scalar(select(Submission))
    service.decide(submission, "accepted")
    service.release_decisions(call, notify=False)
    start = datetime.combine(edition.starts_on, datetime.min.time(), edition.tz).replace(hour=10)
    service.make_session(submission, {"starts_at": start, "ends_at": start + timedelta(minutes=30)}, force=True)
    db.session.commit()
    return submission


def test_each_presenter_confirms_the_slot_and_the_organizer_sees_who(app, db, call, edition, login_as, api_token):
    client = app.test_client()
    submit(client, title_ar="تجربة لم تقبل بعد")
    early = db.session.scalar(select(Submission))
    url = f"/experiences/p/{early.presenters[0].confirm_token}"
    assert form_post(client, url, {"action": "slot"}).status_code == 303  # no slot yet: nothing confirmed
    db.session.expire_all()
    assert early.presenters[0].slot_confirmed_at is None
    db.session.delete(early)
    db.session.commit()

    submission = _scheduled(client, db, call, edition)
    first, second = submission.presenters
    page = client.get(f"/experiences/p/{first.confirm_token}").get_data(as_text=True)
    assert "تأكيد هذا الموعد" in page
    assert form_post(client, f"/experiences/p/{first.confirm_token}", {"action": "slot"}).status_code == 302
    db.session.expire_all()
    assert (first.slot_confirmed, second.slot_confirmed) == (True, False)
    assert service.slot_confirmations(submission) == (1, 2)
    mine = client.get(f"/experiences/p/{first.confirm_token}").get_data(as_text=True)
    assert "أكدت هذا الموعد" in mine and "تأكيد هذا الموعد" not in mine

    staff = app.test_client()
    login(staff, make_user(db, "organizer", "org@test.example"))
    staff.set_cookie("lang", "en")
    detail = staff.get(f"/console/experiences/{submission.id}").get_data(as_text=True)
    assert detail.count("Time confirmed") == 1 and detail.count("Time not confirmed yet") == 1
    assert "Presenters who confirmed the time: 1 of 2" in staff.get("/console/experiences").get_data(as_text=True)
    listed = client.get("/api/v1/submissions", headers=api_token("organizer")).get_json()["submissions"][0]
    assert [p["slot_confirmed"] for p in listed["presenters"]] == [True, False]
    owner = client.get(f"/experiences/s/{submission.manage_token}").get_data(as_text=True)
    assert owner.count("تم تأكيد الموعد") == 1 and owner.count("لم يؤكد الموعد بعد") == 1

    # Moving the session asks every presenter again.
    service.make_session(submission, {"starts_at": submission.session.starts_at + timedelta(hours=1),
                                      "ends_at": submission.session.ends_at + timedelta(hours=1)}, force=True)
    db.session.commit()
    db.session.expire_all()
    assert service.slot_confirmations(submission) == (0, 2)
    assert "انتقلت الجلسة" in client.get(f"/experiences/p/{first.confirm_token}").get_data(as_text=True)


def test_each_presenter_sees_their_sessions_ratings_on_their_own_page(app, db, call, edition):
    from conference.checkin.service import check_in
    from conference.feedback import service as feedback
    from conference.registration.service import register_participant

    client = app.test_client()
    submission = _presented(db, call, edition, client)
    attendee = register_participant(edition, {"name_ar": "هند", "email": "hind@example.org"}, notify=False).participant
    db.session.commit()
    check_in(attendee.badge_code)
    feedback.rate_session(attendee, submission.session, 4, comment="عرض عملي ومفيد")
    db.session.commit()
    page = client.get(f"/experiences/p/{submission.presenters[0].confirm_token}").get_data(as_text=True)
    assert "تقييمات جلستك" in page and "عرض عملي ومفيد" in page
