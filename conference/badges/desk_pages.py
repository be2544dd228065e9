"""The desk's badge actions: print a badge again, or reissue it (the old code stops working). Guarded once."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth import blueprint_requires
from ..i18n import current_language, isolated
from ..models import Participant, db
from ..pdf import pdf_response
from .service import badge_filename, may_have_badge, reissue_badge, reprint_badge

bp = Blueprint("desk", __name__)
blueprint_requires(bp, "desk")


def _participant_for_desk(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    return participant


def _back_to_desk():
    fallback = url_for("checkin.desk.lookup") if "checkin.desk.lookup" in _views() else url_for("public.home")
    target = request.referrer or ""
    if target.startswith(request.host_url):
        return redirect(target)
    return redirect(fallback)


def _views():
    return current_app.view_functions


@bp.post("/badges/<int:participant_id>/print")
def reprint(participant_id: int):
    participant = _participant_for_desk(participant_id)
    if not may_have_badge(participant):
        flash(_("This registration is cancelled: it has no badge."), "error")
        return _back_to_desk()
    if (queued := _print_at_desk(participant, "desk")) is not None:
        return queued
    pdf = reprint_badge(participant, request.form.get("layout"))
    db.session.commit()
    return pdf_response(pdf, badge_filename(participant))


def _print_at_desk(participant: Participant, source: str, back: str | None = None):
    """With a printer chosen for this desk, the badge goes there instead of into the browser."""
    from ..printing import desk, service

    job = desk.print_at_desk(participant, current_user, source)
    if job is None:
        return None
    audit.record("badge.print", participant, station_id=job.station_id)
    db.session.commit()
    service.send_soon(job)
    flash(_("The badge is printing at %(name)s.", name=job.station.name_for(current_language())), "success")
    return redirect(back) if back else _back_to_desk()


@bp.route("/badges/<int:participant_id>/reissue", methods=["GET", "POST"])
def reissue(participant_id: int):
    """Asks first (the page says what stops working), and reissues only on the confirming post."""
    participant = _participant_for_desk(participant_id)
    if not may_have_badge(participant):
        flash(_("This registration is cancelled: it has no badge."), "error")
        return _back_to_desk()
    back = (request.values.get("q") or "")[:100]
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("badges/reissue_confirm.html", participant=participant,
                               number=isolated(f"#{participant.badge_number or 0:04d}"), back=back,
                               printer=_desk_printer(), layout=request.values.get("layout", ""))
    reissue_badge(participant)
    # With this desk's printer the new badge prints there, and the desk goes back to its search
    # (not to the confirmation page it came from).
    lookup = url_for("checkin.desk.lookup", q=back or None) if "checkin.desk.lookup" in _views() else None
    if (queued := _print_at_desk(participant, "reissue", back=lookup)) is not None:
        return queued
    pdf = reprint_badge(participant, request.form.get("layout"))
    db.session.commit()
    return pdf_response(pdf, badge_filename(participant))


def _desk_printer():
    from ..printing import desk

    return desk.desk_station()
