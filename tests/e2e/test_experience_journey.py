"""The call for experiences as its people live it, in a real browser: an experience submitted
in Arabic on a phone, a second presenter confirming, two reviewers (one declaring a conflict on
another submission), the organizer accepting and releasing, the decision email, scheduling,
slides, and the experience in the library with its ratings after the forum."""

import email
import json
import urllib.request
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from conference.checkin.service import check_in
from conference.experiences import service
from conference.feedback import service as feedback
from conference.models import db as _db
from conference.models.agenda import Room, Track
from conference.models.experiences import ExperienceCall, Submission
from conference.registration.service import register_participant
from tests.e2e.conftest import DESKTOP, PHONE
from tests.helpers import TEST_PASSWORD, make_edition, make_user

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _emails(instance: str, to: str) -> list:
    found = []
    for path in sorted(Path(instance, "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == to:
            found.append(message)
    return found


def _link(message, marker: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return next(word for word in text.split() if marker in word)


def _wait_for_emails(instance: str, to: str, count: int) -> list:
    import time

    for _ in range(100):
        if len(found := _emails(instance, to)) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"expected {count} emails to {to}, found {len(_emails(instance, to))}")


def test_submit_review_decide_schedule_and_find_it_in_the_library(app, db, journey, tmp_path):
    # The forum is on today, in the venue's time zone (yesterday too, so "30 minutes ago" stays inside it).
    venue_today = datetime.now(ZoneInfo("Asia/Riyadh")).date()
    edition = make_edition(db, starts_on=venue_today - timedelta(days=1), ends_on=venue_today, timezone="Asia/Riyadh")
    track = Track(edition_id=edition.id, name_ar="البنية الرقمية", name_en="Digital Infrastructure")
    room = Room(edition_id=edition.id, name_ar="قاعة البحر الأحمر", name_en="Red Sea Hall", capacity=120)
    db.session.add_all([track, room])
    now = datetime.now(UTC)
    call = ExperienceCall(edition_id=edition.id, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    db.session.add(call)
    db.session.flush()
    impact = service.add_criterion(call, "الأثر والنتائج", "Impact", 3, 10)
    clarity = service.add_criterion(call, "وضوح العرض", "Clarity", 1, 10)
    organizer = make_user(db, "organizer", "organizer@test.example")
    first_reviewer = make_user(db, "reviewer", "salman@test.example")
    second_reviewer = make_user(db, "reviewer", "noura@test.example")
    service.set_reviewers(call, {(first_reviewer.id, None), (second_reviewer.id, None)})
    db.session.commit()

    # 1. A municipality submits its experience in Arabic, on a phone.
    phone = journey(viewport=PHONE, language="ar", name="experience-submitter")
    page = phone.page
    phone.goto("/experiences/call")
    page.fill("#f-title_ar", "الشبكة الحكومية الموحدة للمعلومات")
    page.fill("#f-entity", "أمانة منطقة الرياض")
    page.select_option("#f-stage", "in_service")
    page.select_option("#f-track_id", str(track.id))
    page.fill("#f-summary", "شبكة واحدة آمنة تربط كل إدارات الأمانة.")
    page.fill("#f-problem", "شبكات متفرقة لكل إدارة.")
    page.fill("#f-solution", "شبكة ألياف موحدة ومركز عمليات أمني واحد.")
    page.fill("#f-results", "ربط 58 إدارة و16 بلدية فرعية.")
    page.fill("#f-presenter-0-name_ar", "عبدالله الدوسري")
    page.fill("#f-presenter-0-email", "abdullah@riyadh.example")
    page.fill("#f-presenter-1-name_ar", "ريم الشهري")
    page.fill("#f-presenter-1-email", "reem@riyadh.example")
    page.fill("#f-contact_email", "contact@riyadh.example")
    page.check("#f-consent")
    phone.shot("call form filled")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/experiences/s/**")
    assert "قيد التحكيم" in page.content()
    manage_path = page.url.split(phone.base_url, 1)[1]
    phone.shot("private page under review")

    # 2. The second presenter confirms by the link in their own email.
    invitation = _wait_for_emails(app.instance_path, "reem@riyadh.example", 1)[0]
    second = journey(viewport=PHONE, language="ar", name="experience-presenter")
    presenter_link = _link(invitation, "/experiences/p/")
    second.page.goto(presenter_link)
    second.page.click("main form button[type=submit]")
    assert "تم تأكيد مشاركتك" in second.page.content()
    second.shot("presenter confirmed")

    db.session.commit()  # a fresh snapshot: the server wrote the submission
    submission = db.session.scalar(select(Submission))
    db.session.commit()  # end the test's read: the server writes next
    other_body = json.dumps({
        "title_ar": "المواقف الذكية", "entity": "أمانة المنطقة الشرقية", "summary": "حساسات.", "problem": "ازدحام.",
        "solution": "تطبيق.", "results": "40٪.", "stage": "pilot", "contact_email": "k@eastern.example", "consent": True,
        "presenters": [{"name_ar": "خالد", "email": "k@eastern.example"}]}).encode()
    request = urllib.request.Request(phone.base_url + "/api/v1/submissions", data=other_body,
                                     headers={"Content-Type": "application/json"})
    other_id = json.loads(urllib.request.urlopen(request).read())["id"]  # noqa: S310 (the local test server)

    # 3. Two reviewers score it; the second declares a conflict on the other submission.
    for reviewer, scores in ((first_reviewer, (9, 8)), (second_reviewer, (8, 9))):
        desk = journey(viewport=DESKTOP, language="ar", name=f"experience-reviewer-{reviewer.id}")
        desk.sign_in(reviewer.email, TEST_PASSWORD)
        desk.goto(f"/experiences/review/{submission.id}")
        desk.page.fill(f"#score-{impact.id}", str(scores[0]))
        desk.page.fill(f"#score-{clarity.id}", str(scores[1]))
        desk.page.fill("#submitter_comment", "تجربة رائدة قابلة للتعميم.")
        desk.page.click("main form button.button--primary")
        assert "حُفظ تحكيمك" in desk.page.content()
        if reviewer is second_reviewer:
            desk.goto(f"/experiences/review/{other_id}")
            desk.page.click("button.button--danger")
            assert "سُجّل تعارض المصالح" in desk.page.content()
        desk.shot("reviewer home")

    # 4. The organizer accepts, releases the decisions, and the submitter gets one email in Arabic.
    console = journey(viewport=DESKTOP, language="ar", name="experience-organizer")
    console.sign_in(organizer.email, TEST_PASSWORD)
    console.goto(f"/console/experiences/{submission.id}")
    console.page.select_option("#decision", "accepted")
    console.page.click("form.decision-form button")
    console.goto("/console/experiences")
    console.shot("ranking")
    console.page.click("form[action$='/release'] button")
    console.confirm("release")
    assert "أُعلنت القرارات" in console.page.content()
    decision = _wait_for_emails(app.instance_path, "contact@riyadh.example", 2)[-1]
    assert decision["Subject"].startswith("قرار اللجنة بشأن تجربتك")
    assert "قبلت تجربتك" in decision.get_body(preferencelist=("plain",)).get_content()

    # 5. It becomes a draft session, scheduled in the agenda editor (it started 30 minutes ago).
    console.goto(f"/console/experiences/{submission.id}")
    console.page.click("form[action$='/session'] button")
    console.page.wait_for_url("**/console/agenda/sessions/**")
    start = (now - timedelta(minutes=30)).astimezone(edition.tz)
    console.page.fill("#title_en", "A government information network")
    console.page.fill("#starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    console.page.fill("#ends_at", (start + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"))
    console.page.select_option("#room_id", str(room.id))
    console.page.check("#published")
    console.page.click("main form button[type=submit]")
    console.shot("scheduled")
    phone.goto("/agenda")
    assert "الشبكة الحكومية الموحدة للمعلومات" in page.content()

    # 6. The second presenter confirms the time from their own page; the submitter and the
    # organizer see who has confirmed; the submitter uploads the final slides.
    second.page.goto(presenter_link)
    second.page.click("form:has(input[name=action][value=slot]) button")
    assert "أكدت هذا الموعد." in second.page.content()
    second.shot("presenter confirmed the time")
    console.goto(f"/console/experiences/{submission.id}")
    assert "تم تأكيد الموعد" in console.page.content() and "لم يؤكد الموعد بعد" in console.page.content()
    console.shot("who confirmed the time")
    phone.goto(manage_path)
    assert "مقبولة" in page.content() and "تجربة رائدة قابلة للتعميم." in page.content()
    assert "تم تأكيد الموعد" in page.content() and "لم يؤكد الموعد بعد" in page.content()
    slides = tmp_path / "slides.pdf"
    slides.write_bytes(MINIMAL_PDF)
    page.set_input_files("#slides", str(slides))
    page.click("form[action$='/slides'] button")
    assert "رُفع عرضك" in page.content()
    phone.shot("one presenter confirmed, slides uploaded")

    # 7. An attendee who checked in rates it; the library shows the experience with its ratings.
    _db.session.commit()
    attendee = register_participant(edition, {"name_ar": "هند", "email": "hind@example.org"}, notify=False).participant
    _db.session.commit()
    check_in(attendee.badge_code)
    _db.session.commit()
    _db.session.expire_all()
    feedback.rate_session(attendee, _db.session.get(Submission, submission.id).session, 5, comment="عرض ملهم")
    _db.session.commit()
    phone.goto("/experiences?q=الشبكه الحكوميه")
    content = page.content()
    assert "الشبكة الحكومية الموحدة للمعلومات" in content and "5.0 من 5" in content and "المواقف الذكية" not in content
    phone.shot("library")
    assert not phone.console_errors
