"""The venue desk: scanning, lookup by name, walk-ins, session attendance, live counts, certificates."""

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import confirmation
from ..auth import role_required
from ..i18n import current_language, language_direction, local_time
from ..jobs import start_job
from ..loaders import current_edition_or_404, private_page
from ..models import Edition, Participant, db
from ..registration.listing import CATEGORY_LABELS, STATUS_LABELS
from ..registration.service import find_participants
from ..registration.validation import SECTOR_LABELS
from . import certificates, counts, service
from .forms import WALK_IN_FIELDS, WalkInForm
from .sessions import desk_sessions, find_session
from .walk_in import register_walk_in

# No url_prefix: desk pages live under /desk, the attendee's certificate under /r/<token>.
bp = Blueprint("checkin", __name__)


def _result_messages() -> dict:
    return {
        "ok": _("Checked in — welcome"),
        "already_checked_in": _("Already checked in at %(time)s", time="{time}"),
        "invalid": _("Unknown code"),
        "revoked": _("Old badge: this code was replaced by a reissue"),
        "cancelled": _("Registration cancelled"),
        "not_confirmed": _("Not confirmed: waitlisted or awaiting approval"),
    }


@bp.get("/desk/")
@role_required("desk")
def scan():
    edition = current_edition_or_404()
    session = None
    if "session" in request.args:
        session = find_session(request.args["session"], edition)
        if session is None:
            abort(404)
    attended = service.session_attendance(session.id) if session else None
    return render_template(
        "checkin/scan.html",
        edition=edition,
        session=session,
        attended=attended,
        messages=_result_messages(),
        categories={k: str(v) for k, v in CATEGORY_LABELS.items()},
    )


@bp.get("/desk/lookup")
@role_required("desk")
def lookup():
    edition = current_edition_or_404()
    query = request.args.get("q", "").strip()[:100]
    people = find_participants(edition, query) if query else []
    return render_template(
        "checkin/lookup.html", edition=edition, query=query, people=people,
        status_label=STATUS_LABELS.get, category_label=CATEGORY_LABELS.get,
    )


@bp.post("/desk/lookup/<int:participant_id>/checkin")
@role_required("desk")
def manual_checkin(participant_id: int):
    edition = current_edition_or_404()
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id:
        abort(404)
    session = find_session(request.form["session"], edition) if request.form.get("session") else None
    result = _check_in_here(participant, session, method="manual")
    _flash_result(result, edition)
    return redirect(url_for(".lookup", q=request.form.get("q", "")[:100] or participant.name_ar or participant.name_en))


def _flash_result(result: service.ScanResult, edition: Edition) -> None:
    name = result.participant.name_for(current_language()) if result.participant else ""
    message = _result_messages()[result.status].replace("{time}", local_time(result.first_checked_in_at, edition.tz))
    flash(f"{message}: {name}" if name else message, "success" if result.status == "ok" else "warning")


@bp.route("/desk/walk-in", methods=["GET", "POST"])
@role_required("desk")
def walk_in():
    edition = current_edition_or_404()
    form = WalkInForm()
    may_override = current_user.has_role("organizer")
    if not may_override:
        del form.override_capacity, form.override_reason
    if form.validate_on_submit():
        participant = _register_walk_in(edition, form, may_override)
        if participant is not None:
            return redirect(url_for(".walk_in_done", participant_id=participant.id))
    return render_template("checkin/walk_in.html", form=form, edition=edition, may_override=may_override)


def _register_walk_in(edition: Edition, form: WalkInForm, may_override: bool) -> Participant | None:
    """Register (and, with a seat, check in) the person on the form; errors go under their fields."""
    walk_in = register_walk_in(
        edition, {name: form[name].data for name in WALK_IN_FIELDS}, category=form.category.data,
        override=may_override and bool(form.override_capacity.data),
        reason=(form.override_reason.data or "") if may_override else "",
    )
    for name, message in walk_in.errors.items():
        form[name].errors = [*form[name].errors, message]
    if walk_in.full:
        flash(_("The forum is full. An organizer can register this person over capacity."), "error")
    if walk_in.participant is None:
        return None
    if walk_in.participant.status == "confirmed":
        _check_in_here(walk_in.participant, None, method="walk_in")
    else:
        db.session.commit()
    return walk_in.participant


def _check_in_here(participant: Participant, session, method: str) -> service.ScanResult:
    """Check in at this desk; with a printer chosen for the desk, its badge prints there. Commits."""
    from ..printing.desk import desk_station
    from ..printing.service import check_in_at_station, send_soon

    station = desk_station() if session is None else None
    if station is None or station.print_only:
        result = service.check_in_participant(participant, by=current_user, session=session, method=method)
        db.session.commit()
        return result
    outcome = check_in_at_station(participant, station, by=current_user, source="walk_in" if method == "walk_in" else "desk", method=method)
    db.session.commit()
    if outcome.print_job is not None and outcome.print_job.status == "queued":
        send_soon(outcome.print_job)
    return outcome.result


@bp.get("/desk/walk-in/<int:participant_id>")
@role_required("desk")
def walk_in_done(participant_id: int):
    edition = current_edition_or_404()
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id or participant.source != "walk_in":
        abort(404)
    return render_template(
        "checkin/walk_in_done.html", participant=participant, edition=edition,
        category_label=CATEGORY_LABELS.get, status_label=STATUS_LABELS.get,
    )


@bp.get("/desk/sessions")
@role_required("desk")
def sessions():
    edition = current_edition_or_404()
    rows = [(s, service.session_attendance(s.id)) for s in desk_sessions(edition)]
    return render_template("checkin/sessions.html", edition=edition, rows=rows)


@bp.get("/desk/counts", endpoint="counts")
@role_required("organizer")
def counts_page():
    edition = current_edition_or_404()
    return render_template("checkin/counts.html", edition=edition, **_counts_context(edition))


@bp.get("/desk/counts.json")
@role_required("organizer")
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
                                  language_direction(current_language()))
    return {
        "stats": stats,
        "chart": chart,
        "sector_label": SECTOR_LABELS.get,
        "category_label": CATEGORY_LABELS.get,
        "result_messages": _result_messages(),
        "certificates_open": certificates.certificates_open(edition),
    }


@bp.post("/desk/certificates/open")
@role_required("organizer")
def open_certificates():
    edition = current_edition_or_404()
    if certificates.open_certificates(edition, current_user):
        db.session.commit()
        flash(_("Attendance certificates are open: everyone who checked in can download theirs."), "success")
    return redirect(url_for(".counts"))


@bp.post("/desk/certificates/email")
@role_required("organizer")
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
    job = start_job("checkin.email_certificates", {"edition_id": edition.id}, current_user)
    return redirect(url_for("jobs.show", job_id=job.id))


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
