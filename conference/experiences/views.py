"""Public pages of the call for experiences: the call and its form, the submitter's and the
presenters' private pages (reached only by their secret links), and the experiences library."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..agenda import photos
from ..agenda.console import PHOTO_ERRORS
from ..awards import uploads
from ..extensions import public_post_limit
from ..feedback import service as feedback
from ..i18n import current_language
from ..images import ImageRejected
from ..loaders import int_arg
from ..mail import deliver_soon
from ..models import Edition, db
from ..models.experiences import Stage, Submission
from ..models.vocabulary import Sector
from . import service

bp = Blueprint("experiences", __name__)

UPLOAD_DIR = "experiences"
SLIDES_MAX_BYTES = 15 * 1024 * 1024


def form_data(form) -> dict:
    """The submission form's fields as clean_submission takes them (presenter-N-field rows)."""
    data = {name: form.get(name, "") for name in service.FIELDS if name != "presenters"}
    data["consent"] = form.get("consent", "")
    data["presenters"] = [
        {name: form.get(f"presenter-{n}-{name}", "") for name in service.PRESENTER_FIELDS}
        for n in range(service.MAX_PRESENTERS)
    ]
    return data


def _choices(the_call=None) -> dict:
    """Options of the form's menus, labelled in the visitor's language."""
    language = current_language()
    return {
        "stages": [(s.value, s.label) for s in Stage],
        "sectors": Sector.choices(),
        "tracks": [(t.id, t.localized("name", language)) for t in service.tracks_of(the_call)] if the_call else [],
    }


def _store_pdf(field: str, limit: int) -> tuple[str | None, str | None]:
    """(stored file name, error message) for an optional PDF upload."""
    upload = request.files.get(field)
    if not upload or not upload.filename:
        return None, None
    try:
        data = uploads.check_pdf(upload, limit)
    except uploads.UploadError as error:
        return None, str(error)
    return uploads.store(UPLOAD_DIR, data, "pdf"), None


@bp.route("/experiences/call", methods=["GET", "POST"])
@public_post_limit
def call():
    edition = Edition.current()
    the_call = service.call_for(edition)
    state = service.call_state(the_call)
    values, errors, status = {"presenters": [{}], "language": "ar"}, {}, 200
    if request.method == "POST":
        if state != "open":
            flash(service.refusal_message(state), "error")
            return redirect(url_for(".call"))
        values = form_data(request.form)
        cleaned, errors = service.clean_submission(values, the_call)
        attachment, problem = (None, None) if errors else _store_pdf("attachment", uploads.ATTACHMENT_MAX_BYTES)
        if problem:
            errors["attachment"] = problem
        if not errors:
            submission = service.submit(the_call, cleaned, attachment)
            db.session.commit()
            deliver_soon()
            flash(_("Thank you: your experience is received. Keep this page's address: it is your private link."), "success")
            return redirect(url_for(".manage", token=submission.manage_token))
        status = 422
    return render_template(
        "experiences/call.html", edition=edition, call=the_call, state=state, values=values, errors=errors,
        rows=3, **_choices(the_call),
    ), status


def _submission_or_404(token: str) -> Submission:
    submission = service.submission_by_token(token)
    if submission is None:
        abort(404)
    return submission


@bp.get("/experiences/s/<token>")
def manage(token: str):
    submission = _submission_or_404(token)
    return render_template(
        "experiences/manage.html", submission=submission, state=service.call_state(submission.call),
        comments=service.submitter_comments(submission), slides_open=service.slides_open(submission),
        in_library=service.in_library(submission),
        ratings=feedback.session_summary(submission.session) if submission.session else None,
    )


@bp.route("/experiences/s/<token>/edit", methods=["GET", "POST"])
@public_post_limit
def edit(token: str):
    submission = _submission_or_404(token)
    state = service.call_state(submission.call)
    if state != "open":
        flash(service.refusal_message(state), "error")
        return redirect(url_for(".manage", token=token))
    values, errors, status = service.form_values(submission), {}, 200
    if request.method == "POST":
        values = form_data(request.form)
        cleaned, errors = service.clean_submission(values, submission.call)
        if not errors:
            service.update_submission(submission, cleaned)
            db.session.commit()
            deliver_soon()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".manage", token=token))
        status = 422
    return render_template(
        "experiences/edit.html", submission=submission, values=values, errors=errors,
        rows=service.MAX_PRESENTERS, **_choices(submission.call),
    ), status


