"""Outgoing email: queued with the change, delivered over real SMTP, kept and retried while the server is down."""

import email
import email.policy
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from conference.mail import build_message, deliver_pending, queue_email, retry_failed
from conference.models import OutgoingEmail, utcnow
from tests.helpers import free_port


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_port():
    return free_port()


def _queue(db, to="sara@example.org"):
    message = build_message(to, "تأكيد التسجيل", "مرحبًا سارة", html="<p dir='rtl'>مرحبًا سارة</p>")
    record = queue_email(message, purpose="test")
    db.session.commit()
    return record


def test_without_a_mail_server_messages_go_to_the_outbox(app, db):
    record = _queue(db)
    assert deliver_pending() == (1, 0)
    db.session.refresh(record)
    assert record.status == "sent"
    files = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert "sara@example.org" in files[0].read_text(errors="replace")


def test_a_down_server_delays_mail_and_it_goes_out_when_back(app, db, smtp_port):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port)
    record = _queue(db)
    assert deliver_pending() == (0, 1)  # nothing listens on the port yet
    db.session.refresh(record)
    assert record.status == "pending" and record.attempts == 1 and "Error" in record.last_error
    assert record.next_attempt_at > utcnow()
    assert deliver_pending() == (0, 0)  # not due yet: no hammering

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        record.next_attempt_at = utcnow()
        db.session.commit()
        assert deliver_pending() == (1, 0)
        deadline = time.monotonic() + 5
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    db.session.refresh(record)
    assert record.status == "sent" and record.sent_at
    received = inbox.messages[0]
    assert received["To"] == "sara@example.org"
    assert str(make_header(decode_header(received["Subject"]))) == "تأكيد التسجيل"


def test_after_the_last_attempt_a_message_is_failed_and_can_be_retried(app, db, smtp_port):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port, MAIL_MAX_ATTEMPTS=2)
    record = _queue(db)
    for _ in range(2):
        record.next_attempt_at = utcnow()
        db.session.commit()
        deliver_pending()
        db.session.refresh(record)
    assert record.status == "failed" and record.attempts == 2
    assert retry_failed() == 1
    db.session.commit()
    db.session.refresh(record)
    assert record.status == "pending" and record.attempts == 0
    assert db.session.query(OutgoingEmail).count() == 1


def test_notifications_are_written_at_delivery_in_the_participants_language(app, db, edition):
    from conference.registration.service import register_participant

    outcome = register_participant(edition, {"name_ar": "ريم العتيبي", "name_en": "Reem Alotaibi",
                                             "email": "reem@example.org", "language": "ar"})
    db.session.commit()
    record = db.session.query(OutgoingEmail).filter_by(participant_id=outcome.participant.id).one()
    assert record.raw == b"" and record.purpose == "registration.confirmed"  # nothing built while registering
    assert deliver_pending() == (1, 0)
    db.session.refresh(record)
    assert record.status == "sent"
    message = email.message_from_bytes(record.raw, policy=email.policy.default)
    assert message["Subject"] == record.subject and "ملتقى يوم البلدية الإلكترونية" in record.subject
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'dir="rtl"' in html and "ريم العتيبي" in html


def test_a_notification_for_someone_anonymized_meanwhile_is_not_sent(app, db, edition):
    from conference.registration.service import register_participant

    outcome = register_participant(edition, {"name_en": "Omar Alharbi", "email": "omar@example.org"})
    db.session.commit()
    outcome.participant.email, outcome.participant.anonymized_at = None, utcnow()
    db.session.commit()
    assert deliver_pending() == (0, 1)
    record = db.session.query(OutgoingEmail).one()
    assert record.status == "failed" and "recipient is gone" in record.last_error
