"""Organizer pages for awards (routes on awards.views.bp): recognitions, import, the programme."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..auth import blueprint_requires
from ..editions import local_to_utc, utc_to_local_naive
from ..i18n import current_language
from ..loaders import int_list
from ..models import Edition, User, db
from ..models.awards import Award, AwardCategory, AwardCriterion, AwardProgramme, Nomination
from ..models.vocabulary import StaffRole
from . import service, uploads
from .forms import AwardForm, CategoryForm, CriterionForm, ImportForm, JurorsForm, WindowForm
from .importer import COLUMNS, import_awards

bp = Blueprint("console", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer")

def _current_edition() -> Edition:
    edition = Edition.current()
    if edition is None:
        abort(404)
    return edition


@bp.get("/awards")
def overview():
    edition = Edition.current()
    categories = service.categories_of(edition) if edition else []
    awards = service.find_awards(service.ListingFilter())
    return render_template(
        "awards/console.html",
        edition=edition,
        programme=service.programme_for(edition) if edition else None,
        categories=categories,
        states={c.id: service.nomination_state(c) for c in categories},
        awards=awards,
        counts=service.level_counts(awards),
    )


# ---------------------------------------------------------------- recognitions


@bp.route("/awards/recognitions/new", methods=["GET", "POST"])
@bp.route("/awards/recognitions/<int:award_id>", methods=["GET", "POST"])
def edit_award(award_id: int | None = None):
    award = db.get_or_404(Award, award_id) if award_id else None
    form = AwardForm(obj=award)
    form.edition_id.choices = [(0, _("None (archive only)"))] + [
        (e.id, _("Edition %(number)s · %(year)s", number=e.number, year=e.year)) for e in service.edition_choices()
    ]
    if request.method == "GET" and award is not None:
        form.edition_id.data = award.edition_id or 0
    if form.validate_on_submit():
        logo = None
        upload = form.logo.data
        if upload and getattr(upload, "filename", ""):
            try:
                logo = uploads.check_logo(upload)
            except uploads.UploadError as error:
                form.logo.errors.append(str(error))
        if not form.logo.errors:
            values = {name: getattr(form, name).data for name in service.AWARD_FIELDS}
            _award, replaced_logo = service.save_award(award, values, form.edition_id.data or None, logo=logo)
            db.session.commit()
            uploads.remove(uploads.LOGO_DIR, replaced_logo)
            flash(_("Saved."), "success")
            return redirect(url_for(".overview") + "#recognitions")
    return render_template("awards/award_form.html", form=form, award=award), 422 if form.errors else 200


@bp.post("/awards/recognitions/<int:award_id>/delete")
def delete_award(award_id: int):
    award = db.get_or_404(Award, award_id)
    logo = award.logo_file
    audit.record("award.delete", award, name_en=award.name_en, name_ar=award.name_ar, year=award.year)
    db.session.delete(award)
    db.session.commit()
    uploads.remove(uploads.LOGO_DIR, logo)
    flash(_("The recognition was removed."), "success")
    return redirect(url_for(".overview") + "#recognitions")


@bp.route("/awards/import", methods=["GET", "POST"])
def import_recognitions():
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            form.file.errors.append(_("Please choose a spreadsheet."))
        else:
            result = import_awards(upload.read(uploads.ATTACHMENT_MAX_BYTES))
            db.session.commit()
            if result.saved:
                flash(ngettext("%(num)d recognition was added.", "%(num)d recognitions were added.", result.saved), "success")
    return render_template("awards/import.html", form=form, result=result, columns=COLUMNS)


# ---------------------------------------------------------------- the programme


def _fill_window(form, record, tz: str) -> None:
    form.nominations_open_at.data = utc_to_local_naive(record.nominations_open_at, tz)
    form.nominations_close_at.data = utc_to_local_naive(record.nominations_close_at, tz)


def _apply_window(form, record, tz: str) -> None:
    record.nominations_open_at = local_to_utc(form.nominations_open_at.data, tz)
    record.nominations_close_at = local_to_utc(form.nominations_close_at.data, tz)


@bp.route("/awards/programme", methods=["GET", "POST"])
def edit_programme():
    edition = _current_edition()
    form = WindowForm()
    if request.method == "GET":  # a read: the programme row is made when the window is first saved
        _fill_window(form, service.programme_for(edition) or AwardProgramme(edition_id=edition.id), edition.timezone)
    if form.validate_on_submit():
        programme = service.ensure_programme(edition)
        _apply_window(form, programme, edition.timezone)
        audit.record("award_programme.update", programme, opens=programme.nominations_open_at, closes=programme.nominations_close_at)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".overview"))
    return render_template("awards/programme_form.html", form=form, edition=edition)


@bp.route("/awards/categories/new", methods=["GET", "POST"])
@bp.route("/awards/categories/<int:category_id>/edit", methods=["GET", "POST"])
def edit_category(category_id: int | None = None):
    edition = _current_edition()
    category = db.get_or_404(AwardCategory, category_id) if category_id else None
    tz = (category.edition if category else edition).timezone
    form = CategoryForm(obj=category)
    if request.method == "GET" and category is not None:
        _fill_window(form, category, tz)
    if form.validate_on_submit():
        creating = category is None
        category = category or AwardCategory(edition_id=edition.id)
        for name in ("name_ar", "name_en", "description_ar", "description_en"):
            setattr(category, name, (getattr(form, name).data or "").strip())
        category.position = form.position.data or 0
        _apply_window(form, category, tz)
        db.session.add(category)
        db.session.flush()
        audit.record("award_category.create" if creating else "award_category.update", category, name_en=category.name_en)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".category", category_id=category.id))
    return render_template("awards/category_form.html", form=form, category=category), 422 if form.errors else 200


@bp.get("/awards/categories/<int:category_id>")
def category(category_id: int):
    category = db.get_or_404(AwardCategory, category_id)
    jurors_form = JurorsForm()
    jurors_form.jurors.choices = _jury_choices()
    jurors_form.jurors.data = [a.user_id for a in category.jurors]
    return render_template(
        "awards/category.html",
        category=category,
        state=service.nomination_state(category),
        window=service.nomination_window(category),
        criterion_form=CriterionForm(formdata=None),
        jurors_form=jurors_form,
        ranking=service.category_ranking(category),
        progress={u.id: service.jury_progress(category, u) for u in service.jurors_of(category)},
        jurors=service.jurors_of(category),
    )


def _jury_choices():
    users = db.session.scalars(select(User).where(User.role == StaffRole.JURY, User.active.is_(True)).order_by(User.email))
    return [(u.id, f"{u.name} · {u.email}" if u.name else u.email) for u in users]


def _change_criteria(change, done: str) -> None:
    """Add or remove a criterion, unless the category's jury has closed."""
    try:
        change()
    except service.JuryClosed:
        db.session.rollback()
        flash(_("The jury has closed: the criteria can no longer change."), "error")
    else:
        db.session.commit()
        flash(done, "success")


