"""The participant's private self-service page: status, QR, details, edit, cancel, calendar."""

from datetime import datetime

import icalendar

from conference.models import Edition, OutgoingEmail, Participant
from tests.helpers import form_post, make_edition
from tests.registration.test_form import participants, register


def manage_path(client, **changes) -> str:
    response = register(client, **changes)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].split("?")[0]


def test_the_page_shows_status_qr_and_details_and_is_kept_private(client, db, edition):
    path = manage_path(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    html = response.get_data(as_text=True)
    [person] = participants(db)
    assert '<svg class="qr" role="img"' in html and person.badge_code not in html  # drawn, not written
    assert 'dir="rtl" lang="ar">محمد بن عبدالله العتيبي' in html
    assert 'dir="ltr" lang="en">Mohammed Alotaibi' in html
    assert "+966551234567" in html
    assert f"{path}/event.ics" in html and f"{path}/edit" in html and f"{path}/cancel" in html


def test_the_qr_code_holds_the_badge_code(client, db, edition):
    import io

    import zxingcpp
    from PIL import Image

    from conference.qr import qr_png

    manage_path(client)
    [person] = participants(db)
    image = Image.open(io.BytesIO(qr_png(person.badge_code)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [person.badge_code]


def test_unknown_or_wrong_tokens_are_a_plain_404(client, db, edition):
    path = manage_path(client)
    token = path.rsplit("/", 1)[1]
    for bad in ("nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200, token.upper()):
        for suffix in ("", "/edit", "/cancel", "/event.ics"):
            response = client.get(f"/r/{bad}{suffix}")
            assert response.status_code == 404, (bad, suffix)
            assert "لم نعثر على هذه الصفحة" in response.get_data(as_text=True) or response.status_code == 404


def test_edit_own_details(client, db, edition):
    path = manage_path(client)
    response = form_post(client, f"{path}/edit", {
        "name_ar": "محمد العتيبي", "name_en": "Mohammed Al-Otaibi", "email": "m.alotaibi@example.org",
        "phone": "+971501234567", "organization": "Dubai Municipality", "job_title": "Director",
        "sector": "government", "city": "Dubai", "language": "en",
    })
    assert response.status_code == 302
    [person] = participants(db)
    assert (person.name_en, person.phone, person.language, person.city) == ("Mohammed Al-Otaibi", "+971501234567", "en", "Dubai")
    assert "dubai municipality" in person.search_text


def test_edit_refuses_bad_input_and_taken_emails(client, db, edition):
    register(client, email="other@example.org")
    path = manage_path(client)
    base = {"name_ar": "محمد", "email": "m.alotaibi@example.org", "phone": "0551234567", "organization": "أمانة",
            "sector": "government", "language": "ar"}
    bad = form_post(client, f"{path}/edit", {**base, "name_ar": "<script>x</script>", "name_en": ""})
    assert bad.status_code == 422 and "يقتصر الاسم على الحروف" in bad.get_data(as_text=True)
    taken = form_post(client, f"{path}/edit", {**base, "email": "OTHER@example.org"})
    assert taken.status_code == 422 and "مستخدم في تسجيل آخر" in taken.get_data(as_text=True)
    person = [p for p in participants(db) if p.manage_token in path][0]
    assert person.name_ar == "محمد بن عبدالله العتيبي" and person.email == "m.alotaibi@example.org"


def test_cancel_asks_first_then_frees_the_seat_for_the_waitlist(client, db):
    edition = make_edition(db, capacity=1)
    first = manage_path(client)
    waiting = manage_path(client, email="waiting@example.org")
    assert "قائمة الانتظار" in client.get(waiting).get_data(as_text=True)

    confirm_page = client.get(f"{first}/cancel")
    assert confirm_page.status_code == 200 and "هل تريد إلغاء تسجيلك" in confirm_page.get_data(as_text=True)
    assert [p.status for p in participants(db)] == ["confirmed", "waitlisted"]

    response = form_post(client, f"{first}/cancel", {})
    assert response.status_code == 302
    statuses = {p.email: p.status for p in participants(db)}
    assert statuses == {"m.alotaibi@example.org": "cancelled", "waiting@example.org": "confirmed"}
    assert db.session.get(Edition, edition.id).seats_taken == 1
    purposes = [e.purpose for e in db.session.query(OutgoingEmail).order_by(OutgoingEmail.id)]
    assert purposes[-2:] == ["registration.cancelled", "registration.seat_given"]
    assert "ملغى" in client.get(first).get_data(as_text=True)
    assert client.get(f"{first}/cancel").status_code == 302  # nothing more to cancel
    assert '<svg class="qr"' in client.get(waiting).get_data(as_text=True)


def test_cancel_needs_the_csrf_token(client, db, edition):
    path = manage_path(client)
    assert client.post(f"{path}/cancel").status_code == 400
    assert participants(db)[0].status == "confirmed"


def test_calendar_file_in_the_editions_time_zone(client, db, edition):
    path = manage_path(client)
    response = client.get(f"{path}/event.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "private, no-store"
    calendar = icalendar.Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert isinstance(start, datetime) and start.date() == edition.starts_on
    assert str(event["dtstart"].params["TZID"]) == "Asia/Riyadh"
    assert calendar.walk("VTIMEZONE")
    assert str(event["summary"]) == edition.title_ar
    assert path in str(event["url"])


def test_links_to_other_features_appear_only_when_they_exist(client, app, db, edition):
    path = manage_path(client)
    html = client.get(path).get_data(as_text=True)
    token = path.rsplit("/", 1)[1]
    for endpoint, url in (("badges.participant_badge", f"/r/{token}/badge.pdf"), ("agenda.personal", f"/r/{token}/agenda")):
        assert (url in html) == (endpoint in app.view_functions), endpoint
    # The certificate link appears only after check-in, and only once certificates are released.
    assert f"/r/{token}/certificate.pdf" not in html
    person = participants(db)[0]
    person.checked_in_at = person.created_at
    db.session.commit()
    html = client.get(path).get_data(as_text=True)
    assert f"/r/{token}/certificate.pdf" not in html
    assert "تم تسجيل حضورك" in html and "اعرض رمز QR هذا عند المدخل" not in html
    if "checkin.certificate" in app.view_functions:
        from conference.checkin.certificates import open_certificates

        open_certificates(edition, None)
        db.session.commit()
        assert f"/r/{token}/certificate.pdf" in client.get(path).get_data(as_text=True)


def test_anonymized_registrations_are_gone(client, db, edition):
    path = manage_path(client)
    person = participants(db)[0]
    person.anonymized_at = person.created_at
    db.session.commit()
    assert client.get(path).status_code == 404
    assert db.session.query(Participant).count() == 1
