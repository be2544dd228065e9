"""Organizer pages of the call for experiences (routes on experiences.views.bp): settings,
criteria, reviewers, the ranking with each reviewer's progress, decisions and their release,
and turning an accepted experience into a draft session."""

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from .. import audit, confirmation
from ..agenda import service as agenda
from ..auth import blueprint_requires
from ..editions import local_to_utc, utc_to_local_naive
from ..i18n import current_language
from ..mail import deliver_soon
from ..models import Edition, User, db
from ..models.experiences import Decision, ExperienceCall, Submission
from ..models.vocabulary import StaffRole
from . import service
from .forms import CallForm, CriterionForm, ReviewersForm

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")

WINDOW_FIELDS = ("opens_at", "closes_at", "slides_due_at")


def _call(create: bool = True) -> ExperienceCall:
    """The current edition's call; pages that only read get an unsaved empty one (GETs never write)."""
    edition = Edition.current()
    if edition is None:
        abort(404)
    if create:
        return service.ensure_call(edition)
    return service.call_for(edition) or ExperienceCall(edition=edition, blind_review=False,
                                                       theme_ar=edition.theme_ar, theme_en=edition.theme_en)


def _reviewer_choices(the_call: ExperienceCall) -> list[tuple[str, str]]:
    language = current_language()
    users = db.session.scalars(select(User).where(User.role == StaffRole.REVIEWER, User.active.is_(True)).order_by(User.email))
    tracks = service.tracks_of(the_call)
    choices = []
    for user in users:
        label = user.name or user.email
        choices.append((f"{user.id}:all", _("%(name)s — every track", name=label)))
        choices.extend((f"{user.id}:{t.id}", f"{label} — {t.localized('name', language)}") for t in tracks)
    return choices


def _track_choices(the_call: ExperienceCall) -> list[tuple[int, str]]:
    language = current_language()
    return [(t.id, t.localized("name", language)) for t in agenda.tracks_of(the_call.edition)]


@bp.get("/experiences")
def overview():
    the_call = _call(create=False)
    form = CallForm(obj=the_call)
    for name in WINDOW_FIELDS:
        getattr(form, name).data = utc_to_local_naive(getattr(the_call, name), the_call.edition.timezone)
    form.tracks.choices = _track_choices(the_call)
    form.tracks.data = [t.track_id for t in the_call.accepted_tracks]
    ranked = service.ranking(the_call)
    reviewers = ReviewersForm()
    reviewers.reviewers.choices = _reviewer_choices(the_call)
    reviewers.reviewers.data = [f"{a.user_id}:{a.track_id or 'all'}" for a in the_call.reviewers]
    return render_template(
        "experiences/console.html", call=the_call, form=form, criterion_form=CriterionForm(formdata=None),
        reviewers_form=reviewers, ranked=ranked, progress=service.progress(the_call),
        confirmations={s.id: service.slot_confirmations(s) for s, _r in ranked if s.session},
        state=service.call_state(the_call), pending=len(service.pending_release(the_call)), decisions=list(Decision),
    )


@bp.post("/experiences/settings")
def settings():
    the_call = _call()
    form = CallForm()
    form.tracks.choices = _track_choices(the_call)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for(".overview")), 303
    for name in WINDOW_FIELDS:
        setattr(the_call, name, local_to_utc(getattr(form, name).data, the_call.edition.timezone))
    the_call.theme_ar, the_call.theme_en = (form.theme_ar.data or "").strip(), (form.theme_en.data or "").strip()
    the_call.blind_review = form.blind_review.data
    service.set_tracks(the_call, set(form.tracks.data or ()))
    audit.record("experience_call.update", the_call, opens=the_call.opens_at, closes=the_call.closes_at,
                 blind=the_call.blind_review, tracks=sorted(form.tracks.data or ()))
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".overview"))


@bp.post("/experiences/criteria")
def add_criterion():
    the_call = _call()
    form = CriterionForm()
    if not form.validate_on_submit():
        flash(_("Enter the criterion's names, a weight and a highest score from 1 to 100."), "error")
        return redirect(url_for(".overview")), 303
    service.add_criterion(the_call, form.name_ar.data, form.name_en.data, form.weight.data, form.max_score.data)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".overview"))


@bp.post("/experiences/reviewers")
def set_reviewers():
    the_call = _call()
    form = ReviewersForm()
    form.reviewers.choices = _reviewer_choices(the_call)
    if not form.validate_on_submit():
        flash(_("Choose reviewers from the list."), "error")
        return redirect(url_for(".overview")), 303
    wanted = set()
    for value in form.reviewers.data:
        user_id, track = value.split(":")
        wanted.add((int(user_id), None if track == "all" else int(track)))
    service.set_reviewers(the_call, wanted)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".overview"))


def _submission(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.call.edition_id != (Edition.current() or Edition()).id:
        abort(404)
    return submission


@bp.get("/experiences/<int:submission_id>")
def submission(submission_id: int):
    item = _submission(submission_id)
    return render_template("experiences/submission.html", submission=item, call=item.call, decisions=list(Decision))


@bp.post("/experiences/<int:submission_id>/decision")
def decide(submission_id: int):
    item = _submission(submission_id)
    decision = request.form.get("decision", "")
    if decision not in set(Decision):
        flash(_("Choose accept, reject or waiting list."), "error")
        return redirect(url_for(".submission", submission_id=item.id)), 303
    service.decide(item, decision)
    db.session.commit()
    flash(_("Decision recorded. Submitters are told when you release the decisions."), "success")
    return redirect(request.form.get("back") == "console" and url_for(".overview") or url_for(".submission", submission_id=item.id))


@bp.post("/experiences/release")
def release():
    the_call = _call()
    if not confirmation.confirmed():
        effects = confirmation.rehearse(lambda: service.release_decisions(the_call))
        return confirmation.ask(_("Release the decisions to the submitters?"), confirmation.effect_lines(effects),
                                _("Yes, release and email them"), back=url_for(".overview"))
    queued = service.release_decisions(the_call)
    db.session.commit()
    deliver_soon()
    flash(ngettext("Decisions released: %(num)d submitter is emailed.",
                   "Decisions released: %(num)d submitters are emailed.", queued), "success")
    return redirect(url_for(".overview"))


@bp.post("/experiences/<int:submission_id>/session")
def make_session(submission_id: int):
    item = _submission(submission_id)
    try:
        session, _found = service.make_session(item, {}, force=True)
    except agenda.SessionInvalid:
        db.session.rollback()
        flash(_("Only an accepted experience becomes a session."), "error")
        return redirect(url_for(".submission", submission_id=item.id)), 303
    db.session.commit()
    flash(_("A draft session is ready: set its time and room, then publish it."), "success")
    return redirect(url_for("agenda.console.edit_session", session_id=session.id))


@bp.get("/experiences/ranking.csv")
def ranking_csv():
    the_call = _call(create=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["place", "tied", "points", "reviewers", "id", "title_ar", "title_en", "entity", "stage",
                     "decision"])
    for item, ranked in service.ranking(the_call):
        writer.writerow([ranked.place, "yes" if ranked.tied else "", ranked.points, ranked.jurors, item.id,
                         item.title_ar, item.title_en, item.entity, item.stage, item.decision or ""])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="experiences-ranking.csv"'})