@bp.post("/experiences/s/<token>/slides")
@public_post_limit
def upload_slides(token: str):
    submission = _submission_or_404(token)
    if not service.slides_open(submission):
        flash(_("Slides cannot be uploaded now."), "error")
        return redirect(url_for(".manage", token=token)), 303
    name, problem = _store_pdf("slides", SLIDES_MAX_BYTES)
    if problem or not name:
        flash(problem or _("Choose a PDF file."), "error")
        return redirect(url_for(".manage", token=token)), 303
    uploads.remove(UPLOAD_DIR, submission.slides_file)
    submission.slides_file = name
    db.session.commit()
    flash(_("Your slides are uploaded."), "success")
    return redirect(url_for(".manage", token=token))


@bp.route("/experiences/p/<token>", methods=["GET", "POST"])
@public_post_limit
def presenter(token: str):
    person = service.presenter_by_token(token)
    if person is None:
        abort(404)
    if request.method == "POST":
        if request.form.get("action") == "photo":
            return _presenter_photo(person)
        if request.form.get("action") == "slot":
            return _presenter_slot(person)
        service.confirm_presenter(person)
        db.session.commit()
        flash(_("Thank you: you are confirmed as a presenter."), "success")
        return redirect(url_for(".presenter", token=token))
    submission = person.submission
    return render_template(
        "experiences/presenter.html", presenter=person, submission=submission,
        ratings=feedback.session_summary(submission.session) if submission.session else None,
    )


def _presenter_slot(person):
    if not service.confirm_slot(person):
        flash(_("The experience has no time in the agenda yet."), "error")
        return redirect(url_for(".presenter", token=person.confirm_token)), 303
    db.session.commit()
    flash(_("Thank you: the time is confirmed."), "success")
    return redirect(url_for(".presenter", token=person.confirm_token))


def _presenter_photo(person):
    """A photo for the agenda's speaker page: checked by its content and re-encoded."""
    upload = request.files.get("photo")
    try:
        name = photos.store_photo(upload.read(photos.MAX_BYTES + 1)) if upload and upload.filename else None
    except ImageRejected as rejected:
        flash(str(PHOTO_ERRORS[rejected.code]), "error")
        return redirect(url_for(".presenter", token=person.confirm_token)), 303
    if name is None:
        flash(_("Choose a photo."), "error")
        return redirect(url_for(".presenter", token=person.confirm_token)), 303
    photos.remove_photo(person.photo)
    person.photo = name
    if person.speaker is not None:
        person.speaker.photo = name
    db.session.commit()
    flash(_("Your photo is saved."), "success")
    return redirect(url_for(".presenter", token=person.confirm_token))


def _library_filter() -> service.LibraryFilter:
    args = request.args
    return service.LibraryFilter(
        year=int_arg("year"), track=args.get("track", "").strip()[:200], entity=args.get("entity", "").strip()[:300],
        stage=args.get("stage", ""), sector=args.get("sector", ""), q=args.get("q", "").strip()[:200],
    )


@bp.get("/experiences")
def library():
    language = current_language()
    selection = _library_filter()
    experiences = service.library(selection, language)
    return render_template(
        "experiences/library.html", experiences=experiences, selection=selection,
        ratings={x.id: feedback.session_summary(x.session) for x in experiences if x.session},
        choices=service.library_choices(language), **_choices(),
    )


@bp.get("/experiences/<int:submission_id>/slides.pdf")
def slides(submission_id: int):
    """Final slides of an experience in the library (public, like the library itself)."""
    submission = db.get_or_404(Submission, submission_id)
    response = uploads.send(UPLOAD_DIR, submission.slides_file, mimetype="application/pdf",
                            download_name=f"experience-{submission.id}.pdf") if service.in_library(submission) else None
    if response is None:
        abort(404)
    return response


# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console, review  # noqa: E402

bp.register_blueprint(console.bp)
bp.register_blueprint(review.bp)
