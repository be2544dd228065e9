"""Badges: the participant's own badge, desk reprints and reissues, bulk printing and previews."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from .. import audit
from ..auth import role_required
from ..extensions import limiter
from ..i18n import current_language, isolated
from ..jobs import start_job
from ..loaders import private_page
from ..models import Edition, Participant, db
from . import jobs as _jobs  # noqa: F401  (registers the bulk printing job)
from .bulk import Selection, selected_ids
from .forms import BulkPrintForm
from .layouts import GEOMETRY, LAYOUTS
from .service import layout_for, may_have_badge, reissue_badge, render_badges, reprint_badge

bp = Blueprint("badges", __name__)

PREVIEW_BADGES = 4  # badges per single-badge preview; sheets get one full page


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


def badge_filename(participant: Participant) -> str:
    return f"badge-{participant.badge_number or participant.id}.pdf"


@bp.get("/r/<token>/badge.pdf")
@limiter.limit("30 per minute")
@private_page
def participant_badge(participant: Participant):
    if not may_have_badge(participant):
        abort(404)
    return pdf_response(render_badges(participant.edition, [participant]), badge_filename(participant))


def _participant_for_desk(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    return participant


def _back_to_desk():
    fallback = url_for("checkin.lookup") if "checkin.lookup" in _views() else url_for("public.home")
    target = request.referrer or ""
    if target.startswith(request.host_url):
        return redirect(target)
    return redirect(fallback)


def _views():
    from flask import current_app

    return current_app.view_functions


@bp.post("/badges/<int:participant_id>/print")
@role_required("desk")
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
@role_required("desk")
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
    lookup = url_for("checkin.lookup", q=back or None) if "checkin.lookup" in _views() else None
    if (queued := _print_at_desk(participant, "reissue", back=lookup)) is not None:
        return queued
    pdf = reprint_badge(participant, request.form.get("layout"))
    db.session.commit()
    return pdf_response(pdf, badge_filename(participant))


def _desk_printer():
    from ..printing import desk

    return desk.desk_station()


def _current_edition() -> Edition | None:
    return Edition.current()


@bp.route("/badges/", methods=["GET", "POST"])
@role_required("organizer")
def console():
    edition = _current_edition()
    form = BulkPrintForm()
    if request.method == "GET" and edition is not None:
        form.layout.data = layout_for(edition)
    count = None
    if edition is not None and form.validate_on_submit():
        selection = Selection(
            layout=form.layout.data,
            category=form.category.data or "",
            sector=form.sector.data or "",
            organization=(form.organization.data or "").strip(),
            only_unprinted=bool(form.only_unprinted.data),
            registered_since=form.registered_since.data.isoformat() if form.registered_since.data else "",
            sort=form.sort.data or "name",
        )
        count = len(selected_ids(edition, selection))
        if request.form.get("action") == "print":
            if count == 0:
                flash(_("No confirmed participant matches these filters."), "error")
            else:
                job = start_job("badges.print", {"edition_id": edition.id, "selection": selection.to_params()}, current_user)
                return redirect(url_for("jobs.show", job_id=job.id))
    summary = _summary(edition) if edition else None
    return render_template("badges/console.html", form=form, edition=edition, count=count, summary=summary)


def _summary(edition: Edition) -> dict:
    confirmed = (Participant.edition_id == edition.id) & (Participant.status == "confirmed")
    total = db.session.scalar(select(func.count()).where(confirmed)) or 0
    printed = db.session.scalar(select(func.count()).where(confirmed, Participant.badge_printed_at.is_not(None))) or 0
    return {"confirmed": total, "printed": printed, "unprinted": total - printed}


@bp.get("/badges/preview")
@role_required("organizer")
def preview():
    edition = _current_edition()
    sample = preview_sample(edition, 10) if edition else []
    return render_template(
        "badges/preview.html", edition=edition, layouts=LAYOUTS, geometry=GEOMETRY, sample=sample,
    )


@bp.get("/badges/preview/<layout>.pdf")
@role_required("organizer")
def preview_pdf(layout: str):
    edition = _current_edition()
    if edition is None or layout not in LAYOUTS:
        abort(404)
    g = GEOMETRY[layout]
    people = preview_sample(edition, g.per_page if g.is_sheet else PREVIEW_BADGES)
    return pdf_response(render_badges(edition, people, layout), f"preview-{layout}.pdf")


def preview_sample(edition: Edition, size: int) -> list[Participant]:
    """Real participants that test a layout: the longest names, an Arabic-only and an English-only name."""
    base = select(Participant).where(Participant.edition_id == edition.id, Participant.status != "cancelled",
                                     Participant.anonymized_at.is_(None))
    picks = [
        base.order_by(func.length(Participant.name_ar).desc(), Participant.id),
        base.order_by(func.length(Participant.name_en).desc(), Participant.id),
        base.where(Participant.name_en == "").order_by(Participant.id),
        base.where(Participant.name_ar == "").order_by(Participant.id),
        base.order_by(func.length(Participant.organization).desc(), Participant.id),
    ]
    chosen: dict[int, Participant] = {}
    for query in picks:
        found = db.session.scalar(query.limit(1))
        if found is not None:
            chosen.setdefault(found.id, found)
    for participant in db.session.scalars(base.order_by(Participant.category, Participant.id).limit(size * 2)):
        if len(chosen) >= size:
            break
        chosen.setdefault(participant.id, participant)
    return list(chosen.values())[:size]
