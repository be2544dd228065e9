"""Print stations (organizers), print jobs and the desk's printer (desk), and the self check-in kiosk."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..auth import role_required
from ..extensions import limiter, public_post_rate
from ..loaders import current_edition_or_404
from ..models import Participant, db
from ..models.printing import PRINT_SOURCE_LABELS, PRINT_STATUS_LABELS, PrintJob, PrintSource, PrintStation
from . import desk, ipp, kiosk, service
from .desk import desk_station
from .forms import ChooseStationForm, KioskOpenForm, KioskPinForm, StationForm

bp = Blueprint("printing", __name__)

STATION_FIELDS = ("name_ar", "name_en", "place", "printer_uri", "layout", "auto_print", "print_only")


@bp.before_app_request
def _watch_printers() -> None:
    # Every server process watches that printers with waiting badges have a sender, whichever
    # requests it serves (the test suite's in-process app sends inline or starts senders itself).
    if not current_app.testing:
        service.watch_printers()


@bp.app_context_processor
def _desk_printer() -> dict:
    return {"desk_printer": desk_station}



def _station_or_404(station_id: int) -> PrintStation:
    station = service.find_station(station_id, current_edition_or_404())
    if station is None:
        abort(404)
    return station


def _labels() -> dict:
    return {"status_label": lambda s: PRINT_STATUS_LABELS.get(s, s),
            "source_label": lambda s: PRINT_SOURCE_LABELS.get(s, s),
            "tz": current_edition_or_404().tz}


# ---- organizers: stations ----------------------------------------------------------------


@bp.get("/console/stations/")
@role_required("organizer")
def stations():
    edition = current_edition_or_404()
    rows = [(station, service.waiting_count(station)) for station in service.stations_of(edition)]
    return render_template("printing/stations.html", edition=edition, rows=rows)


@bp.route("/console/stations/new", methods=["GET", "POST"])
@role_required("organizer")
def new_station():
    edition = current_edition_or_404()
    form = StationForm(layout=edition.badge_layout)
    if form.validate_on_submit():
        station = PrintStation(edition_id=edition.id)
        form.populate_obj(station)
        db.session.add(station)
        db.session.flush()
        audit.record("station.create", station, name=station.name_ar)
        db.session.commit()
        flash(_("The station is saved."), "success")
        return redirect(url_for(".station", station_id=station.id))
    return render_template("printing/station_form.html", form=form, station=None)


@bp.route("/console/stations/<int:station_id>/edit", methods=["GET", "POST"])
@role_required("organizer")
def edit_station(station_id: int):
    station = _station_or_404(station_id)
    form = StationForm(obj=station)
    if form.validate_on_submit():
        form.populate_obj(station)
        audit.record("station.update", station, name=station.name_ar)
        db.session.commit()
        flash(_("The station is saved."), "success")
        return redirect(url_for(".station", station_id=station.id))
    return render_template("printing/station_form.html", form=form, station=station)


@bp.get("/console/stations/<int:station_id>")
@role_required("organizer")
def station(station_id: int):
    station = _station_or_404(station_id)
    printer = ipp.printer_status(station.printer_uri)
    others = [s for s in service.stations_of(current_edition_or_404()) if s.id != station.id]
    return render_template(
        "printing/station.html", station=station, printer=printer, jobs=service.jobs_query(station=station),
        waiting=service.waiting_count(station), pin_form=KioskPinForm(), others=others, **_labels(),
    )


@bp.post("/console/stations/<int:station_id>/kiosk")
@role_required("organizer")
def set_kiosk_pin(station_id: int):
    station = _station_or_404(station_id)
    form = KioskPinForm()
    if form.validate_on_submit():
        station.set_kiosk_pin(form.pin.data)
        kiosk.close_everywhere(station)
        audit.record("station.kiosk_pin", station)
        db.session.commit()
        flash(_("The kiosk PIN is set. Open the kiosk screen with the device code and this PIN."), "success")
    else:
        for message in form.pin.errors:
            flash(message, "error")
    return redirect(url_for(".station", station_id=station.id))


@bp.post("/console/stations/<int:station_id>/kiosk/close")
@role_required("organizer")
def close_kiosk(station_id: int):
    station = _station_or_404(station_id)
    kiosk.close_everywhere(station)
    audit.record("station.kiosk_close", station)
    db.session.commit()
    flash(_("Every kiosk screen of this station is closed."), "success")
    return redirect(url_for(".station", station_id=station.id))


def _lang() -> str:
    from ..i18n import current_language

    return current_language()


# ---- desk: the desk's printer, print jobs, a person's prints -----------------------------


@bp.route("/desk/station", methods=["GET", "POST"])
@role_required("desk")
def choose_desk_station():
    edition = current_edition_or_404()
    form = ChooseStationForm()
    form.station.choices = [("", _("No printer: badges open as PDF"))] + [
        (str(s.id), s.name_for(_lang())) for s in service.stations_of(edition)
    ]
    if form.validate_on_submit():
        chosen = service.find_station(form.station.data, edition) if form.station.data else None
        desk.choose(chosen)
        flash(_("This desk now prints at %(name)s.", name=chosen.name_for(_lang())) if chosen
              else _("This desk prints no badges directly."), "success")
        return redirect(url_for("checkin.scan"))
    current = desk_station()
    form.station.data = str(current.id) if current else ""
    return render_template("printing/desk_station.html", form=form, current=current)


def _job_or_404(job_id: int) -> PrintJob:
    job = db.session.get(PrintJob, job_id)
    if job is None or service.find_station(job.station_id) is None:
        abort(404)
    return job


def _back(job: PrintJob):
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for(".person_prints", participant_id=job.participant_id))


@bp.post("/print-jobs/<int:job_id>/retry")
@role_required("desk")
def retry_job(job_id: int):
    job = _job_or_404(job_id)
    if service.retry(job):
        db.session.commit()
        service.send_soon(job)
        flash(_("The badge is printing again."), "success")
    else:
        flash(_("Only a failed or cancelled print can be printed again."), "error")
    return _back(job)


@bp.post("/print-jobs/<int:job_id>/cancel")
@role_required("desk")
def cancel_job(job_id: int):
    job = _job_or_404(job_id)
    if service.cancel(job):
        db.session.commit()
        flash(_("The print is cancelled."), "success")
    else:
        flash(_("This print has already reached the printer; it can no longer be cancelled."), "error")
    return _back(job)


@bp.post("/print-jobs/<int:job_id>/move")
@role_required("desk")
def move_job(job_id: int):
    job = _job_or_404(job_id)
    target = service.find_station(request.form.get("station", ""))
    if target is None or target.id == job.station_id:
        flash(_("Choose another station."), "error")
    elif service.move(job, target):
        db.session.commit()
        service.send_soon(job)
        flash(_("The print goes to %(name)s.", name=target.name_for(_lang())), "success")
    else:
        flash(_("This print has already reached the printer; print it again instead."), "error")
    return _back(job)


@bp.get("/desk/people/<int:participant_id>/prints")
@role_required("desk")
def person_prints(participant_id: int):
    edition = current_edition_or_404()
    person = db.session.get(Participant, participant_id)
    if person is None or person.edition_id != edition.id:
        abort(404)
    return render_template("printing/person.html", person=person, jobs=service.jobs_query(participant=person),
                           station=desk_station(), **_labels())


@bp.post("/desk/people/<int:participant_id>/print")
@role_required("desk")
def print_person(participant_id: int):
    edition = current_edition_or_404()
    person = db.session.get(Participant, participant_id)
    if person is None or person.edition_id != edition.id:
        abort(404)
    station = desk_station()
    if station is None:
        flash(_("Choose this desk's printer first."), "error")
        return redirect(url_for(".choose_desk_station"))
    try:
        job = service.queue_print(person, station, by=current_user, source=PrintSource.DESK)
    except service.NoBadge:
        flash(_("This registration is cancelled: it has no badge."), "error")
        return redirect(url_for(".person_prints", participant_id=person.id))
    audit.record("badge.print", person, station_id=station.id)
    db.session.commit()
    service.send_soon(job)
    flash(_("The badge is printing at %(name)s.", name=station.name_for(_lang())), "success")
    return redirect(url_for(".person_prints", participant_id=person.id))


# ---- the self check-in kiosk ----------------------------------------------------------------

kiosk_bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")
kiosk_post_limit = limiter.shared_limit(public_post_rate, scope="kiosk-open", methods=["POST"])


def _both_languages(*keys: str) -> dict:
    """Kiosk texts in Arabic and English at once: a public screen speaks both."""
    texts = {}
    for lang in ("ar", "en"):
        with force_locale(lang):
            texts[lang] = {key: str(KIOSK_TEXTS[key]) for key in keys or KIOSK_TEXTS}
    return texts


KIOSK_TEXTS = {
    "welcome": _l("Welcome"),
    "scan": _l("Scan the QR code from your email or phone"),
    "or_find": _l("Or find yourself by email or mobile number"),
    "contact": _l("Email or mobile number"),
    "last_four": _l("Last four digits of your mobile number"),
    "find": _l("Find me"),
    "collect": _l("Collect your badge"),
    "printing": _l("Your badge is printing at this kiosk."),
    "to_desk": _l("Please go to the registration desk"),
    "unknown": _l("We could not find you here. The registration desk will help you."),
    "not_confirmed": _l("Your registration is not confirmed yet. The registration desk will help you."),
    "revoked": _l("This badge was replaced by a newer one. The registration desk will help you."),
    "printed_before": _l("Your badge was printed already. If you lost it, the registration desk will help you."),
    "checking": _l("Checking…"),
    "again": _l("Start again"),
    "code": _l("Badge code"),
    "type_code": _l("Scan or type the code"),
}


@kiosk_bp.get("/<int:station_id>")
def screen(station_id: int):
    station = _station_or_404(station_id)
    if not kiosk.is_open(station):
        return render_template("printing/kiosk_open.html", station=station, form=KioskOpenForm())
    return render_template("printing/kiosk.html", station=station, texts=_both_languages())


@kiosk_bp.post("/<int:station_id>/open")
@kiosk_post_limit
def open_screen(station_id: int):
    station = _station_or_404(station_id)
    form = KioskOpenForm()
    if form.validate_on_submit() and kiosk.open_kiosk(station, form.code.data, form.pin.data):
        return redirect(url_for(".screen", station_id=station.id))
    flash(_("The device code or PIN is not right."), "error")
    return render_template("printing/kiosk_open.html", station=station, form=form), 403


def _open_station_or_403(station_id: int) -> PrintStation:
    station = _station_or_404(station_id)
    if not kiosk.is_open(station):
        abort(403)
    return station


KIOSK_ANSWERS = {  # check-in status -> the kiosk's text
    "ok": "printing",
    "already_checked_in": "printing",
    "invalid": "unknown",
    "not_confirmed": "not_confirmed",
    "cancelled": "unknown",
    "revoked": "revoked",
    "printed_before": "printed_before",
}


def _kiosk_answer(outcome: service.StationScan, earlier_job_id: int | None):
    """What the screen shows: the name and 'collect your badge', or a polite 'go to the desk'."""
    printed = outcome.print_job is not None and outcome.print_job.id != earlier_job_id
    status = outcome.status
    if status in service.PRINTABLE and not printed:
        status = "printed_before"
    answer = {"status": status, "printing": printed}
    if status in service.PRINTABLE and outcome.participant is not None:
        answer.update(name_ar=outcome.participant.name_ar, name_en=outcome.participant.name_en,
                      print_job={"id": outcome.print_job.id, "status": outcome.print_job.status})
    key = KIOSK_ANSWERS[status]
    answer["message"] = {lang: texts[key] for lang, texts in _both_languages(key).items()}
    return jsonify(answer)


def _earlier_job_id(participant: Participant | None) -> int | None:
    job = service.live_print(participant) if participant is not None else None
    return job.id if job else None


@kiosk_bp.post("/<int:station_id>/scan")
def kiosk_scan(station_id: int):
    station = _open_station_or_403(station_id)
    code = (request.get_json(silent=True) or {}).get("code")
    if not isinstance(code, str) or not code.strip():
        return _kiosk_answer(service.StationScan("invalid", None, None, None), None)
    participant = service._participant_by_code(code)
    earlier = _earlier_job_id(participant)
    outcome = service.scan_at_station(code[:256], station, source=PrintSource.KIOSK, print_badge=True)
    db.session.commit()
    if outcome.print_job is not None and outcome.print_job.id != earlier:
        service.send_soon(outcome.print_job)
    return _kiosk_answer(outcome, earlier)


@kiosk_bp.post("/<int:station_id>/find")
@kiosk_post_limit
def kiosk_find(station_id: int):
    station = _open_station_or_403(station_id)
    body = request.get_json(silent=True) or {}
    contact, last_four = body.get("contact"), body.get("last_four")
    if not isinstance(contact, str) or not isinstance(last_four, str):
        return _kiosk_answer(service.StationScan("invalid", None, None, None), None)
    person = kiosk.find_attendee(current_edition_or_404(), contact[:254], last_four[:8])
    if person is None:
        return _kiosk_answer(service.StationScan("invalid", None, None, None), None)
    earlier = _earlier_job_id(person)
    outcome = service.check_in_at_station(person, station, source=PrintSource.KIOSK, method="manual", print_badge=True)
    db.session.commit()
    if outcome.print_job is not None and outcome.print_job.id != earlier:
        service.send_soon(outcome.print_job)
    return _kiosk_answer(outcome, earlier)


@kiosk_bp.get("/<int:station_id>/state")
def kiosk_state(station_id: int):
    station = _station_or_404(station_id)
    return jsonify(open=kiosk.is_open(station))


bp.register_blueprint(kiosk_bp)
