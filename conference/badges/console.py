"""The organizers' badge pages: bulk printing with filters (a background job) and previews of
every layout with real names."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..auth import blueprint_requires
from ..jobs import start_job
from ..models import Edition, Participant, db
from ..models.vocabulary import RegistrationStatus
from ..pdf import pdf_response
from .bulk import Selection, selected_ids
from .forms import BulkPrintForm
from .layouts import GEOMETRY, LAYOUTS
from .service import layout_for, render_badges

bp = Blueprint("console", __name__)
blueprint_requires(bp, "organizer")

PREVIEW_BADGES = 4  # badges per single-badge preview; sheets get one full page


@bp.route("/badges/", methods=["GET", "POST"])
def overview():
    edition = Edition.current()
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
    confirmed = (Participant.edition_id == edition.id) & (Participant.status == RegistrationStatus.CONFIRMED)
    total = db.session.scalar(select(func.count()).where(confirmed)) or 0
    printed = db.session.scalar(select(func.count()).where(confirmed, Participant.badge_printed_at.is_not(None))) or 0
    return {"confirmed": total, "printed": printed, "unprinted": total - printed}


@bp.get("/badges/preview")
def preview():
    edition = Edition.current()
    sample = preview_sample(edition, 10) if edition else []
    return render_template(
        "badges/preview.html", edition=edition, layouts=LAYOUTS, geometry=GEOMETRY, sample=sample,
    )


@bp.get("/badges/preview/<layout>.pdf")
def preview_pdf(layout: str):
    edition = Edition.current()
    if edition is None or layout not in LAYOUTS:
        abort(404)
    g = GEOMETRY[layout]
    people = preview_sample(edition, g.per_page if g.is_sheet else PREVIEW_BADGES)
    return pdf_response(render_badges(edition, people, layout), f"preview-{layout}.pdf")


def preview_sample(edition: Edition, size: int) -> list[Participant]:
    """Real participants that test a layout: the longest names, an Arabic-only and an English-only name."""
    base = select(Participant).where(Participant.edition_id == edition.id, Participant.status != RegistrationStatus.CANCELLED,
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
