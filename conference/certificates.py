"""Certificates: one record per certificate, a short code, and a public page that verifies it.

Attendance certificates and award certificates both go through issue_certificate(); the
verification page shows only the holder's name, what it certifies and the event.
"""

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .database import in_read_only_request, write_transaction
from .models import Edition, db
from .models.certificates import Certificate

CODE_PATTERN = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def issue_certificate(
    edition: Edition, kind: str, subject: str, *, holder_ar: str, holder_en: str,
    title_ar: str, title_en: str, participant_id: int | None = None,
) -> Certificate:
    """The certificate for this subject and holder, created on first request.

    Safe from a GET (it writes in a transaction of its own) and when two first requests race:
    the database keeps one certificate per person and subject, and the loser reads the winner's.
    """
    def existing() -> Certificate | None:
        return db.session.scalar(
            select(Certificate).where(
                Certificate.edition_id == edition.id,
                Certificate.kind == kind,
                Certificate.subject == subject,
                Certificate.participant_id == participant_id if participant_id else Certificate.participant_id.is_(None),
                Certificate.revoked_at.is_(None),
            )
        )

    if found := existing():
        return found
    values = dict(
        edition_id=edition.id, kind=kind, subject=subject, participant_id=participant_id,
        holder_ar=holder_ar, holder_en=holder_en, title_ar=title_ar, title_en=title_en,
    )
    try:
        if in_read_only_request():
            with write_transaction() as session:
                session.add(Certificate(**values))
        else:
            with db.session.begin_nested():
                db.session.add(Certificate(**values))
    except IntegrityError:
        pass  # a concurrent first request issued it: read that one
    if in_read_only_request():
        db.session.rollback()  # a GET's read snapshot predates the new row: read afresh
    return existing()


def normalize_code(code: str) -> str:
    compact = re.sub(r"[^A-Za-z0-9]", "", code or "").upper()
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def find_valid_certificate(code: str) -> Certificate | None:
    code = normalize_code(code)
    if not CODE_PATTERN.match(code):
        return None
    return db.session.scalar(
        select(Certificate).where(Certificate.code == code, Certificate.revoked_at.is_(None))
    )


def verification_url(certificate: Certificate) -> str:
    """Absolute link to the public check, for the QR code printed on the certificate."""
    from flask import current_app, url_for

    path = url_for("public.verify_certificate", code=certificate.code)
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + path
