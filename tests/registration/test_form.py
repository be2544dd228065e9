"""The public registration form: the real form flow with its CSRF token, in Arabic and English."""

from datetime import UTC, datetime, timedelta

import pytest

from conference.models import Edition, OutgoingEmail, Participant
from tests.helpers import csrf_from, form_post, make_edition

VALID = {
    "name_ar": "محمد بن عبدالله العتيبي",
    "name_en": "Mohammed Alotaibi",
    "email": "m.alotaibi@example.org",
    "phone": "0551234567",
    "organization": "أمانة محافظة جدة",
    "job_title": "مدير التحول الرقمي",
    "sector": "government",
    "city": "جدة",
    "language": "ar",
    "consent": "y",
}


def register(client, **changes):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    return form_post(client, "/register", data)


def participants(db):
    db.session.rollback()
    return db.session.query(Participant).order_by(Participant.id).all()


def test_a_registration_is_confirmed_and_lands_on_the_private_page(client, db, edition):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/r/")
    [person] = participants(db)
    assert person.status == "confirmed"
    assert person.phone == "+966551234567"
    assert person.name_ar == "محمد بن عبدالله العتيبي" and person.consent_at is not None
    assert person.source == "online" and person.badge_number == 1
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert "مؤكد" in html and "<svg" in html
    assert "أرسلنا رابط هذه الصفحة" in html  # the flashed thank-you
    assert db.session.query(OutgoingEmail).filter_by(participant_id=person.id, purpose="registration.confirmed").count() == 1


def test_the_form_is_made_for_phones(client, edition):
    html = client.get("/register").get_data(as_text=True)
    assert 'name="name_ar"' in html and 'dir="rtl"' in html
    for name, attrs in {
        "name_en": ('dir="ltr"', 'autocomplete="name"'),
        "email": ('type="email"', 'inputmode="email"', 'autocomplete="email"', 'dir="ltr"'),
        "phone": ('type="tel"', 'inputmode="tel"', 'autocomplete="tel"', 'dir="ltr"'),
    }.items():
        tag = html.split(f'name="{name}"')[0].rsplit("<input", 1)[1] + html.split(f'name="{name}"')[1].split(">", 1)[0]
        for attr in attrs:
            assert attr in tag, (name, attr)
    assert "/register/privacy" in html
    assert 'class="hp"' in html and 'name="website"' in html


def test_english_visitors_get_english_labels_and_messages(client, db, edition):
    client.get("/language/en")
    response = register(client, email="", phone="12", consent=None)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter your email address." in html
    assert "Enter a valid mobile number" in html
    assert "Please agree to the privacy notice" in html
    assert participants(db) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_ar": "", "name_en": ""}, "name_ar", "أدخل اسمك بالعربية أو بالإنجليزية"),
        ({"name_ar": "   ", "name_en": "\u202e\u202d "}, "name_ar", "أدخل اسمك بالعربية أو بالإنجليزية"),
        ({"name_ar": "م" * 5000}, "name_ar", "الاسم طويل جدًا"),
        ({"name_en": "<script>alert(1)</script>"}, "name_en", "يقتصر الاسم على الحروف"),
        ({"name_en": "<b>Bold</b>"}, "name_en", "يقتصر الاسم على الحروف"),
        ({"name_ar": "12345 !!"}, "name_ar", "يجب أن يحتوي الاسم على حروف"),
        ({"organization": "<img src=x onerror=alert(1)>"}, "organization", "يُرجى حذف العلامتين"),
        ({"organization": "ج" * 5000}, "organization", "النص طويل جدًا"),
        ({"email": "not-an-email"}, "email", "أدخل بريدًا إلكترونيًا صحيحًا"),
        ({"email": "a@b"}, "email", "أدخل بريدًا إلكترونيًا صحيحًا"),
        ({"email": "x" * 300 + "@example.org"}, "email", "البريد الإلكتروني طويل جدًا"),
        ({"phone": "12345"}, "phone", "أدخل رقم جوال صحيحًا"),
        ({"phone": "0112345678"}, "phone", "أدخل رقم جوال صحيحًا"),  # a Riyadh landline
        ({"phone": "+966 55 123"}, "phone", "أدخل رقم جوال صحيحًا"),
        ({"phone": "<script>"}, "phone", "أدخل رقم جوال صحيحًا"),
        ({"sector": "aliens"}, "sector", "اختر القطاع من القائمة"),
        ({"consent": None}, "consent", "يلزم الموافقة على إشعار الخصوصية"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, db, edition, changes, field, message):
    response = register(client, **changes)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html.split(f'id="{field}-error"')[1][:300]
    assert "<script>alert" not in html and "<img src=x" not in html
    assert participants(db) == []
    assert db.session.get(Edition, edition.id).seats_taken == 0
    assert db.session.query(OutgoingEmail).count() == 0


