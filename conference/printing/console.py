"""The organizers' print stations: a printer, how it is used, its kiosk PIN. Guarded once."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import audit
from ..auth import blueprint_requires
from ..loaders import current_edition_or_404
from ..models import db
from ..models.printing import PrintStation
from . import ipp, kiosk, service
from .forms import KioskPinForm, StationForm
from .pages import labels, station_or_404

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")


@bp.get("/stations/")
def stations():
    edition = current_edition_or_404()
    rows = [(station, service.waiting_count(station)) for station in service.stations_of(edition)]
    return render_template("printing/stations.html", edition=edition, rows=rows)


@bp.route("/stations/new", methods=["GET", "POST"])
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


@bp.route("/stations/<int:station_id>/edit", methods=["GET", "POST"])
def edit_station(station_id: int):
    station = station_or_404(station_id)
    form = StationForm(obj=station)
    if form.validate_on_submit():
        form.populate_obj(station)
        audit.record("station.update", station, name=station.name_ar)
        db.session.commit()
        flash(_("The station is saved."), "success")
        return redirect(url_for(".station", station_id=station.id))
    return render_template("printing/station_form.html", form=form, station=station)


@bp.get("/stations/<int:station_id>")
def station(station_id: int):
    station = station_or_404(station_id)
    printer = ipp.printer_status(station.printer_uri)
    others = [s for s in service.stations_of(current_edition_or_404()) if s.id != station.id]
    return render_template(
        "printing/station.html", station=station, printer=printer, jobs=service.jobs_query(station=station),
        waiting=service.waiting_count(station), sender=service.live_sender(station.printer_uri),
        pin_form=KioskPinForm(), others=others, **labels(),
    )


@bp.post("/stations/<int:station_id>/kiosk")
def set_kiosk_pin(station_id: int):
    station = station_or_404(station_id)
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


@bp.post("/stations/<int:station_id>/kiosk/close")
def close_kiosk(station_id: int):
    station = station_or_404(station_id)
    kiosk.close_everywhere(station)
    audit.record("station.kiosk_close", station)
    db.session.commit()
    flash(_("Every kiosk screen of this station is closed."), "success")
    return redirect(url_for(".station", station_id=station.id))
