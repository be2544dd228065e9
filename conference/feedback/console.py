"""The organizers' feedback pages: results per session and of the survey with charts drawn on
the server, the survey's questions, and emailing the survey link."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from .. import confirmation
from ..auth import blueprint_requires
from ..awards.service import edition_choices
from ..i18n import current_language, language_direction
from ..jobs import start_job
from ..loaders import current_edition_or_404, int_arg
from ..models import Edition, db
from ..models.feedback import QuestionKind
from ..registration.stats import bar_chart
from . import service

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")


def _distribution_chart(summary: service.Summary, chart_id: str) -> str:
    """The ratings drawn as bars; nothing while there is no rating (the summary says so)."""
    if not summary.count:
        return ""
    bars = [(ngettext("%(num)d rating of %(value)s", "%(num)d ratings of %(value)s", summary.distribution[v], value=v),
             str(v), summary.distribution[v]) for v in service.RATINGS]
    return bar_chart(bars, _("Ratings from 1 to 5"), language_direction(current_language()), chart_id=chart_id)


def _shown_edition() -> Edition:
    """The edition whose results are shown: `?edition=N` (its number), else the current one."""
    number = int_arg("edition")
    edition = Edition.current() if number is None else db.session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        abort(404)
    return edition


@bp.get("/feedback")
def overview():
    edition = _shown_edition()
    overall = service.edition_overall(edition)
    survey = service.survey_results(edition)
    return render_template(
        "feedback/console.html", edition=edition, per_session=service.edition_summaries(edition), overall=overall,
        overall_chart=_distribution_chart(overall, "ratings-all"), survey=survey,
        survey_charts={q.id: _distribution_chart(s, f"survey-{q.id}") for q, s in survey if q.kind == QuestionKind.RATING},
        kinds=list(QuestionKind), editions=edition_choices(),
    )


@bp.post("/feedback/questions")
def add_question():
    edition = current_edition_or_404()
    text_ar, text_en = request.form.get("text_ar", "").strip(), request.form.get("text_en", "").strip()
    kind = request.form.get("kind", "")
    if not (text_ar or text_en) or kind not in set(QuestionKind) or len(text_ar) > 300 or len(text_en) > 300:
        flash(_("Write the question in Arabic or English (up to 300 characters) and choose its kind."), "error")
        return redirect(url_for(".overview")), 303
    service.add_question(edition, text_ar, text_en, kind=kind)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".overview"))


@bp.post("/feedback/invite")
def invite():
    edition = current_edition_or_404()
    if not confirmation.confirmed():
        effects = confirmation.Effects(None, emails=len(service.survey_recipients(edition)), promoted=0)
        return confirmation.ask(_("Email the survey link to the attendees?"), confirmation.effect_lines(effects),
                                _("Yes, send the emails"), back=url_for(".overview"))
    job = start_job("feedback.email_survey", {"edition_id": edition.id}, current_user)
    return redirect(url_for("jobs.show", job_id=job.id))
