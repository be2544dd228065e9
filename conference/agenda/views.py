"""The public agenda, speaker pages, exports, and each participant's personal agenda."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import storage
from ..extensions import limiter, public_post_rate
from ..i18n import current_language, isolated, local_time
from ..loaders import current_edition_or_404, int_arg, int_field, private_page
from ..models import Edition, Participant, db
from ..models.agenda import AgendaSession, Speaker
from ..models.vocabulary import SessionKind
from ..pdf import ACCESSIBLE, render_pdf
from . import service, signups
from .ical import calendar_bytes
from .photos import photo_key

bp = Blueprint("agenda", __name__)


def _is_staff() -> bool:
    return current_user.is_authenticated and current_user.has_role("organizer")



def _filters(edition: Edition) -> dict:
    kind = request.args.get("kind", "")
    return {"track": int_arg("track"), "room": int_arg("room"), "kind": kind if SessionKind.has(kind) else None}


def _filtered(sessions: list[AgendaSession], chosen: dict) -> list[AgendaSession]:
    return [
        s for s in sessions
        if (chosen["track"] is None or s.track_id == chosen["track"])
        and (chosen["room"] is None or s.room_id == chosen["room"])
        and (chosen["kind"] is None or s.kind == chosen["kind"])
    ]


@bp.get("/agenda")
def index():
    edition = current_edition_or_404()
    chosen = _filters(edition)
    sessions = service.sessions_of(edition, published_only=True)
    return render_template(
        "agenda/index.html", edition=edition, days=service.by_day_and_time(_filtered(sessions, chosen), edition),
        any_sessions=bool(sessions), chosen=chosen, rooms=service.rooms_of(edition), tracks=service.tracks_of(edition),
        kinds=SessionKind.labels(),
    )


def _visible_session(session_id: int) -> AgendaSession:
    session = db.session.get(AgendaSession, session_id)
    if session is None or not (session.published or _is_staff()):
        abort(404)
    return session


@bp.get("/agenda/sessions/<int:session_id>", endpoint="session")
def session_page(session_id: int):
    item = _visible_session(session_id)
    edition = db.session.get(Edition, item.edition_id)
    return render_template("agenda/session.html", item=item, edition=edition)


@bp.get("/agenda/speakers")
def speakers():
    edition = current_edition_or_404()
    listed = _speakers_with_sessions(edition)
    return render_template("agenda/speakers.html", edition=edition, speakers=listed)


def _speakers_with_sessions(edition: Edition) -> list[Speaker]:
    """Speakers who appear in at least one published session."""
    seen: dict[int, Speaker] = {}
    for item in service.sessions_of(edition, published_only=True):
        for person in item.people:
            seen.setdefault(person.speaker_id, person.speaker)
    return sorted(seen.values(), key=lambda s: s.localized("name", current_language()))


@bp.get("/agenda/speakers/<int:speaker_id>")
def speaker(speaker_id: int):
    person = db.session.get(Speaker, speaker_id)
    if person is None:
        abort(404)
    edition = db.session.get(Edition, person.edition_id)
    sessions = [s for s in service.sessions_of(edition, published_only=not _is_staff())
                if any(p.speaker_id == person.id for p in s.people)]
    if not sessions and not _is_staff():
        abort(404)
    return render_template("agenda/speaker.html", person=person, edition=edition, sessions=sessions)


@bp.get("/agenda/speakers/<int:speaker_id>/photo.jpg")
def speaker_photo(speaker_id: int):
    person = db.session.get(Speaker, speaker_id)
    key = photo_key(person.photo) if person else None
    response = storage.send(key, mimetype="image/jpeg", max_age=3600) if key else None
    if response is None:
        abort(404)
    return response


HIGHLIGHT_KINDS = ("opening", "keynote", "panel", "awards_ceremony")


@bp.app_template_global("agenda_highlights")
def agenda_highlights(edition: Edition, limit: int = 4) -> dict:
    """For the home page: the published day's first start and last end, and its main sessions."""
    sessions = service.sessions_of(edition, published_only=True)
    if not sessions:
        return {"starts_at": None, "ends_at": None, "sessions": []}
    main = [s for s in sessions if s.kind in HIGHLIGHT_KINDS][:limit]
    return {"starts_at": min(s.starts_at for s in sessions), "ends_at": max(s.ends_at for s in sessions),
            "sessions": main}


@bp.app_template_global("edition_programme")
def edition_programme(edition: Edition) -> list:
    """For an archived edition's page: its published sessions by day and start time."""
    return service.by_day_and_time(service.sessions_of(edition, published_only=True), edition)


