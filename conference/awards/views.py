"""Public award pages: the listing with filters and counts, nominations, logos, winners' certificates."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..extensions import limiter, login_manager, public_post_rate
from ..i18n import current_language, local_datetime
from ..loaders import int_arg
from ..models import Edition, db
from ..models.awards import AwardCategory, Nomination
from ..models.vocabulary import AwardLevel, StaffRole
from . import service, uploads
from .certificate import certificate_pdf
from .forms import NominationForm

bp = Blueprint("awards", __name__)


@bp.app_template_global("announced_award_winners")
def announced_award_winners(edition):
    """For the agenda's awards-ceremony session: [(category, [winning nominations])]."""
    return service.announced_winners(edition)


@bp.app_template_global("award_counts_text")
def award_counts_text(counts: dict) -> str:
    """'4 international accreditations, 16 regional and local awards' with the right plural forms."""
    return _(
        "%(international)s, %(regional_local)s",
        international=ngettext("%(num)d international accreditation", "%(num)d international accreditations", counts["international"]),
        regional_local=ngettext("%(num)d regional and local award", "%(num)d regional and local awards", counts["regional_local"]),
    )


@bp.get("/awards")
def index():
    language = current_language()
    selection, edition = service.parse_listing_filter(request.args)
    awards = service.find_awards(selection)
    archive_counts = service.level_counts(service.find_awards(service.ListingFilter()))
    shown_edition = edition or Edition.current()
    edition_counts = (
        service.level_counts(service.find_awards(service.ListingFilter(edition_id=shown_edition.id)))
        if shown_edition else None
    )
    return render_template(
        "awards/index.html",
        awards=awards,
        selection=selection,
        selected_edition=edition,
        shown_edition=shown_edition,
        editions=service.edition_choices(),
        choices=service.filter_choices(language),
        levels=list(AwardLevel),
        archive_counts=archive_counts,
        edition_counts=edition_counts,
        filtered=bool(edition or selection.level or selection.year or selection.body or selection.recipient),
        winners=service.announced_winners(shown_edition),
        open_categories=service.open_categories(Edition.current()) if Edition.current() else [],
    )


@bp.get("/awards/logos/<name>")
def logo(name: str):
    response = uploads.send(uploads.LOGO_DIR, name, max_age=7 * 24 * 3600)
    if response is None:
        abort(404)
    return response


@bp.route("/awards/nominate", methods=["GET", "POST"])
@limiter.limit(public_post_rate, methods=["POST"])
def nominate():
    edition = Edition.current()
    categories = service.categories_of(edition) if edition else []
    language = current_language()
    form = NominationForm()
    states = {c.id: service.nomination_state(c) for c in categories}
    names = {c.id: c.localized("name", language) for c in categories}
    form.category_id.choices = [(0, _("Choose a category"))] + [
        (c.id, names[c.id] if states[c.id] == "open" else _("%(category)s (closed)", category=names[c.id])) for c in categories
    ]
    if request.method == "GET" and (wanted := int_arg("category")):
        form.category_id.data = wanted
    refusal = None
    if form.validate_on_submit():
        category = next((c for c in categories if c.id == form.category_id.data), None)
        if category is None:
            form.category_id.errors.append(_("Please choose a category."))
        else:
            nomination, refusal = _submit(form, category)
            if nomination is not None:
                session["awards_nomination"] = nomination.id
                return redirect(url_for(".nomination_received"))
    status = 422 if request.method == "POST" else 200
    if refusal:
        status = 409
    return render_template(
        "awards/nominate.html", form=form, edition=edition, categories=categories, states=states,
        windows={c.id: service.nomination_window(c) for c in categories}, refusal=refusal,
        any_open=any(s == "open" for s in states.values()),
    ), status


def _submit(form: NominationForm, category: AwardCategory) -> tuple[Nomination | None, str | None]:
    """Save the nomination, or return why not. A refused window or file changes nothing."""
    if service.nomination_state(category) != "open":
        return None, refusal_message(category)
    attachment_name = None
    upload = form.attachment.data
    if upload and getattr(upload, "filename", ""):
        try:
            data = uploads.check_pdf(upload)
        except uploads.UploadError as error:
            form.attachment.errors.append(str(error))
            return None, None
        attachment_name = uploads.store(uploads.ATTACHMENT_DIR, data, "pdf")
    data = {name: getattr(form, name).data for name in service.NOMINATION_FIELDS}
    try:
        nomination = service.submit_nomination(category, data, attachment_name)
    except service.NominationRefused:
        db.session.rollback()
        uploads.remove(uploads.ATTACHMENT_DIR, attachment_name)
        return None, refusal_message(category)
    db.session.commit()
    return nomination, None


def refusal_message(category: AwardCategory) -> str:
    state = service.nomination_state(category)
    opens_at, closes_at = service.nomination_window(category)
    tz = category.edition.tz
    name = category.localized("name", current_language())
    if state == "not_open" and opens_at:
        return _("Nominations for “%(category)s” open on %(date)s.", category=name, date=local_datetime(opens_at, tz))
    if closes_at and state == "closed" and not category.jury_closed_at:
        return _("Nominations for “%(category)s” closed on %(date)s.", category=name, date=local_datetime(closes_at, tz))
    return _("Nominations for “%(category)s” are not open.", category=name)


@bp.get("/awards/nominate/received")
def nomination_received():
    nomination = db.session.get(Nomination, session.get("awards_nomination") or 0)
    if nomination is None:
        return redirect(url_for(".nominate"))
    return render_template("awards/received.html", nomination=nomination)


@bp.get("/awards/winners/<int:nomination_id>/certificate.pdf")
def winner_certificate(nomination_id: int):
    nomination = db.get_or_404(Nomination, nomination_id)
    if not service.is_public_winner(nomination):
        abort(404)
    certificate = service.winner_certificate(nomination)
    db.session.commit()
    pdf = certificate_pdf(nomination, certificate)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="award-certificate-{nomination.id}.pdf"'
    return response


@bp.get("/awards/nominations/<int:nomination_id>/attachment.pdf")
def attachment(nomination_id: int):
    """The nomination's PDF, for organizers and the category's jurors."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        abort(404)
    if not (current_user.has_role("organizer") or service.is_juror(current_user, nomination.category)):
        abort(404 if current_user.role == StaffRole.JURY else 403)
    response = uploads.send(uploads.ATTACHMENT_DIR, nomination.attachment_file, mimetype="application/pdf",
                            download_name=f"nomination-{nomination.id}.pdf")
    if response is None:
        abort(404)
    return response


# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console, jury  # noqa: E402

bp.register_blueprint(console.bp)
bp.register_blueprint(jury.bp)
