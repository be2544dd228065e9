"""Past editions in the archive show their figures, their programme and their winners."""

from datetime import date

from conference.agenda import service as agenda
from conference.awards import service as awards
from conference.models import Participant, utcnow
from conference.models.awards import AwardCategory
from tests.agenda.test_support import at
from tests.awards.test_awards import make_nomination
from tests.helpers import make_edition


def _past_edition(db):
    past = make_edition(db, number=1, year=2024, starts_on=date(2024, 12, 18), ends_on=date(2024, 12, 18),
                        is_current=False, title_en="First E-Municipality Day", title_ar="ملتقى يوم البلدية الإلكترونية الأول")
    for n, (status, came) in enumerate([("confirmed", True), ("confirmed", True), ("confirmed", False),
                                        ("waitlisted", False), ("cancelled", False)]):
        db.session.add(Participant(edition_id=past.id, name_ar=f"مشارك {n}", email=f"p{n}@example.org", status=status,
                                   badge_number=n + 1, checked_in_at=utcnow() if came else None))
    for title_en, title_ar, start, published in [("Opening", "الافتتاح", 9, True), ("Smart lighting", "الإنارة الذكية", 10, True),
                                                 ("Unpublished idea", "فكرة غير منشورة", 11, False)]:
        agenda.save_session(past, None, {"kind": "keynote", "title_ar": title_ar, "title_en": title_en,
                                         "starts_at": at(past, start), "ends_at": at(past, start, 45), "room_id": None,
                                         "track_id": None, "speaker_ids": [], "seat_limit": None, "published": published})
    category = AwardCategory(edition_id=past.id, name_ar="أفضل خدمة إلكترونية", name_en="Best e-Service")
    db.session.add(category)
    db.session.commit()
    winner = make_nomination(db, category)
    awards.close_jury(category)
    awards.announce_winners(category, {winner.id})
    db.session.commit()
    return past


def test_the_archive_lists_each_past_edition_with_its_figures(client, db, edition):
    _past_edition(db)
    client.get("/language/en")
    html = client.get("/archive").get_data(as_text=True)
    # registered: every registration not cancelled (the waiting list too); attended: checked in
    assert "4 registered · 2 attended" in html


def test_a_past_edition_shows_its_programme_winners_and_figures(client, db, edition):
    _past_edition(db)
    client.get("/language/en")
    page = client.get("/editions/1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "First E-Municipality Day" in html
    assert "<strong>4</strong> registered" in html and "<strong>2</strong> attended" in html
    assert html.index("Opening") < html.index("Smart lighting") and "Unpublished idea" not in html
    assert "Best e-Service" in html and "Riyadh Region Municipality" in html
    assert "Register now" not in html  # nothing to sign up for in the archive
    client.get("/language/ar")
    arabic = client.get("/editions/1").get_data(as_text=True)
    assert "الإنارة الذكية" in arabic and "أمانة منطقة الرياض" in arabic
