"""Organizer pages: rooms, tracks, speakers and sessions, with the agenda's warnings in one place."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth import blueprint_requires
from ..editions import local_to_utc, utc_to_local_naive
from ..i18n import current_language
from ..images import ImageRejected
from ..loaders import current_edition_or_404
from ..models import Edition, db
from ..models.agenda import AgendaSession, Room, Speaker, Track
from . import service
from .forms import RoomForm, SessionForm, SpeakerForm, TrackForm
from .photos import remove_photo, store_photo

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")

PHOTO_ERRORS = {
    "too_large": _l("The photo is too large: up to 2 MB and 30 megapixels."),
    "not_an_image": _l("This file is not a picture we can read."),
    "wrong_type": _l("Please upload a JPEG, PNG or WebP picture."),
}



@bp.get("/agenda")
def overview():
    edition = current_edition_or_404()
    sessions = service.sessions_of(edition)
    found = service.all_conflicts(edition)
    warnings = list(zip(found, service.describe_all(found, edition, current_language()), strict=True))
    flagged = {i for c in found for i in c.session_ids}
    return render_template(
        "agenda/console.html", edition=edition, days=service.by_day_and_time(sessions, edition), warnings=warnings,
        flagged=flagged, by_id={s.id: s for s in sessions}, drafts=sum(1 for s in sessions if not s.published),
        rooms=service.rooms_of(edition), tracks=service.tracks_of(edition), speakers=service.speakers_of(edition),
    )


@bp.post("/agenda/publish")
def publish_all():
    edition = current_edition_or_404()
    drafts = [s for s in service.sessions_of(edition) if not s.published]
    for item in drafts:
        service.save_session(edition, item, {"published": True}, force=True)
    db.session.commit()
    flash(_("Sessions published: %(count)s.", count=len(drafts)), "success")
    return redirect(url_for(".overview"))


# ---------------------------------------------------------------- sessions


def _session_choices(form: SessionForm, edition: Edition) -> None:
    locale = current_language()
    none = [(None, "—")]
    form.room_id.choices = none + [(r.id, r.localized("name", locale)) for r in service.rooms_of(edition)]
    form.track_id.choices = none + [(t.id, t.localized("name", locale)) for t in service.tracks_of(edition)]
    people = [(s.id, s.localized("name", locale)) for s in service.speakers_of(edition)]
    form.speaker_ids.choices = people
    form.moderator_id.choices = none + people


def _form_session_values(form: SessionForm, edition: Edition) -> dict:
    return {
        "kind": form.kind.data,
        "title_ar": form.title_ar.data, "title_en": form.title_en.data,
        "description_ar": form.description_ar.data or "", "description_en": form.description_en.data or "",
        "starts_at": local_to_utc(form.starts_at.data, edition.timezone),
        "ends_at": local_to_utc(form.ends_at.data, edition.timezone),
        "room_id": form.room_id.data, "track_id": form.track_id.data,
        "speaker_ids": form.speaker_ids.data or [], "moderator_id": form.moderator_id.data,
        "seat_limit": form.seat_limit.data, "published": form.published.data,
    }


@bp.route("/agenda/sessions/new", methods=["GET", "POST"])
@bp.route("/agenda/sessions/<int:session_id>", methods=["GET", "POST"])
def edit_session(session_id: int | None = None):
    edition = current_edition_or_404()
    item = service.find_in_edition(AgendaSession, edition, session_id) if session_id else None
    if session_id and item is None:
        abort(404)
    form = SessionForm(obj=item)
    _session_choices(form, edition)
    if request.method == "GET" and item:
        form.starts_at.data = utc_to_local_naive(item.starts_at, edition.timezone)
        form.ends_at.data = utc_to_local_naive(item.ends_at, edition.timezone)
        form.speaker_ids.data = [s.id for s in item.speakers]
        form.moderator_id.data = item.moderator.id if item.moderator else None
    warnings = []
    if form.validate_on_submit():
        try:
            saved, found = service.save_session(edition, item, _form_session_values(form, edition), force=form.save_anyway.data)
        except service.ConflictsFound as exc:
            db.session.rollback()
            warnings = service.describe_all(exc.conflicts, edition, current_language(), pending=exc.pending(current_language()))
        except service.SessionInvalid as exc:
            db.session.rollback()
            for name in exc.fields:
                getattr(form, name, form.title_ar).errors.append(_("Please check this value."))
        else:
            db.session.commit()
            flash(_("Saved, with warnings: %(count)s.", count=len(found)) if found else _("Saved."),
                  "warning" if found else "success")
            return redirect(url_for(".overview", _anchor=f"session-{saved.id}"))
    form.save_anyway.data = False
    return render_template("agenda/session_form.html", form=form, item=item, edition=edition, warnings=warnings)


@bp.post("/agenda/sessions/<int:session_id>/delete")
def delete_session(session_id: int):
    item = service.find_in_edition(AgendaSession, current_edition_or_404(), session_id)
    if item is None:
        abort(404)
    try:
        service.delete_session(item)
    except service.SessionHasSignups as refused:
        flash(_("%(count)s participants chose this session, so it was not deleted. To take it off the programme, "
                "save it as a draft; their choices stay and nobody is surprised.", count=refused.count), "error")
        return redirect(url_for(".edit_session", session_id=item.id))
    db.session.commit()
    flash(_("The session was deleted."), "success")
    return redirect(url_for(".overview"))


# ---------------------------------------------------------------- rooms, tracks, speakers

RECORDS = {
    "rooms": (Room, RoomForm, "agenda.room", ("name_ar", "name_en", "capacity", "position")),
    "tracks": (Track, TrackForm, "agenda.track", ("name_ar", "name_en", "color")),
    "speakers": (Speaker, SpeakerForm, "agenda.speaker",
                 ("name_ar", "name_en", "title_ar", "title_en", "organization_ar", "organization_en", "bio_ar", "bio_en")),
}
RECORD_TITLES = {"rooms": _l("Rooms"), "tracks": _l("Tracks"), "speakers": _l("Speakers")}


def _record_kind(kind: str):
    if kind not in RECORDS:
        abort(404)
    return RECORDS[kind]


@bp.get("/agenda/<kind>")
def records(kind: str):
    model, _form, _action, _fields = _record_kind(kind)
    edition = current_edition_or_404()
    listing = {"rooms": service.rooms_of, "tracks": service.tracks_of, "speakers": service.speakers_of}[kind](edition)
    return render_template("agenda/records.html", kind=kind, records=listing, title=RECORD_TITLES[kind], edition=edition)


def _clean(value):
    return value.strip() if isinstance(value, str) else value


@bp.route("/agenda/<kind>/new", methods=["GET", "POST"])
@bp.route("/agenda/<kind>/<int:record_id>", methods=["GET", "POST"])
def edit_record(kind: str, record_id: int | None = None):
    model, form_class, action, fields = _record_kind(kind)
    edition = current_edition_or_404()
    record = service.find_in_edition(model, edition, record_id) if record_id else None
    if record_id and record is None:
        abort(404)
    form = form_class(obj=record)
    if form.validate_on_submit():
        values = {name: _clean(getattr(form, name).data) for name in fields}
        if kind == "tracks":
            values["color"] = values["color"].lower()
        if kind == "rooms":
            values["position"] = values["position"] or 0
        photo_error = _apply_photo(form, values, record) if kind == "speakers" else None
        if photo_error:
            form.photo.errors.append(photo_error)
        else:
            service.save_record(record or model(edition_id=edition.id), values, action)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".records", kind=kind))
    return render_template("agenda/record_form.html", kind=kind, form=form, record=record, title=RECORD_TITLES[kind])


def _apply_photo(form: SpeakerForm, values: dict, record: Speaker | None) -> str | None:
    upload = form.photo.data
    old = record.photo if record else ""
    if upload and getattr(upload, "filename", ""):
        try:
            values["photo"] = store_photo(upload.read())
        except ImageRejected as exc:
            return str(PHOTO_ERRORS[exc.code])
    elif form.remove_photo.data:
        values["photo"] = ""
    if old and values.get("photo", old) != old:
        remove_photo(old)
    return None


@bp.post("/agenda/<kind>/<int:record_id>/delete")
def delete_record(kind: str, record_id: int):
    model, _form, action, _fields = _record_kind(kind)
    record = service.find_in_edition(model, current_edition_or_404(), record_id)
    if record is None:
        abort(404)
    photo = getattr(record, "photo", "")
    service.delete_record(record, action)
    db.session.commit()
    if photo:
        remove_photo(photo)
    flash(_("Deleted."), "success")
    return redirect(url_for(".records", kind=kind))
