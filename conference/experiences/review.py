"""Programme committee pages (routes on experiences.views.bp): a reviewer's submissions and one review.

A reviewer reaches only the submissions of their tracks (anything else is a 404, so nothing is
revealed). With blind review the entity and the presenters' names are not shown.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import blueprint_requires
from ..models import Edition, db
from ..models.experiences import Submission
from . import service

bp = Blueprint("review", __name__)
blueprint_requires(bp, "reviewer")


def _current_call():
    the_call = service.call_for(Edition.current())
    if the_call is None:
        abort(404)
    return the_call


@bp.get("/experiences/review")
def review_home():
    the_call = _current_call()
    submissions = service.visible_submissions(current_user, the_call)
    reviews = {s.id: service.review_by(current_user, s) for s in submissions}
    mine = next((p for p in service.progress(the_call) if p.reviewer.id == current_user.id), None)
    return render_template(
        "experiences/review_home.html", call=the_call, submissions=submissions, reviews=reviews, progress=mine,
        blind=service.hides_names(current_user, the_call), needed=len(the_call.criteria),
    )


def _assigned(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or not service.may_review(current_user, submission):
        abort(404)
    return submission


@bp.route("/experiences/review/<int:submission_id>", methods=["GET", "POST"])
def review(submission_id: int):
    submission = _assigned(submission_id)
    the_call = submission.call
    own = service.review_by(current_user, submission)
    errors, status = {}, 200
    entered = {c.id: (own_scores(own).get(c.id, "")) for c in the_call.criteria}
    if request.method == "POST":
        given, errors, entered = _scores_from_form(the_call)
        if errors:
            status = 422
        else:
            try:
                service.save_review(current_user, submission, given, committee_comment=request.form.get("committee_comment", ""),
                                    submitter_comment=request.form.get("submitter_comment", ""))
            except service.ReviewRefused as refused:
                db.session.rollback()
                flash(_refusal(refused.reason), "error")
                status = 409
            else:
                db.session.commit()
                flash(_("Your review is saved."), "success")
                return redirect(url_for(".review_home"))
    return render_template(
        "experiences/review.html", submission=submission, call=the_call, own=own, entered=entered, errors=errors,
        blind=service.hides_names(current_user, the_call),
    ), status


def own_scores(review) -> dict[int, int]:
    return {s.criterion_id: s.score for s in review.scores} if review else {}


def _refusal(reason: str) -> str:
    if reason == "conflict":
        return _("You declared a conflict of interest with this submission, so you do not review it.")
    if reason == "released":
        return _("The decisions are released: reviews can no longer change.")
    return _("Give a score on every criterion.")


def _scores_from_form(the_call) -> tuple[dict[int, int], dict[int, str], dict[int, str]]:
    given, errors, entered = {}, {}, {}
    for criterion in the_call.criteria:
        raw = (request.form.get(f"score-{criterion.id}") or "").strip()
        entered[criterion.id] = raw[:5]
        if not raw.isascii() or not raw.isdigit() or not 0 <= int(raw) <= criterion.max_score:
            errors[criterion.id] = _("Enter a whole number from 0 to %(max)s.", max=criterion.max_score)
        else:
            given[criterion.id] = int(raw)
    return given, errors, entered


@bp.post("/experiences/review/<int:submission_id>/conflict")
def declare_conflict(submission_id: int):
    submission = _assigned(submission_id)
    service.declare_conflict(current_user, submission)
    db.session.commit()
    flash(_("Conflict of interest recorded: this submission is no longer yours to review."), "success")
    return redirect(url_for(".review_home"))
