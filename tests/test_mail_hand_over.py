"""A message reaches the mail server once even when its sender dies or is overtaken mid-send.

The mail server owns a message once it has received the final "." of DATA. A process killed
before that leaves nothing delivered, and the message is sent again; killed after it, the
message is delivered and must not be sent again; overtaken by another process (its claim gone
stale while it was slow), it abandons the message before the "."."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text, update

from conference.mail import _claim_batch, _deliver_one, build_message, deliver_pending, queue_email
from conference.models import OutgoingEmail, utcnow
from tests.helpers import SmtpInbox

PROJECT = Path(__file__).resolve().parent.parent


class InterruptingInbox(SmtpInbox):
    """A real SMTP server that runs `interrupt()` when the client reaches `step` (RCPT or DATA)."""

    def __init__(self, step: str, interrupt):
        super().__init__()
        self.step, self.interrupt = step, interrupt

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        envelope.rcpt_tos.append(address)
        if self.step == "RCPT":
            self.interrupt()
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.step == "DATA":
            self.interrupt()
        return await super().handle_DATA(server, session, envelope)


def serve(inbox: SmtpInbox) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    return controller


def queued(db, address: str) -> OutgoingEmail:
    record = queue_email(build_message(address, "تأكيد التسجيل", "مرحبا"), purpose="test")
    db.session.commit()
    return record


def deliver_in_other_process(app, port: int) -> subprocess.Popen:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CONFERENCE_INSTANCE_PATH": app.instance_path,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "x",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "conference", "mail", "deliver"],
                            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize(("step", "delivered_before_recovery"), [("RCPT", 0), ("DATA", 1)])
def test_a_sender_killed_mid_message_leaves_exactly_one_delivery(app, db, step, delivered_before_recovery):
    record = queued(db, "killed@example.org")
    victim: list[subprocess.Popen] = []
    inbox = InterruptingInbox(step, lambda: os.kill(victim[0].pid, signal.SIGKILL))
    controller = serve(inbox)
    try:
        victim.append(deliver_in_other_process(app, inbox.port))
        assert victim[0].wait(timeout=120) == -signal.SIGKILL
        time.sleep(0.5)
        assert len(inbox.recipients()) == delivered_before_recovery

        # Later, another process finds the message claimed by the dead one, long enough ago.
        db.session.execute(update(OutgoingEmail).values(claimed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        inbox.step = ""
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
        deliver_pending()
        assert inbox.wait_for(1, settle=1) == ["killed@example.org"]
    finally:
        controller.stop()
    db.session.refresh(record)
    assert (record.status, record.claimed_by) == ("sent", "")
    assert deliver_pending() == (0, 0)


def test_a_slow_sender_overtaken_by_another_abandons_the_message(app, db):
    record = queued(db, "overtaken@example.org")
    engine, record_id = db.engine, record.id

    def taken_over_meanwhile():
        with engine.begin() as connection:
            connection.execute(text("UPDATE outgoing_emails SET claimed_by = 'other-server:2:x' WHERE id = :id"),
                               {"id": record_id})

    inbox = InterruptingInbox("RCPT", taken_over_meanwhile)
    controller = serve(inbox)
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
        [claimed] = _claim_batch(10)
        assert _deliver_one(claimed) is None
        time.sleep(0.5)
        assert inbox.recipients() == []  # the server never got the final "."
    finally:
        controller.stop()
    db.session.refresh(record)
    assert (record.status, record.claimed_by) == ("sending", "other-server:2:x")
