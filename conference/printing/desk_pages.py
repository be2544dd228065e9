"""The desk's pages for printing: which printer this desk uses, print jobs, a person's prints. Guarded once."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth import blueprint_requires
from ..i18n import current_language
from ..loaders import current_edition_or_404, current_participant_or_404
from ..models import db
from ..models.printing import PrintJob, PrintSource
from . import desk, service
from .desk import desk_station
from .forms import ChooseStationForm
from .pages import labels

bp = Blueprint("desk", __name__)
blueprint_requires(bp, "desk")


@bp.route("/desk/station", methods=["GET", "POST"])
def choose_desk_station():
    edition = current_edition_or_404()
    form = ChooseStationForm()
    form.station.choices = [("", _("No printer: badges open as PDF"))] + [
        (str(s.id), s.name_for(current_language())) for s in service.stations_of(edition)
    ]
    if form.validate_on_submit():
        chosen = service.find_station(form.station.data, edition) if form.station.data else None
        desk.choose(chosen)
        flash(_("This desk now prints at %(name)s.", name=chosen.name_for(current_language())) if chosen
              else _("This desk prints no badges directly."), "success")
        return redirect(url_for("checkin.desk.scan"))
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
def cancel_job(job_id: int):
    job = _job_or_404(job_id)
    if service.cancel(job):
        db.session.commit()
        flash(_("The print is cancelled."), "success")
    else:
        flash(_("This print has already reached the printer; it can no longer be cancelled."), "error")
    return _back(job)


@bp.post("/print-jobs/<int:job_id>/move")
def move_job(job_id: int):
    job = _job_or_404(job_id)
    target = service.find_station(request.form.get("station", ""))
    if target is None or target.id == job.station_id:
        flash(_("Choose another station."), "error")
    elif service.move(job, target):
        db.session.commit()
        service.send_soon(job)
        flash(_("The print goes to %(name)s.", name=target.name_for(current_language())), "success")
    else:
        flash(_("This print has already reached the printer; print it again instead."), "error")
    return _back(job)


@bp.get("/desk/people/<int:participant_id>/prints")
def person_prints(participant_id: int):
    person = current_participant_or_404(participant_id)
    return render_template("printing/person.html", person=person, jobs=service.jobs_query(participant=person),
                           station=desk_station(), **labels())


@bp.post("/desk/people/<int:participant_id>/print")
def print_person(participant_id: int):
    person = current_participant_or_404(participant_id)
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
    flash(_("The badge is printing at %(name)s.", name=station.name_for(current_language())), "success")
    return redirect(url_for(".person_prints", participant_id=person.id))
