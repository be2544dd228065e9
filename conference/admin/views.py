"""The organizer console: its dashboard, and under it the administrator's edition and staff pages
(edition_settings.py, staff.py) and the partners and FAQ pages (showcase.py), each guarded once."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..auth import blueprint_requires
from ..i18n import current_language, language_direction
from ..models import Edition, Participant, db
from ..registration.stats import dashboard_figures

bp = Blueprint("admin", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer", "admin")



@bp.get("/")
def dashboard():
    edition = Edition.current()
    counts = {}
    if edition:
        rows = db.session.execute(
            select(Participant.status, func.count())
            .where(Participant.edition_id == edition.id)
            .group_by(Participant.status)
        )
        counts = dict(rows.all())
    figures = dashboard_figures(edition, language_direction(current_language())) if edition else None
    return render_template("admin/dashboard.html", edition=edition, counts=counts, figures=figures)


# The console's other pages: blueprints of their own, each guarded once, under this one.
from . import edition_settings, showcase, staff  # noqa: E402

bp.register_blueprint(edition_settings.bp)
bp.register_blueprint(staff.bp)
bp.register_blueprint(showcase.bp)
