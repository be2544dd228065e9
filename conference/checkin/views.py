"""The check-in area: the attendee's certificate of attendance under /r/<token>. The desk's pages
are in desk_pages.py, the organizers' counts and certificate actions in console.py."""

from flask import Blueprint, make_response, render_template

from ..loaders import private_page
from ..models import Edition, Participant, db
from . import certificates, service

# No url_prefix: desk pages live under /desk, the attendee's certificate under /r/<token>.
bp = Blueprint("checkin", __name__)


@bp.app_template_global("outside_edition_days")
def outside_edition_days(edition: Edition) -> bool:
    return service.outside_edition_days(edition)


@bp.app_template_global("certificate_available")
def certificate_available(participant: Participant) -> bool:
    """For the attendee's page: the certificate button shows only when the PDF can be had."""
    return certificates.may_have_certificate(participant)


@bp.get("/r/<token>/certificate.pdf")
@private_page
def certificate(participant: Participant):
    """The attendee's own certificate of attendance, reached by their self-service link."""
    if not certificates.may_have_certificate(participant):
        return render_template("checkin/no_certificate.html", participant=participant), 404
    issued = certificates.attendance_certificate(participant)
    db.session.commit()
    pdf = certificates.certificate_pdf(participant, issued)
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="certificate-{issued.code}.pdf"'
    return response


# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console, desk_pages  # noqa: E402

bp.register_blueprint(desk_pages.bp)
bp.register_blueprint(console.bp)
