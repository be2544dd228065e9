"""Feedback pages: an attendee rates the sessions they attended and answers the post-forum
survey from their private page; organizers see the results with charts drawn on the server."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import public_post_limit
from ..loaders import int_field, private_page
from ..models import Participant, db
from ..models.agenda import AgendaSession
from . import (
    notifications,  # noqa: F401  (registers the survey email)
    service,
)

bp = Blueprint("feedback", __name__)


def _refusal(reason: str) -> str:
    return {
        "not_checked_in": _("Ratings open to attendees once they have checked in at the venue."),
        "not_started": _("You can rate a session once it has started."),
    }.get(reason, _("Choose a rating from 1 to 5."))


@bp.route("/r/<token>/feedback", methods=["GET", "POST"])
@public_post_limit
@private_page
def sessions(participant: Participant):
    token = participant.manage_token
    status = 200
    if request.method == "POST":
        session = db.session.get(AgendaSession, int_field("session_id", 0))
        try:
            if session is None:
                raise service.FeedbackRefused("not_started")
            service.rate_session(participant, session, int_field("rating"),
                                 comment=request.form.get("comment", ""))
        except service.FeedbackRefused as refused:
            db.session.rollback()
            flash(_refusal(refused.reason), "error")
            status = 422
        else:
            db.session.commit()
            flash(_("Thank you: your rating is saved."), "success")
            return redirect(url_for(".sessions", token=token) + f"#session-{session.id}")
    return render_template(
        "feedback/sessions.html", participant=participant, sessions=service.rateable_sessions(participant),
        ratings=service.ratings_by(participant), survey_open=service.survey_open(participant),
    ), status


@bp.route("/r/<token>/survey", methods=["GET", "POST"])
@public_post_limit
@private_page
def survey(participant: Participant):
    token = participant.manage_token
    if not service.survey_open(participant):
        flash(_("The survey opens after the forum, for attendees who checked in."), "error")
        return redirect(url_for("registration.manage", token=token))
    questions = service.questions_of(participant.edition)
    errors, status = {}, 200
    if request.method == "POST":
        given = {q.id: request.form.get(f"q-{q.id}", "") for q in questions}
        errors = service.save_answers(participant, given)
        if errors:
            db.session.rollback()
            status = 422
        else:
            db.session.commit()
            flash(_("Thank you for your answers."), "success")
            return redirect(url_for(".survey", token=token))
    return render_template("feedback/survey.html", participant=participant, questions=questions,
                           answers=service.answers_of(participant), errors=errors), status


# The organizers' pages: a blueprint of their own, guarded once, under this one.
from . import console  # noqa: E402

bp.register_blueprint(console.bp)
