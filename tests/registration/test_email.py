"""Registration emails through a real local SMTP server (aiosmtpd), parsed as a mail client would."""

from email import message_from_bytes
from email.policy import default

import icalendar
import pytest
from aiosmtpd.controller import Controller

from conference import mail
from conference.editions import apply_changes
from conference.models import Edition, OutgoingEmail
from tests.helpers import form_post, free_port, make_edition
from tests.registration.test_form import participants, register

SMTP_PORT = free_port()
DOWN_PORT = free_port()  # nothing listens here
with_smtp = pytest.mark.app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=SMTP_PORT)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield handler
    controller.stop()


def parts(message):
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    calendars = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return text.get_content(), html.get_content(), images, calendars


@with_smtp
def test_arabic_confirmation_email_with_qr_link_and_calendar(client, db, edition, inbox):
    register(client)
    [message] = inbox.to("m.alotaibi@example.org")
    assert "تأكّد تسجيلك" in message["Subject"] and edition.title_ar in message["Subject"]
    text, html, images, calendars = parts(message)
    [person] = participants(db)
    link = f"http://localhost/r/{person.manage_token}"
    assert link in text and f'href="{link}"' in html
    assert '<html lang="ar" dir="rtl">' in html
    assert "محمد بن عبدالله العتيبي" in html and "تأكّد تسجيلك" in text
    [image] = images
    assert image["Content-ID"].strip("<>") in html and "cid:" in html
    assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    [attachment] = calendars
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["summary"]) == edition.title_ar and str(event["dtstart"].params["TZID"]) == "Asia/Riyadh"
    db.session.rollback()
    assert db.session.query(OutgoingEmail).one().status == "sent"


@with_smtp
def test_english_email_is_left_to_right(client, db, edition, inbox):
    register(client, language="en")
    [message] = inbox.messages
    text, html, images, calendars = parts(message)
    assert message["Subject"].startswith("Your registration is confirmed")
    assert '<html lang="en" dir="ltr">' in html and "Dear " in text
    assert images and calendars


@with_smtp
def test_waitlist_then_seat_given_emails(client, db, inbox):
    make_edition(db, capacity=1)
    register(client)
    register(client, email="waiting@example.org", language="en")
    [waitlisted] = inbox.to("waiting@example.org")
    text, _html, images, calendars = parts(waitlisted)
    assert "waiting list" in waitlisted["Subject"] and not images and not calendars
    token = participants(db)[0].manage_token
    form_post(client, f"/r/{token}/cancel", {})
    cancelled = inbox.to("m.alotaibi@example.org")[-1]
    assert "أُلغي تسجيلك" in cancelled["Subject"]
    seat = inbox.to("waiting@example.org")[-1]
    assert seat["Subject"].startswith("You have a seat")
    assert parts(seat)[2] and parts(seat)[3]


@with_smtp
def test_pending_then_link_emails(client, db, inbox):
    make_edition(db, approval_required=True)
    register(client)
    assert "تلقّينا طلب تسجيلك" in inbox.messages[-1]["Subject"]
    form_post(client, "/register/link", {"email": "m.alotaibi@example.org"})
    link_message = inbox.messages[-1]
    assert "رابط تسجيلك" in link_message["Subject"]
    assert participants(db)[0].manage_token in parts(link_message)[0]


@with_smtp
def test_raising_capacity_gives_seats_to_the_waitlist(client, db, inbox):
    edition = make_edition(db, capacity=1)
    for n in range(3):
        register(client, email=f"p{n}@example.org")
    assert [p.status for p in participants(db)] == ["confirmed", "waitlisted", "waitlisted"]
    edition = db.session.get(Edition, edition.id)
    apply_changes(edition, {"capacity": 2})
    db.session.commit()
    mail.deliver_pending()
    assert [p.status for p in participants(db)] == ["confirmed", "confirmed", "waitlisted"]
    assert db.session.get(Edition, edition.id).seats_taken == 2
    assert inbox.to("p1@example.org")[-1]["Subject"].startswith("حُجز لك مقعد")
    assert len(inbox.to("p2@example.org")) == 1


@pytest.mark.app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=DOWN_PORT)
def test_a_failing_mail_server_never_loses_a_registration(client, db, edition):
    response = register(client)
    assert response.status_code == 302
    [person] = participants(db)
    assert person.status == "confirmed"
    [queued] = db.session.query(OutgoingEmail).all()
    assert queued.status == "pending" and queued.attempts == 1 and "ConnectionRefused" in queued.last_error
    assert queued.participant_id == person.id


def test_without_a_mail_server_messages_go_to_the_outbox(client, app, db, edition):
    import pathlib

    register(client)
    files = list((pathlib.Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes(), policy=default)
    assert message.get_body(preferencelist=("html",)) is not None