def test_names_are_cleaned_of_spaces_controls_and_direction_overrides(client, db, edition):
    response = register(client, name_ar="  \u202eمحمد\u202c   \u0007العتيبي\u200f ", name_en="\u2066 Mohammed\t\tAli \u2069")
    assert response.status_code == 302
    [person] = participants(db)
    assert person.name_ar == "محمد العتيبي"
    assert person.name_en == "Mohammed Ali"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0551234567", "+966551234567"), ("٠٥٥١٢٣٤٥٦٧", "+966551234567"), ("00966 55 123 4567", "+966551234567"),
     ("+971 50 123 4567", "+971501234567"), ("+44 7911 123456", "+447911123456")],
)
def test_phones_are_stored_in_e164(client, db, edition, typed, stored):
    assert register(client, phone=typed).status_code == 302
    assert participants(db)[0].phone == stored


def test_one_name_in_either_language_is_enough(client, db, edition):
    assert register(client, name_ar="", email="en@example.org").status_code == 302
    assert register(client, name_en="", email="ar@example.org").status_code == 302
    assert {p.email for p in participants(db)} == {"en@example.org", "ar@example.org"}


def test_a_tampered_csrf_token_is_refused_and_saves_nothing(client, db, edition):
    page = client.get("/register").get_data(as_text=True)
    token = csrf_from(page)
    response = client.post("/register", data={**VALID, "csrf_token": token[:-4] + "AAAA"})
    assert response.status_code == 400
    assert "انتهت صلاحية هذا النموذج" in response.get_data(as_text=True) or "النموذج" in response.get_data(as_text=True)
    assert client.post("/register", data=VALID).status_code == 400
    assert participants(db) == []


def test_the_honeypot_stops_bots(client, db, edition):
    response = register(client, website="http://spam.example")
    assert response.status_code == 400
    assert participants(db) == []


def test_duplicates_in_any_letter_case_are_refused_with_a_link_offer(client, db, edition):
    assert register(client).status_code == 302
    again = register(client, email="M.ALOTAIBI@Example.org", name_en="Someone Else")
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert "هذا البريد الإلكتروني مسجّل مسبقًا" in html
    assert 'action="/register/link"' in html
    assert len(participants(db)) == 1


def test_send_my_link_answers_the_same_whether_or_not_registered(client, db, edition):
    register(client)
    db.session.rollback()
    before = db.session.query(OutgoingEmail).count()
    known = form_post(client, "/register/link", {"email": "M.Alotaibi@example.org"})
    unknown = form_post(client, "/register/link", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    db.session.rollback()
    sent = db.session.query(OutgoingEmail).filter_by(purpose="registration.link").all()
    assert len(sent) == 1 and sent[0].to_addr == "m.alotaibi@example.org"
    assert db.session.query(OutgoingEmail).count() == before + 1


def test_send_my_link_checks_the_address(client, edition):
    response = form_post(client, "/register/link", {"email": "nope"})
    assert response.status_code == 422
    assert "أدخل بريدًا إلكترونيًا صحيحًا" in response.get_data(as_text=True)


def test_before_opening_and_after_closing_a_friendly_page(client, db):
    edition = make_edition(db, registration_opens_at=datetime.now(UTC) + timedelta(days=2))
    html = client.get("/register").get_data(as_text=True)
    assert "يبدأ التسجيل قريبًا" in html and 'name="email"' not in html
    edition.registration_opens_at = datetime.now(UTC) - timedelta(days=3)
    edition.registration_closes_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    html = client.get("/register").get_data(as_text=True)
    assert "التسجيل مغلق" in html and 'name="email"' not in html


def test_a_form_sent_after_closing_is_refused(client, db, edition):
    page = client.get("/register").get_data(as_text=True)
    edition.registration_closes_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    response = client.post("/register", data={**VALID, "csrf_token": csrf_from(page)})
    assert response.status_code == 200 and "التسجيل مغلق" in response.get_data(as_text=True)
    assert participants(db) == []


def test_full_goes_to_the_waitlist_or_says_full(client, db):
    edition = make_edition(db, capacity=1)
    register(client)
    second = register(client, email="second@example.org")
    location = second.headers["Location"]
    assert "قائمة الانتظار" in client.get(location).get_data(as_text=True)
    edition = db.session.get(Edition, edition.id)
    edition.waitlist_enabled = False
    db.session.commit()
    html = client.get("/register").get_data(as_text=True)
    assert "اكتمل عدد المقاعد" in html and 'name="email"' not in html
    assert [p.status for p in sorted(participants(db), key=lambda p: p.id)] == ["confirmed", "waitlisted"]


def test_approval_keeps_the_registration_pending(client, db):
    make_edition(db, approval_required=True)
    response = register(client)
    assert "بانتظار الموافقة" in client.get(response.headers["Location"]).get_data(as_text=True)
    [person] = participants(db)
    assert person.status == "pending"
    assert db.session.query(OutgoingEmail).filter_by(purpose="registration.pending").count() == 1


def test_privacy_notice_in_both_languages(client, edition):
    html = client.get("/register/privacy").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html and 'lang="en" dir="ltr"' in html
    assert "إشعار الخصوصية" in html and "Privacy notice" in html


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="3 per minute")
def test_public_posts_are_rate_limited_per_address(client, db, edition):
    statuses = [register(client, email=f"r{i}@example.org").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(participants(db)) == 3