@bp.get("/agenda/tracks.css")
def tracks_css():
    """One class per track colour: the CSP forbids style attributes, not our own stylesheet."""
    edition = Edition.current()
    tracks = service.tracks_of(edition) if edition else []
    rules = [f".track-{t.id} {{ --track-color: {t.color}; }}" for t in tracks]
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.cache_control.max_age = 60
    return response


def _ics_response(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/agenda.ics")
def agenda_ics():
    edition = current_edition_or_404()
    locale = current_language()
    body = calendar_bytes(edition, service.sessions_of(edition, published_only=True),
                          edition.localized("title", locale), locale=locale)
    return _ics_response(body, f"agenda-{edition.year}.ics")


@bp.get("/agenda/sessions/<int:session_id>.ics")
def session_ics(session_id: int):
    item = _visible_session(session_id)
    edition = db.session.get(Edition, item.edition_id)
    locale = current_language()
    return _ics_response(calendar_bytes(edition, [item], item.localized("title", locale), locale=locale), f"session-{item.id}.ics")


@bp.get("/agenda.pdf")
def agenda_pdf():
    edition = current_edition_or_404()
    days = service.by_day_and_time(service.sessions_of(edition, published_only=True), edition)
    pdf = render_pdf("agenda/pdf/agenda.html", ACCESSIBLE, edition=edition, days=days)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="agenda-{edition.year}.pdf"'})


# ---------------------------------------------------------------- personal agenda


SIGNUP_REFUSALS = {
    "not_confirmed": lambda: _("Only confirmed registrations can choose sessions."),
    "not_open": lambda: _("This session is not open for sign-up."),
    "full": lambda: _("Sorry, this workshop is full."),
}


@bp.route("/r/<token>/agenda", methods=["GET", "POST"])
@limiter.limit(public_post_rate, methods=["POST"])
@private_page
def personal(participant: Participant):
    edition = db.session.get(Edition, participant.edition_id)
    if request.method == "POST":
        _apply_personal_choice(participant, edition)
        return redirect(url_for(".personal", token=participant.manage_token))
    sessions = service.sessions_of(edition, published_only=True)
    mine = [s for s in signups.picked_sessions(participant) if s.published]
    return render_template(
        "agenda/personal.html", participant=participant, edition=edition, days=service.by_day_and_time(sessions, edition),
        picked={s.id for s in mine}, clashes=signups.overlaps(mine), not_pickable=signups.NOT_PICKABLE,
    )


def _apply_personal_choice(participant: Participant, edition: Edition) -> None:
    session_id = int_field("session_id")
    item = db.session.get(AgendaSession, session_id) if session_id is not None else None
    if item is None or item.edition_id != edition.id or not item.published:
        flash(_("This session is not open for sign-up."), "error")
        return
    if request.form.get("action") == "drop":
        if signups.cancel_signup(participant, item.id):
            db.session.commit()
            flash(_("Removed from your agenda."), "success")
        return
    try:
        signups.sign_up(participant, item)
    except signups.SignupRefused as refusal:
        db.session.rollback()
        flash(SIGNUP_REFUSALS[refusal.code](), "error")
        return
    db.session.commit()
    title = isolated(item.localized("title", current_language()))
    if item.seat_limit:
        flash(_("Your seat in %(title)s is reserved.", title=title), "success")
    else:
        flash(_("%(title)s is in your agenda.", title=title), "success")
    for other in signups.overlaps([s for s in signups.picked_sessions(participant) if s.published]).get(item.id, []):
        flash(_("It runs at the same time as %(other)s (%(start)s–%(end)s), also in your agenda: you can attend only one.",
                other=isolated(other.localized("title", current_language())),
                start=isolated(local_time(other.starts_at, edition.tz)), end=isolated(local_time(other.ends_at, edition.tz))),
              "warning")


@bp.get("/r/<token>/agenda.ics")
@private_page
def personal_ics(participant: Participant):
    edition = db.session.get(Edition, participant.edition_id)
    locale = current_language()
    body = calendar_bytes(edition, [s for s in signups.picked_sessions(participant) if s.published],
                          _("My agenda") + " — " + edition.localized("title", locale), locale=locale)
    return _ics_response(body, "my-agenda.ics")


from . import console  # noqa: E402,F401  (organizer pages on the same blueprint)

# The area's staff pages: blueprints of their own, each guarded once, under this one.

bp.register_blueprint(console.bp)
