"""Attendance certificates: when they open, issuing one, its PDF, and emailing every link."""

from datetime import datetime

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..certificates import issue_certificate, verification_url
from ..database import offline_request_context
from ..jobs import job_kind
from ..mail import build_message, deliver_soon, queue_email
from ..models import Edition, OutgoingEmail, Participant, db, utcnow
from ..models.certificates import Certificate
from ..models.checkin import CertificateRelease
from ..models.vocabulary import CertificateKind, RegistrationStatus
from ..pdf import ARCHIVAL_ACCESSIBLE, render_pdf
from ..qr import qr_svg
from ..registration.notifications import unsubscribe_url
from ..registration.service import attendees_taking_bulk_mail

EMAIL_PURPOSE = "attendance_certificate"


def certificates_open(edition: Edition, now: datetime | None = None) -> bool:
    """After the edition's last day in its own time zone, or earlier when an organizer opened them."""
    now = now or utcnow()
    if now.astimezone(edition.tz).date() > edition.ends_on:
        return True
    return db.session.get(CertificateRelease, edition.id) is not None


def open_certificates(edition: Edition, user) -> bool:
    if db.session.get(CertificateRelease, edition.id) is not None:
        return False
    db.session.add(CertificateRelease(edition_id=edition.id, released_by_id=getattr(user, "id", None)))
    audit.record("checkin.certificates_opened", edition, actor=user)
    return True


def may_have_certificate(participant: Participant) -> bool:
    return (
        participant.checked_in_at is not None
        and participant.status != RegistrationStatus.CANCELLED
        and participant.anonymized_at is None
        and certificates_open(participant.edition)
    )


def attendance_certificate(participant: Participant) -> Certificate:
    """The participant's certificate, issued on first request (the caller commits)."""
    edition = participant.edition
    return issue_certificate(
        edition, CertificateKind.ATTENDANCE, "attendance", participant_id=participant.id,
        holder_ar=participant.name_ar or participant.name_en,
        holder_en=participant.name_en or participant.name_ar,
        title_ar=f"حضور {edition.title_ar} — الدورة {edition.number} ({edition.year})",
        title_en=f"Attendance at {edition.title_en} — edition {edition.number} ({edition.year})",
    )


def certificate_pdf(participant: Participant, certificate: Certificate) -> bytes:
    url = verification_url(certificate)
    return render_pdf(
        "checkin/pdf/certificate.html",
        ARCHIVAL_ACCESSIBLE,
        participant=participant,
        edition=participant.edition,
        certificate=certificate,
        verify_url=url,
        qr=qr_svg(url, label=certificate.code),
    )


def certificate_url(participant: Participant) -> str:
    path = url_for("checkin.certificate", token=participant.manage_token)
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + path


def recipients(edition: Edition) -> list[int]:
    """Ids of everyone who may have a certificate and has not been sent its link yet."""
    already = select(OutgoingEmail.participant_id).where(
        OutgoingEmail.purpose == EMAIL_PURPOSE, OutgoingEmail.participant_id.is_not(None)
    )
    return attendees_taking_bulk_mail(edition, already)


def _certificate_message(participant: Participant, certificate: Certificate):
    # Links are built with url_for, which needs a request even in a background job.
    with offline_request_context(), force_locale(participant.language or "ar"):
        context = {
            "participant": participant,
            "edition": participant.edition,
            "certificate": certificate,
            "link": certificate_url(participant),
            "verify_url": verification_url(certificate),
            "unsubscribe_url": unsubscribe_url(participant),
            "lang": participant.language or "ar",
        }
        subject = _("Your certificate of attendance: %(title)s", title=participant.edition.localized(
            "title", participant.language or "ar"))
        text = render_template("checkin/email/certificate_text.html", **context)
        html = render_template("checkin/email/certificate.html", **context)
    return build_message(participant.email, subject, text, html=html, unsubscribe_url=context["unsubscribe_url"])


@job_kind("checkin.console.email_certificates")
def email_certificates(job, progress):
    """Queue one email per attendee with the link to their certificate, then deliver them."""
    edition = db.session.get(Edition, job.params["edition_id"])
    if edition is None or not certificates_open(edition):
        return None
    ids = recipients(edition)
    progress(0, len(ids))
    for done, participant_id in enumerate(ids, start=1):
        participant = db.session.get(Participant, participant_id)
        certificate = attendance_certificate(participant)
        queue_email(_certificate_message(participant, certificate), EMAIL_PURPOSE, participant.id)
        progress(done, len(ids))  # commits the message with the progress
    deliver_soon()
    return None
