"""Outgoing email: saved in the same transaction as the change, delivered after commit, retried.

With MAIL_SERVER empty, messages are written as .eml files to instance/outbox/.
A mail server that is down never blocks or loses a registration: the message stays
pending and a later delivery round (after the next commit, or `flask mail deliver`) retries it.
"""

import re
import smtplib
import ssl
import threading
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import and_, or_, select, update

from . import storage
from .database import claim_name
from .models import OutgoingEmail, db, utcnow
from .models.messaging import EmailStatus


def build_message(to: str, subject: str, text: str, *, html: str | None = None, unsubscribe_url: str | None = None) -> EmailMessage:
    """A message as RFC 5322 wants it: Date and Message-ID, and every part 7-bit clean.

    Bulk messages (certificate links, announcements) pass `unsubscribe_url`: List-Unsubscribe
    with one-click POST (RFC 8058), which mail providers show as an "unsubscribe" button.
    """
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="forum.local")
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, cte=transfer_encoding(text))
    if html:
        message.add_alternative(html, subtype="html", cte=transfer_encoding(html))
    return message


def transfer_encoding(text: str) -> str:
    """Quoted-printable for ASCII text (readable, safe for long lines), base64 for Arabic (a third
    of the size of quoted-printable): no part needs a server that speaks 8BITMIME."""
    return "quoted-printable" if text.isascii() else "base64"


# purpose prefix -> function(record) -> EmailMessage | None, for messages written at delivery.
_COMPOSERS = {}


def composer(prefix: str):
    """Register how to write the messages queued with queue_notification(f"{prefix}.…")."""

    def register(func):
        _COMPOSERS[prefix] = func
        return func

    return register


def queue_notification(purpose: str, to: str, participant_id: int) -> OutgoingEmail:
    """Queue a message that is written when it is delivered, not in the caller's transaction.

    Building a message (templates, QR image, calendar file) takes milliseconds that a
    registration's short write transaction should not hold the database for.
    """
    record = OutgoingEmail(to_addr=to, subject="", purpose=purpose, participant_id=participant_id, raw=b"")
    db.session.add(record)
    return record


def _compose(record: OutgoingEmail) -> bool:
    """Write a queued notification's message; False when there is nothing to send any more."""
    message = _COMPOSERS[record.purpose.split(".", 1)[0]](record)
    if message is None:
        return False
    record.raw, record.subject = message.as_bytes(policy=SMTP), str(message["Subject"])
    return True


def queue_email(message: EmailMessage, purpose: str = "", participant_id: int | None = None) -> OutgoingEmail:
    """Add a message to the current transaction; it goes out after the commit."""
    record = OutgoingEmail(
        to_addr=message["To"],
        subject=str(message["Subject"]),
        purpose=purpose,
        participant_id=participant_id,
        raw=message.as_bytes(policy=SMTP),
    )
    db.session.add(record)
    return record


class _Courier:
    """One delivery thread per process: woken after each commit that queued mail, and every
    MAIL_RETRY_SECONDS anyway so messages held back by a down mail server go out once it is back."""

    def __init__(self):
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def nudge(self, app) -> None:
        with self._guard:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(app,), name="mail", daemon=True)
                self._thread.start()
        self._wakeup.set()

    def _run(self, app) -> None:
        while True:
            self._wakeup.wait(timeout=app.config["MAIL_RETRY_SECONDS"])
            self._wakeup.clear()
            with app.app_context():
                try:
                    deliver_pending()
                except Exception:  # the courier must survive a bad round (e.g. the database restarting)
                    app.logger.exception("mail delivery round failed")
                finally:
                    db.session.remove()


_courier = _Courier()


def deliver_soon() -> None:
    """Deliver pending messages in the background, so no request waits for SMTP."""
    app = current_app._get_current_object()
    if app.config.get("MAIL_DELIVER_INLINE"):
        deliver_pending()
    else:
        _courier.nudge(app)


def _retry_delay(attempts: int) -> timedelta:
    base = current_app.config["MAIL_RETRY_SECONDS"]
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600))


def deliver_pending(limit: int = 200) -> tuple[int, int]:
    """Send what is due; returns (sent, failed attempts).

    Any number of processes on any number of servers may run this at once: each takes a few
    messages at a time by claiming them in one conditional UPDATE, and a message goes out only
    through the process that still holds its claim when the last byte is about to leave (see
    `_send_in_two_steps`), so no message goes out twice.
    """
    sent = failed = 0
    while sent + failed < limit:
        claimed = _claim_batch(min(current_app.config["MAIL_CLAIM_BATCH"], limit - sent - failed))
        if not claimed:
            break
        for record in claimed:
            outcome = _deliver_one(record)
            if outcome is not None:  # None: taken over by another process while this one was slow
                sent, failed = (sent + 1, failed) if outcome else (sent, failed + 1)
    return sent, failed


def _stale_before(now):
    return now - timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])


def _claimable(now):
    """Due pending messages, and messages whose claimer stopped (a killed process) long enough ago."""
    return or_(
        and_(OutgoingEmail.status == EmailStatus.PENDING, OutgoingEmail.next_attempt_at <= now),
        and_(OutgoingEmail.status == EmailStatus.SENDING, OutgoingEmail.claimed_at < _stale_before(now)),
    )


