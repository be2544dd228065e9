"""Every kind of message, in both languages, parsed back as a mail client would read it:
Date and Message-ID, 7-bit clean parts (no 8BITMIME needed), the calendar's method in its
Content-Type, and List-Unsubscribe with a one-click unsubscribe that works on bulk mail."""

import email
import email.policy
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from conference.checkin.certificates import _certificate_message, attendance_certificate, recipients
from conference.models import utcnow
from conference.registration.notifications import KINDS, WITH_BADGE, _message
from tests.checkin.test_checkin import add_person
from tests.helpers import make_edition

LANGUAGES = ("ar", "en")


def parsed(message) -> tuple[bytes, email.message.EmailMessage]:
    raw = message.as_bytes(policy=email.policy.SMTP)
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


def assert_standard(raw: bytes, message, name: str) -> None:
    assert max(raw) < 128, "a byte needs 8BITMIME"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    sent = parsedate_to_datetime(message["Date"])
    assert sent.tzinfo is not None and abs(datetime.now(UTC) - sent) < timedelta(minutes=5)
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(">")
    for part in message.walk():
        if part.is_multipart():
            continue
        assert part["Content-Transfer-Encoding"] in ("7bit", "quoted-printable", "base64"), part.get_content_type()
    assert name in message.get_body(preferencelist=("plain",)).get_content()
    assert name in message.get_body(preferencelist=("html",)).get_content()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_registration_message_follows_the_standards(app, db, edition, kind, language):
    person = add_person(db, edition, name_ar="لؤي بن مؤمن الهاشمي", name_en="Luay Alhashemi", language=language)
    db.session.commit()
    raw, message = parsed(_message(person, kind))
    assert_standard(raw, message, "لؤي بن مؤمن الهاشمي" if language == "ar" else "Luay Alhashemi")
    assert message["List-Unsubscribe"] is None  # about their own registration: not bulk mail
    calendars = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    if kind in WITH_BADGE:
        [calendar] = calendars
        assert calendar.get_param("method") == "PUBLISH"
        assert "METHOD:PUBLISH" in calendar.get_content()
    else:
        assert calendars == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_certificate_links_are_bulk_mail_with_a_working_one_click_unsubscribe(app, client, db, language):
    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, starts_on=ended, ends_on=ended)
    person = add_person(db, edition, name_ar="آلاء بنت لؤلؤة العتيبي", name_en="Alaa Alotaibi", language=language,
                        checked_in_at=utcnow())
    other = add_person(db, edition, checked_in_at=utcnow())
    certificate = attendance_certificate(person)
    db.session.commit()
    raw, message = parsed(_certificate_message(person, certificate))
    assert_standard(raw, message, "آلاء بنت لؤلؤة العتيبي" if language == "ar" else "Alaa Alotaibi")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    assert url.startswith("http://") and url in message.get_body(preferencelist=("plain",)).get_content()
    assert set(recipients(edition)) == {person.id, other.id}

    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and person.unsubscribed_at is None
    # What a mail provider sends for its "unsubscribe" button: no cookie, no form token.
    answer = client.post(f"/{path}", data="List-Unsubscribe=One-Click",
                         content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200
    db.session.refresh(person)
    assert person.unsubscribed_at is not None
    assert recipients(edition) == [other.id]
    assert client.post("/r/not-a-real-token-xxxxxxxxxxxxxxxx/unsubscribe", data="List-Unsubscribe=One-Click").status_code == 404
