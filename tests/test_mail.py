"""Outgoing email: queued with the change, delivered over real SMTP, kept and retried while the server is down."""

import socket
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from conference.mail import build_message, deliver_pending, queue_email, retry_failed
from conference.models import OutgoingEmail, utcnow


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port():
    return _free_port()


def _queue(db, to="sara@example.org"):
    message = build_message(to, "تأكيد التسجيل", "مرحبًا سارة", "<p dir='rtl'>مرحبًا سارة</p>")
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
