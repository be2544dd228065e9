"""Anonymizing a past edition (console and CLI), and the demo participants."""

from sqlalchemy import func, select

from conference.demo import load_demo
from conference.models import AuditLog, Edition, OutgoingEmail, Participant
from conference.registration.service import register_participant
from tests.helpers import form_post, make_edition


def past_with_people(db, count=3):
    past = make_edition(db, number=1, year=2024, is_current=False)
    for n in range(count):
        person = register_participant(past, {"name_ar": f"سعود {'ابج'[n]}", "email": f"old{n}@example.org",
                                             "phone": "+966501234567", "organization": "أمانة جدة"},
                                      check_window=False, notify=True).participant
    db.session.commit()
    return past, person


def test_admin_anonymizes_a_past_edition_keeping_the_counts(db, client, edition, login_as):
    past, person = past_with_people(db)
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 3
    old_token = person.manage_token
    login_as("admin")
    refused = form_post(client, "/console/privacy/1/anonymize", {"confirm": "2"}, form_url="/console/privacy")
    assert refused.status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, person.id).email == "old2@example.org"  # wrong confirmation: nothing done

    done = form_post(client, "/console/privacy/1/anonymize", {"confirm": "1"}, form_url="/console/privacy")
    assert done.status_code == 302
    db.session.rollback()
    people = db.session.scalars(select(Participant).where(Participant.edition_id == past.id)).all()
    assert len(people) == 3
    for p in people:
        assert (p.name_ar, p.name_en, p.email, p.phone, p.search_text) == ("", "", None, "", "")
        assert p.anonymized_at and p.status == "confirmed" and p.organization == "أمانة جدة"
    assert db.session.get(Participant, person.id).manage_token != old_token
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0
    assert client.get(f"/r/{old_token}").status_code in (404, 302)
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "edition.anonymize")) == 1
    assert "old0@example.org" not in client.get("/console/privacy").get_data(as_text=True)


def test_the_current_edition_is_never_anonymized(db, client, edition, login_as):
    register_participant(edition, {"name_ar": "أحمد", "email": "a@example.org"}, notify=False)
    db.session.commit()
    login_as("admin")
    form_post(client, f"/console/privacy/{edition.number}/anonymize", {"confirm": str(edition.number)},
              form_url="/console/privacy")
    db.session.rollback()
    assert db.session.scalar(select(Participant.email)) == "a@example.org"
    assert f'/console/privacy/{edition.number}/anonymize' not in client.get("/console/privacy").get_data(as_text=True)


def test_cli_anonymize(db, app, edition):
    past, _person = past_with_people(db)
    runner = app.test_cli_runner()
    current = runner.invoke(args=["participants", "anonymize", "--edition", str(edition.number), "--yes"])
    assert current.exit_code != 0 and "current edition" in current.output
    result = runner.invoke(args=["participants", "anonymize", "--edition", "1"], input="y\n")
    assert result.exit_code == 0 and "anonymized 3" in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(Participant.edition_id == past.id, Participant.email.is_not(None))) == 0
    assert db.session.scalar(select(func.count()).where(Participant.edition_id == past.id)) == 3


def test_demo_participants_are_realistic_idempotent_and_honour_the_count(app, db):
    load_demo(participants=430)
    current = Edition.current()

    def counts(edition):
        rows = db.session.execute(select(Participant.status, func.count()).where(Participant.edition_id == edition.id)
                                  .group_by(Participant.status)).all()
        return dict(rows)

    assert counts(current) == {"confirmed": 400, "waitlisted": 20, "cancelled": 10}
    assert current.seats_taken == 400
    categories = set(db.session.scalars(select(Participant.category).where(Participant.edition_id == current.id)))
    assert {"speaker", "vip", "media", "participant"} <= categories
    names = db.session.scalars(select(Participant.name_ar).where(Participant.edition_id == current.id)).all()
    assert all(any("\u0600" <= c <= "\u06ff" for c in n) for n in names)
    days = {p.created_at.date() for p in db.session.scalars(select(Participant).where(Participant.edition_id == current.id))}
    assert len(days) > 20  # spread over the registration window
    archive = {e.number: sum(counts(e).values()) for e in Edition.archive()}
    assert 0 < archive[1] < archive[2] < 430

    load_demo(participants=430)  # again: nobody added
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 430 + sum(archive.values())


def test_demo_with_no_participants(app, db):
    load_demo(participants=0)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_an_edition_whose_experiences_still_name_people_is_offered_again(db, client, edition, login_as):
    """Participants already anonymized, but a submission still holds its presenters: the page
    still offers the step, and the step removes them."""
    from datetime import UTC, datetime, timedelta

    from conference.experiences import service as experiences
    from conference.models.experiences import ExperienceCall, Submission

    past = make_edition(db, number=1, year=2024, is_current=False)
    now = datetime.now(UTC)
    the_call = ExperienceCall(edition_id=past.id, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    db.session.add(the_call)
    db.session.commit()
    cleaned, errors = experiences.clean_submission({
        "title_ar": "بوابة الشكاوى", "entity": "أمانة جدة", "summary": "بوابة موحدة.", "problem": "تأخر.",
        "solution": "بوابة.", "results": "أسرع.", "stage": "pilot", "contact_email": "old.contact@example.org",
        "language": "ar", "consent": True, "presenters": [{"name_ar": "سلمى الحارثي", "email": "salma@example.org"}],
    }, the_call)
    assert errors == {}
    experiences.submit(the_call, cleaned)
    db.session.commit()
    login_as("admin")
    page = client.get("/console/privacy").get_data(as_text=True)
    assert 'action="/console/privacy/1/anonymize"' in page
    assert form_post(client, "/console/privacy/1/anonymize", {"confirm": "1"}, form_url="/console/privacy").status_code == 302
    db.session.rollback()
    submission = db.session.scalar(select(Submission))
    assert submission.contact_email == "" and [p.name_ar for p in submission.presenters] == [""]
    assert 'action="/console/privacy/1/anonymize"' not in client.get("/console/privacy").get_data(as_text=True)
