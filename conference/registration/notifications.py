"""Emails that registration changes send (confirmation, waitlist, promotion, cancellation, the link).

Each function queues a notification in the current transaction (conference/mail.py); the
caller commits and then calls mail.deliver_soon(), and the message is written when it is
delivered. Messages are in the participant's language: plain text plus a right-to-left HTML
part for Arabic; people holding a seat also get their QR code inline and the event as .ics.
"""

from contextlib import nullcontext
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..database import offline_request_context
from ..i18n import language_direction
from ..mail import build_message, composer, queue_notification, transfer_encoding
from ..models import OutgoingEmail, Participant, db
from ..models.vocabulary import RegistrationStatus
from ..qr import qr_png
from .ics import event_ics

KINDS = ("confirmed", "waitlisted", "pending", "seat_given", "cancelled", "link")
WITH_BADGE = {"confirmed", "seat_given"}


def absolute_url(endpoint: str, **values) -> str:
    """A full link from SERVER_BASE_URL, with or without a request at hand (CLI, jobs)."""
    base = urlsplit(current_app.config["SERVER_BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def manage_url(participant: Participant) -> str:
    return absolute_url("registration.manage", token=participant.manage_token)


def unsubscribe_url(participant: Participant) -> str:
    """Where the participant stops bulk mail (one-click POST, or a page with a button)."""
    return absolute_url("registration.unsubscribe", token=participant.manage_token)


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("Your registration is confirmed — %(title)s", title=title),
        "waitlisted": _("You are on the waiting list — %(title)s", title=title),
        "pending": _("We received your registration — %(title)s", title=title),
        "seat_given": _("You have a seat — %(title)s", title=title),
        "cancelled": _("Your registration is cancelled — %(title)s", title=title),
        "link": _("Your registration link — %(title)s", title=title),
    }
    return subjects[kind]


def send(participant: Participant, kind: str) -> None:
    """Queue one email of the given kind to the participant, if they have an address."""
    if participant.email and not participant.anonymized_at:
        queue_notification(f"registration.{kind}", participant.email, participant.id)


@composer("registration")
def compose(record: OutgoingEmail):
    participant = db.session.get(Participant, record.participant_id) if record.participant_id else None
    if participant is None or not participant.email or participant.anonymized_at:
        return None
    return _message(participant, record.purpose.split(".", 1)[1])


def _message(participant: Participant, kind: str):
    language = participant.language if participant.language in current_app.config["LANGUAGES"] else "ar"
    edition = participant.edition
    link = manage_url(participant)
    with _request_context(), force_locale(language):
        title = edition.localized("title", language)
        cid = make_msgid(domain="forum.local")
        context = dict(
            kind=kind,
            participant=participant,
            name=participant.name_for(language),
            edition=edition,
            title=title,
            venue=edition.localized("venue", language),
            city=edition.localized("city", language),
            link=link,
            lang=language,
            dir=language_direction(language),
            with_badge=kind in WITH_BADGE,
            qr_cid=cid[1:-1],
        )
        subject = _subject(kind, title)
        text = render_template("registration/email/message_text.html", **context)
        html = render_template("registration/email/message.html", **context)
    message = build_message(participant.email, subject, text, html=html)
    if kind in WITH_BADGE:
        html_part = message.get_body(preferencelist=("html",))
        html_part.add_related(qr_png(participant.badge_code), "image", "png", cid=cid, disposition="inline", filename="qr.png")
        ics = event_ics(edition, participant, language, manage_url=link).decode("utf-8")
        # The Content-Type's method must match the file's METHOD (RFC 6047).
        message.add_attachment(ics, subtype="calendar", filename="forum.ics", params={"method": "PUBLISH"},
                               cte=transfer_encoding(ics))
    return message


def _request_context():
    """Templates need a request (menus, url_for); the CLI and jobs send email without one."""
    if has_request_context():
        return nullcontext()
    return offline_request_context()


def registration_received(participant: Participant) -> None:
    """Queue the email for a new registration (confirmed, waitlisted or pending)."""
    if participant.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING):
        send(participant, participant.status)


def seats_given(participants: list[Participant]) -> None:
    """Queue the email telling people who moved off the waitlist (or were approved) that they have a seat."""
    for participant in participants:
        send(participant, "seat_given")


def registration_cancelled(participant: Participant) -> None:
    send(participant, "cancelled")


def link_requested(participant: Participant) -> None:
    send(participant, "link")
