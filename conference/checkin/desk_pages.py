"""The desk's pages: scanning, lookup by name, walk-ins, session attendance. Guarded once."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import blueprint_requires
from ..i18n import current_language, local_time
from ..loaders import current_edition_or_404, current_participant_or_404
from ..models import Edition, Participant, db
from ..models.printing import PrintSource, PrintStatus
from ..models.vocabulary import CheckInMethod, CheckInResult, ParticipantCategory, RegistrationSource, RegistrationStatus
from ..registration.service import find_participants
from . import service
from .forms import WALK_IN_FIELDS, WalkInForm
from .pages import result_messages
from .sessions import desk_sessions, find_session
from .walk_in import register_walk_in

bp = Blueprint("desk", __name__, url_prefix="/desk")
blueprint_requires(bp, "desk")


@bp.get("/")
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
        messages=result_messages(),
        categories={k: str(v) for k, v in ParticipantCategory.labels().items()},
    )


@bp.get("/lookup")
def lookup():
    edition = current_edition_or_404()
    query = request.args.get("q", "").strip()[:100]
    people = find_participants(edition, query) if query else []
    return render_template(
        "checkin/lookup.html", edition=edition, query=query, people=people,
    )


@bp.post("/lookup/<int:participant_id>/checkin")
def manual_checkin(participant_id: int):
    participant = current_participant_or_404(participant_id)
    edition = participant.edition
    session = find_session(request.form["session"], edition) if request.form.get("session") else None
    result = _check_in_here(participant, session, method=CheckInMethod.MANUAL)
    _flash_result(result, edition)
    return redirect(url_for(".lookup", q=request.form.get("q", "")[:100] or participant.name_ar or participant.name_en))


def _flash_result(result: service.ScanResult, edition: Edition) -> None:
    name = result.participant.name_for(current_language()) if result.participant else ""
    message = result_messages()[result.status].replace("{time}", local_time(result.first_checked_in_at, edition.tz))
    flash(f"{message}: {name}" if name else message, "success" if result.status == CheckInResult.OK else "warning")


@bp.route("/walk-in", methods=["GET", "POST"])
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
    if walk_in.participant.status == RegistrationStatus.CONFIRMED:
        _check_in_here(walk_in.participant, None, method=CheckInMethod.WALK_IN)
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
    source = PrintSource.WALK_IN if method == CheckInMethod.WALK_IN else PrintSource.DESK
    outcome = check_in_at_station(participant, station, by=current_user, source=source, method=method)
    db.session.commit()
    if outcome.print_job is not None and outcome.print_job.status == PrintStatus.QUEUED:
        send_soon(outcome.print_job)
    return outcome.result


@bp.get("/walk-in/<int:participant_id>")
def walk_in_done(participant_id: int):
    participant = current_participant_or_404(participant_id)
    if participant.source != RegistrationSource.WALK_IN:
        abort(404)
    edition = participant.edition
    return render_template(
        "checkin/walk_in_done.html", participant=participant, edition=edition,
    )


@bp.get("/sessions")
def sessions():
    edition = current_edition_or_404()
    rows = [(s, service.session_attendance(s.id)) for s in desk_sessions(edition)]
    return render_template("checkin/sessions.html", edition=edition, rows=rows)