@bp.post("/awards/categories/<int:category_id>/criteria")
def add_criterion(category_id: int):
    category = db.get_or_404(AwardCategory, category_id)
    form = CriterionForm()
    if not form.validate_on_submit():
        flash(_("The criterion needs names in both languages, a weight from 1 to 100 and a highest score from 1 to 100."), "error")
    else:
        _change_criteria(lambda: service.add_criterion(category, form.name_ar.data, form.name_en.data,
                                                       form.weight.data, form.max_score.data), _("Criterion added."))
    return redirect(url_for(".category", category_id=category.id) + "#criteria")


@bp.post("/awards/criteria/<int:criterion_id>/delete")
def delete_criterion(criterion_id: int):
    criterion = db.get_or_404(AwardCriterion, criterion_id)
    category_id = criterion.category_id
    _change_criteria(lambda: service.delete_criterion(criterion), _("Criterion removed."))
    return redirect(url_for(".category", category_id=category_id) + "#criteria")


@bp.post("/awards/categories/<int:category_id>/jurors")
def set_jurors(category_id: int):
    category = db.get_or_404(AwardCategory, category_id)
    form = JurorsForm()
    form.jurors.choices = _jury_choices()
    if form.validate_on_submit():
        service.set_jurors(category, set(form.jurors.data or []))
        db.session.commit()
        flash(_("Jury members saved."), "success")
    else:
        flash(_("Please choose jury members from the list."), "error")
    return redirect(url_for(".category", category_id=category.id) + "#jury")


@bp.post("/awards/categories/<int:category_id>/close")
def close_jury(category_id: int):
    category = db.get_or_404(AwardCategory, category_id)
    if request.form.get("reopen"):
        service.reopen_jury(category)
        flash(_("The jury is open again: jury members can change their scores."), "success")
    else:
        service.close_jury(category)
        flash(_("The jury is closed: scores are final and visible to every jury member of this category."), "success")
    db.session.commit()
    return redirect(url_for(".category", category_id=category.id) + "#ranking")


@bp.post("/awards/categories/<int:category_id>/announce")
def announce(category_id: int):
    category = db.get_or_404(AwardCategory, category_id)
    if category.jury_closed_at is None:
        flash(_("Close the jury before announcing the winners."), "error")
        return redirect(url_for(".category", category_id=category.id) + "#ranking")
    chosen = set(int_list(request.form.getlist("winner")))
    winners = service.announce_winners(category, chosen)
    db.session.commit()
    if winners:
        flash(_("Winners announced. They now appear in the public awards listing."), "success")
    else:
        flash(_("No winner is announced for this category."), "info")
    return redirect(url_for(".category", category_id=category.id) + "#ranking")


@bp.get("/awards/nominations/<int:nomination_id>")
def nomination(nomination_id: int):
    nomination = db.get_or_404(Nomination, nomination_id)
    scores = service.visible_scores(current_user, nomination)
    return render_template(
        "awards/nomination.html", nomination=nomination, category=nomination.category,
        scores=scores, language=current_language(),
    )
