"""The shared registration rules: seats, waitlist, approval, duplicates, cancellation."""

from datetime import UTC

import pytest

from conference.models import Edition, Participant
from conference.registration.service import (
    DuplicateRegistration,
    EditionFull,
    RegistrationClosed,
    approve_registration,
    cancel_registration,
    register_participant,
)
from tests.helpers import make_edition


def person(n: int, **extra) -> dict:
    return {"name_ar": f"مشارك {n}", "name_en": f"Participant {n}", "email": f"p{n}@example.org", **extra}


def test_seats_then_waitlist_then_promotion(db):
    edition = make_edition(db, capacity=2)
    statuses = [register_participant(edition, person(i)).status for i in range(4)]
    db.session.commit()
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    db.session.refresh(edition)
    assert edition.seats_taken == 2
    first = db.session.query(Participant).filter_by(email="p0@example.org").one()
    promoted = cancel_registration(first)
    db.session.commit()
    assert [p.email for p in promoted] == ["p2@example.org"]
    assert promoted[0].status == "confirmed" and promoted[0].confirmed_at
    db.session.refresh(edition)
    assert edition.seats_taken == 2
    assert cancel_registration(first) == []


def test_full_without_waitlist_refuses_and_changes_nothing(db):
    edition = make_edition(db, capacity=1, waitlist_enabled=False)
    register_participant(edition, person(1))
    db.session.commit()
    with pytest.raises(EditionFull):
        register_participant(edition, person(2))
    db.session.commit()
    assert db.session.query(Participant).count() == 1
    assert db.session.get(Edition, edition.id).badges_issued == 1


def test_duplicate_email_in_any_case_is_refused(db):
    edition = make_edition(db, capacity=5)
    register_participant(edition, person(1))
    db.session.commit()
    with pytest.raises(DuplicateRegistration):
        register_participant(edition, person(2, email="P1@EXAMPLE.org"))
    db.session.rollback()
    assert db.session.get(Edition, edition.id).seats_taken == 1


def test_approval_keeps_registrations_pending_until_approved(db):
    edition = make_edition(db, capacity=1, approval_required=True)
    first = register_participant(edition, person(1)).participant
    second = register_participant(edition, person(2)).participant
    db.session.commit()
    assert first.status == second.status == "pending"
    assert approve_registration(first) == "confirmed"
    assert approve_registration(second) == "waitlisted"
    db.session.commit()


def test_closed_window_is_refused(db):
    from datetime import datetime, timedelta

    edition = make_edition(db, registration_closes_at=datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(RegistrationClosed) as info:
        register_participant(edition, person(1))
    assert info.value.state == "closed"


def test_badge_numbers_are_short_and_unique_per_edition(db):
    edition = make_edition(db, capacity=10)
    numbers = [register_participant(edition, person(i)).participant.badge_number for i in range(3)]
    db.session.commit()
    assert numbers == [1, 2, 3]
    codes = {p.badge_code for p in db.session.query(Participant)}
    assert len(codes) == 3 and all(len(c) == 32 and c.isupper() for c in codes)


def test_search_key_folds_arabic_spellings(db):
    edition = make_edition(db)
    p = register_participant(edition, person(1, name_ar="أحمد فاطمة", organization="أمانة جدة")).participant
    assert "احمد فاطمه" in p.search_text and "امانه جده" in p.search_text
