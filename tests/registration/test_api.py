"""POST /api/v1/registrations: the form's rules as JSON."""

import pytest

from conference.models import OutgoingEmail, Participant
from tests.helpers import form_post, make_edition

BODY = {
    "name_ar": "نورة القحطاني",
    "name_en": "Noura Alqahtani",
    "email": "noura@example.org",
    "phone": "+966501234567",
    "organization": "جامعة الملك عبدالعزيز",
    "job_title": "أستاذ مشارك",
    "sector": "academic",
    "city": "جدة",
    "language": "ar",
    "consent": True,
}


def post(client, **changes):
    body = {k: v for k, v in {**BODY, **changes}.items() if v is not ...}
    return client.post("/api/v1/registrations", json=body)


def test_created_with_status_and_private_link(client, db, edition):
    response = post(client)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed"
    person = db.session.get(Participant, body["id"])
    assert body["manage_url"] == f"http://localhost/r/{person.manage_token}"
    assert response.headers["Location"] == body["manage_url"]
    assert person.phone == "+966501234567" and person.source == "online"
    assert db.session.query(OutgoingEmail).filter_by(participant_id=person.id).count() == 1
    assert client.get(body["manage_url"].removeprefix("http://localhost")).status_code == 200


def test_what_it_returns_may_be_sent_back(client, edition):
    first = post(client).get_json()
    assert post(client, email="again@example.org", **first).status_code == 201


def test_duplicate_is_409(client, db, edition):
    post(client)
    response = post(client, email="NOURA@example.org")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "duplicate"
    assert db.session.query(Participant).count() == 1


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"name_ar": "", "name_en": ""}, {"name_ar", "name_en"}),
        ({"name_en": "x" * 5000}, {"name_en"}),
        ({"name_en": "<script>alert(1)</script>"}, {"name_en"}),
        ({"name_ar": "\u202e\u202e", "name_en": "\u2066 \u2069"}, {"name_ar", "name_en"}),
        ({"email": "nope", "phone": "123"}, {"email", "phone"}),
        ({"consent": False}, {"consent"}),
        ({"consent": "yes"}, {"consent"}),
        ({"sector": "space"}, {"sector"}),
        ({"language": "fr"}, {"language"}),
        ({"name_ar": 5}, {"name_ar"}),
        ({"favourite_colour": "green"}, {"favourite_colour"}),
        ({"email": ..., "phone": ..., "organization": ...}, {"email", "phone", "organization"}),
    ],
)
def test_invalid_fields_are_422_and_save_nothing(client, db, edition, changes, fields):
    response = post(client, **changes)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and set(error["fields"]) == fields
    assert db.session.query(Participant).count() == 0


def test_not_json_is_400(client, edition):
    assert client.post("/api/v1/registrations", data="name=x").status_code == 400
    assert client.post("/api/v1/registrations", json=[1, 2]).status_code == 400


def test_waitlisted_pending_and_full(client, db):
    edition = make_edition(db, capacity=1)
    assert post(client).get_json()["status"] == "confirmed"
    assert post(client, email="w@example.org").get_json()["status"] == "waitlisted"
    edition.waitlist_enabled = False
    db.session.commit()
    full = post(client, email="f@example.org")
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "full"
    edition.approval_required = True
    db.session.commit()
    assert post(client, email="p@example.org").get_json()["status"] == "pending"


def test_closed_window_has_its_own_code(client, db):
    from datetime import UTC, datetime, timedelta

    edition = make_edition(db, registration_opens_at=datetime.now(UTC) + timedelta(days=1))
    response = post(client)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_open"
    edition.registration_opens_at = None
    edition.registration_closes_at = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    assert post(client).get_json()["error"]["code"] == "closed"
    assert db.session.query(Participant).count() == 0


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="2 per minute")
def test_rate_limited_together_with_the_form(client, edition):
    assert post(client).status_code == 201
    assert post(client, email="b@example.org").status_code == 201
    limited = post(client, email="c@example.org")
    assert limited.status_code == 429 and limited.get_json()["error"]["code"]
    assert form_post(client, "/register/link", {"email": "x@example.org"}).status_code == 429


def test_documented_in_openapi(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/registrations"]["post"]
    assert operation["security"] == [] and {"201", "409", "422"} <= set(operation["responses"])
    assert set(document["components"]["schemas"]["RegistrationRequest"]["properties"]) >= set(BODY)


def test_lone_surrogates_and_nul_characters_are_dropped_not_a_500(client, db, edition):
    response = post(client, organization="أمانة\ud800 جدة\x00", name_en="Noura\udfff")
    assert response.status_code == 201
    person = db.session.query(Participant).one()
    assert (person.organization, person.name_en) == ("أمانة جدة", "Noura")
