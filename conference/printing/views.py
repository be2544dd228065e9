"""The printing area: every process watches the printers; the self check-in kiosk (a public screen
opened with a device code and PIN). Stations are in console.py, the desk's pages in desk_pages.py."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import limiter, public_post_rate
from ..loaders import current_edition_or_404
from ..models import Participant, db
from ..models.printing import PrintSource, PrintStation
from . import kiosk, service
from .desk import desk_station
from .forms import KioskOpenForm
from .pages import station_or_404

bp = Blueprint("printing", __name__)

@bp.before_app_request
def _watch_printers() -> None:
    # Every server process watches that printers with waiting badges have a sender, whichever
    # requests it serves (the test suite's in-process app sends inline or starts senders itself).
    if not current_app.testing:
        service.watch_printers()


@bp.app_context_processor
def _desk_printer() -> dict:
    return {"desk_printer": desk_station}


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
    station = station_or_404(station_id)
    if not kiosk.is_open(station):
        return render_template("printing/kiosk_open.html", station=station, form=KioskOpenForm())
    return render_template("printing/kiosk.html", station=station, texts=_both_languages())


@kiosk_bp.post("/<int:station_id>/open")
@kiosk_post_limit
def open_screen(station_id: int):
    station = station_or_404(station_id)
    form = KioskOpenForm()
    if form.validate_on_submit() and kiosk.open_kiosk(station, form.code.data, form.pin.data):
        return redirect(url_for(".screen", station_id=station.id))
    flash(_("The device code or PIN is not right."), "error")
    return render_template("printing/kiosk_open.html", station=station, form=form), 403


def _open_station_or_403(station_id: int) -> PrintStation:
    station = station_or_404(station_id)
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
    station = station_or_404(station_id)
    return jsonify(open=kiosk.is_open(station))


bp.register_blueprint(kiosk_bp)

# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console, desk_pages  # noqa: E402

bp.register_blueprint(console.bp)
bp.register_blueprint(desk_pages.bp)
