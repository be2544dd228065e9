"""The organizers' pages at the door: live counts, and opening and emailing attendance
certificates. Under /desk beside the desk's pages, guarded once for organizers."""

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import confirmation
from ..auth import blueprint_requires
from ..i18n import current_language, language_direction
from ..jobs import start_job
from ..loaders import current_edition_or_404
from ..models import Edition, db
from . import certificates, counts
from .pages import result_messages

bp = Blueprint("console", __name__, url_prefix="/desk")
blueprint_requires(bp, "organizer")


@bp.get("/counts", endpoint="counts")
def counts_page():
    edition = current_edition_or_404()
    return render_template("checkin/counts.html", edition=edition, **_counts_context(edition))


@bp.get("/counts.json")
def counts_data():
    edition = current_edition_or_404()
    context = _counts_context(edition)
    return jsonify(
        confirmed=context["stats"]["confirmed"],
        checked_in=context["stats"]["checked_in"],
        html=render_template("checkin/_counts.html", edition=edition, **context),
    )


def _counts_context(edition: Edition) -> dict:
    stats = counts.live_counts(edition)
    chart = counts.arrivals_chart(stats["arrivals"], edition.tz, _("Arrivals per 15 minutes"),
                                  direction=language_direction(current_language()))
    return {
        "stats": stats,
        "chart": chart,
        "result_messages": result_messages(),
        "certificates_open": certificates.certificates_open(edition),
    }


@bp.post("/certificates/open")
def open_certificates():
    edition = current_edition_or_404()
    if certificates.open_certificates(edition, current_user):
        db.session.commit()
        flash(_("Attendance certificates are open: everyone who checked in can download theirs."), "success")
    return redirect(url_for(".counts"))


@bp.post("/certificates/email")
def email_certificates():
    edition = current_edition_or_404()
    if not certificates.certificates_open(edition):
        flash(_("Certificates open after the forum's last day, or when an organizer opens them."), "error")
        return redirect(url_for(".counts"))
    if not confirmation.confirmed():
        waiting = len(certificates.recipients(edition))
        return confirmation.ask(_("Email every attendee the link to their certificate?"),
                                confirmation.effect_lines(confirmation.Effects(None, waiting, 0)),
                                _("Yes, send the emails"), back=url_for(".counts"))
    job = start_job("checkin.console.email_certificates", {"edition_id": edition.id}, current_user)
    return redirect(url_for("jobs.show", job_id=job.id))