def _claim_batch(size: int) -> list[OutgoingEmail]:
    """Move up to `size` claimable messages to `sending` under a claim of our own, and return them."""
    now, claim = utcnow(), claim_name()
    candidates = select(OutgoingEmail.id).where(_claimable(now)).order_by(OutgoingEmail.id).limit(size)
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    _settle_handed_over(now)  # in the same transaction as the claim
    # The condition is checked again row by row inside the UPDATE: a message another process
    # claimed in between no longer matches, so it is never claimed twice.
    db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id.in_(candidates.scalar_subquery()), _claimable(now))
        .values(status=EmailStatus.SENDING, claimed_by=claim, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.claimed_by == claim, OutgoingEmail.status == EmailStatus.SENDING)
        .order_by(OutgoingEmail.id)
    ))


def _move_claimed(record: OutgoingEmail, claim: str, **values) -> bool:
    """Change a message this process still holds the claim on, and commit; False if it was taken over."""
    db.session.flush()  # a message composed just now keeps its text
    done = db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == record.id, OutgoingEmail.claimed_by == claim)
        .values(**{"claimed_at": utcnow(), **values})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return done.rowcount == 1


def _settle_handed_over(now) -> None:
    """A message handed over by a process that then stopped reached the mail server: the process
    was past the point where the server has the whole message. Count it as sent, never resend it."""
    db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.status == EmailStatus.HANDED_OVER, OutgoingEmail.claimed_at < _stale_before(now))
        .values(status=EmailStatus.SENT, sent_at=OutgoingEmail.claimed_at, claimed_by="",
                last_error="the sending process stopped before the mail server's answer")
        .execution_options(synchronize_session=False)
    )


def _deliver_one(record: OutgoingEmail) -> bool | None:
    """True when sent, False when the attempt failed, None when another process took the message over."""
    claim, attempts = record.claimed_by, record.attempts + 1
    if not record.raw and not _compose(record):
        _move_claimed(record, claim, status=EmailStatus.FAILED, claimed_by="", claimed_at=None,
                      last_error="nothing to send: the recipient is gone")
        return False
    raw, to_addr = record.raw, record.to_addr  # read now: no transaction stays open while SMTP talks
    if not _move_claimed(record, claim, attempts=attempts):
        return None
    try:
        if not _transport(raw, to_addr, lambda: _move_claimed(record, claim, status=EmailStatus.HANDED_OVER)):
            return None
    except (OSError, smtplib.SMTPException) as exc:
        current_app.logger.warning("email %s to %s not sent: %s", record.id, to_addr, exc)
        gave_up = attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
        _move_claimed(
            record, claim, status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING, claimed_by="", claimed_at=None,
            last_error=f"{type(exc).__name__}: {exc}"[:1000], next_attempt_at=utcnow() + _retry_delay(attempts),
        )
        return False
    _move_claimed(record, claim, status=EmailStatus.SENT, sent_at=utcnow(), last_error="", claimed_by="", claimed_at=None)
    return True


def _transport(raw: bytes, to_addr: str, hand_over) -> bool:
    """Send one message; `hand_over()` is asked just before the byte that completes it. False when
    it refuses (the claim was lost): the message is then abandoned unfinished, which the server drops."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        if not hand_over():
            return False
        storage.save(f"outbox/{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml", raw)
        return True
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return _send_in_two_steps(smtp, parseaddr(config["MAIL_DEFAULT_SENDER"])[1], to_addr, raw=raw, hand_over=hand_over)


def _send_in_two_steps(smtp: smtplib.SMTP, sender: str, to_addr: str, *, raw: bytes, hand_over) -> bool:
    """SMTP's MAIL, RCPT and DATA as `smtplib.SMTP.sendmail` does them, except that the final
    "." (after which the server owns the message) waits for `hand_over()`. A process killed
    before it leaves nothing delivered; after it, the message is recorded as handed over."""
    smtp.ehlo_or_helo_if_needed()
    code, answer = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = smtp.rcpt(to_addr)
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({to_addr: (code, answer)})
    code, answer = smtp.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, answer)
    body = re.sub(rb"(?m)^\.", b"..", re.sub(rb"\r\n|\r|\n", b"\r\n", raw))
    smtp.send(body if body.endswith(b"\r\n") else body + b"\r\n")
    if not hand_over():
        smtp.close()  # no final ".": the server discards what it received
        return False
    smtp.send(b".\r\n")
    code, answer = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, answer)
    return True


def retry_failed(ids: list[int] | None = None) -> int:
    """Put failed messages back in the queue (organizers do this after fixing the mail server)."""
    query = select(OutgoingEmail).where(OutgoingEmail.status == EmailStatus.FAILED)
    if ids:
        query = query.where(OutgoingEmail.id.in_(ids))
    records = db.session.scalars(query).all()
    for record in records:
        record.status, record.attempts, record.next_attempt_at = EmailStatus.PENDING, 0, utcnow()
    return len(records)


def undelivered_query():
    return select(OutgoingEmail).where(
        or_(OutgoingEmail.status == EmailStatus.FAILED, OutgoingEmail.attempts > 0),
        OutgoingEmail.status != EmailStatus.SENT,
    )
