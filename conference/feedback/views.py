"""Feedback pages: an attendee rates the sessions they attended and answers the post-forum
survey from their private page; organizers see the results with charts drawn on the server."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from .. import confirmation
from ..auth import role_required
from ..awards.service import edition_choices
from ..extensions import public_post_limit
from ..i18n import current_language, language_direction
from ..jobs import start_job
from ..loaders import int_arg, int_field, private_page
from ..models import Edition, Participant, db
from ..models.agenda import AgendaSession
from ..models.feedback import QuestionKind
from ..registration.stats import bar_chart
from . import (
    notifications,  # noqa: F401  (registers the survey email)
    service,
)

bp = Blueprint("feedback", __name__)
organizer_only = role_required("organizer")


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
                                 request.form.get("comment", ""))
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


def _distribution_chart(summary: service.Summary, chart_id: str) -> str:
    bars = [(ngettext("%(num)d rating of %(value)s", "%(num)d ratings of %(value)s", summary.distribution[v], value=v),
             str(v), summary.distribution[v]) for v in service.RATINGS]
    return bar_chart(bars, _("Ratings from 1 to 5"), language_direction(current_language()), chart_id)


def _shown_edition() -> Edition:
    """The edition whose results are shown: `?edition=N` (its number), else the current one."""
    number = int_arg("edition")
    edition = Edition.current() if number is None else db.session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        abort(404)
    return edition


@bp.get("/console/feedback")
@organizer_only
def console():
    edition = _shown_edition()
    overall = service.edition_overall(edition)
    survey = service.survey_results(edition)
    return render_template(
        "feedback/console.html", edition=edition, per_session=service.edition_summaries(edition), overall=overall,
        overall_chart=_distribution_chart(overall, "ratings-all"), survey=survey,
        survey_charts={q.id: _distribution_chart(s, f"survey-{q.id}") for q, s in survey if q.kind == QuestionKind.RATING},
        kinds=list(QuestionKind), editions=edition_choices(),
    )


@bp.post("/console/feedback/questions")
@organizer_only
def add_question():
    edition = Edition.current() or abort(404)
    text_ar, text_en = request.form.get("text_ar", "").strip(), request.form.get("text_en", "").strip()
    kind = request.form.get("kind", "")
    if not (text_ar or text_en) or kind not in set(QuestionKind) or len(text_ar) > 300 or len(text_en) > 300:
        flash(_("Write the question in Arabic or English (up to 300 characters) and choose its kind."), "error")
        return redirect(url_for(".console")), 303
    service.add_question(edition, text_ar, text_en, kind)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".console"))


@bp.post("/console/feedback/invite")
@organizer_only
def invite():
    edition = Edition.current() or abort(404)
    if not confirmation.confirmed():
        effects = confirmation.Effects(None, emails=len(service.survey_recipients(edition)), promoted=0)
        return confirmation.ask(_("Email the survey link to the attendees?"), confirmation.effect_lines(effects),
                                _("Yes, send the emails"), back=url_for(".console"))
    job = start_job("feedback.email_survey", {"edition_id": edition.id}, current_user)
    return redirect(url_for("jobs.show", job_id=job.id))
