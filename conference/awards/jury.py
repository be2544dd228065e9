"""Jury pages (routes on awards.views.bp): a juror's categories, and scoring one nomination.

A juror reaches only the nominations of the categories they are assigned to (anything else
is a 404, so nothing is revealed), writes only their own scores, and sees the other jurors'
scores only once the organizers close the jury.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import blueprint_requires
from ..i18n import current_language
from ..loaders import int_field, whole_number
from ..models import db
from ..models.awards import Nomination
from . import service

bp = Blueprint("jury", __name__)
blueprint_requires(bp, "jury")


@bp.get("/jury")
def jury_home():
    categories = service.juror_categories(current_user)
    return render_template(
        "awards/jury_home.html",
        categories=categories,
        progress={c.id: service.jury_progress(c, current_user) for c in categories},
        scored={
            n.id: len(service.scores_by(current_user, n)) >= len(c.criteria) > 0
            for c in categories for n in c.nominations
        },
    )


def _assigned_nomination(nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not service.is_juror(current_user, nomination.category):
        abort(404)
    return nomination


@bp.route("/jury/nominations/<int:nomination_id>", methods=["GET", "POST"])
def score(nomination_id: int):
    nomination = _assigned_nomination(nomination_id)
    category = nomination.category
    errors = {}
    status = 200
    if request.method == "POST":
        given, errors = _scores_from_form(category)
        try:
            if errors:
                service.refuse_if_jury_closed(category)
                status = 422
            else:
                service.save_scores(current_user, nomination, given)
                db.session.commit()
                flash(_("Your scores are saved."), "success")
                return redirect(_next_to_score(category, nomination))
        except service.JuryClosed:
            db.session.rollback()
            flash(_("The jury has closed: scores can no longer change."), "error")
            status = 409
    own = service.scores_by(current_user, nomination)
    entered = {n: v for k, v in request.form.items() if k.startswith("score-") and (n := whole_number(k[6:])) is not None}
    return render_template(
        "awards/score.html",
        nomination=nomination,
        category=category,
        own=own,
        entered=entered,
        errors=errors,
        others=_other_scores(nomination),
        language=current_language(),
    ), status


def _scores_from_form(category) -> tuple[dict[int, int], dict[int, str]]:
    given, errors = {}, {}
    for criterion in category.criteria:
        score = int_field(f"score-{criterion.id}")
        if score is None or score > criterion.max_score:
            errors[criterion.id] = _("Enter a whole number from 0 to %(max)s.", max=criterion.max_score)
        else:
            given[criterion.id] = score
    return given, errors


def _other_scores(nomination: Nomination) -> list:
    """Other jurors' scores: empty until the jury closes."""
    return [s for s in service.visible_scores(current_user, nomination) if s.juror_id != current_user.id]


def _next_to_score(category, nomination) -> str:
    for other in category.nominations:
        if other.id != nomination.id and len(service.scores_by(current_user, other)) < len(category.criteria):
            return url_for(".score", nomination_id=other.id)
    return url_for(".jury_home")
