"""The administrator's edition pages: the current edition's settings and starting a new edition. Guarded once."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import confirmation
from ..auth import blueprint_requires
from ..editions import EditionError, apply_changes, carry_over_showcase, local_to_utc, start_new_edition, utc_to_local_naive
from ..identity import IDENTITY_FIELDS, IMAGE_FIELDS, load_logo, store_reencoded
from ..loaders import current_edition_or_404
from ..mail import deliver_soon
from ..models import Edition, db
from .forms import EditionForm, NewEditionForm
from .uploads import ImageRefused, checked_upload

bp = Blueprint("edition", __name__)
blueprint_requires(bp, "admin")


def _form_values(form: EditionForm) -> dict:
    values = {name: field.data for name, field in form._fields.items()
              if name not in ("csrf_token", "carry_over") and not name.endswith(("_file", "_remove"))}
    for name in ("registration_opens_at", "registration_closes_at"):
        values[name] = local_to_utc(values[name], values["timezone"])
    for name in ("theme_ar", "theme_en", "venue_ar", "venue_en", "city_ar", "city_en", "patron_ar", "patron_en",
                 *IDENTITY_FIELDS):
        values[name] = (values[name] or "").strip()
    return values


@bp.route("/edition", methods=["GET", "POST"])
def edit_edition():
    edition = current_edition_or_404()
    form = EditionForm(obj=edition)
    if request.method == "GET":
        for name in ("registration_opens_at", "registration_closes_at"):
            getattr(form, name).data = utc_to_local_naive(getattr(edition, name), edition.timezone)
    if form.validate_on_submit():
        values = _form_values(form)
        if values["number"] != edition.number and _number_taken(values["number"]):
            form.number.errors.append(_("Another edition already has this number."))
        elif (uploaded := _uploaded_or_refused(form)) is not None:
            values |= {name: uploaded.get(name) or _kept_image(name) or _unless_removed(form, name, getattr(edition, name))
                       for name in IMAGE_FIELDS}
            try:
                if not confirmation.confirmed() and (question := _ask_before_promoting(edition, values)):
                    return question
                changed = apply_changes(edition, values)
            except EditionError:
                _refused_as_invalid()
            else:
                db.session.commit()
                deliver_soon()  # emails to people a raised capacity took off the waitlist
                flash(_("Saved.") if changed else _("Nothing changed."), "success")
                return redirect(url_for(".edit_edition"))
    return render_template("admin/edition_form.html", form=form, edition=edition, creating=False)


def _ask_before_promoting(edition: Edition, values: dict):
    """A raised capacity gives seats to the waiting list and emails them: say how many first."""
    before = edition.capacity
    effects = confirmation.rehearse(lambda: apply_changes(edition, values))
    if not effects.promoted:
        return None
    lines = [_("Capacity goes from %(old)d to %(new)d seats.", old=before, new=values["capacity"]),
             *confirmation.effect_lines(effects)]
    keep = {f"kept_{name}": values[name] for name in IMAGE_FIELDS if values[name] != getattr(edition, name)}
    return confirmation.ask(_("Give the new seats to the waiting list?"), lines,
                            _("Yes, save and give the seats"), back=url_for(".edit_edition"), keep=keep)


def _kept_image(name: str) -> str:
    """An image uploaded with the first post of a change that asked for confirmation."""
    stored = request.form.get(f"kept_{name}", "")
    return stored if load_logo(stored) is not None else ""


def _unless_removed(form: EditionForm, name: str, stored: str) -> str:
    """The image kept from before, or none when the organizer ticked its "remove" box."""
    return "" if form[f"{name}_remove"].data else stored


def _uploaded_or_refused(form: EditionForm) -> dict[str, str] | None:
    """{column: stored name} of the images uploaded with the form; none is stored unless all pass,
    and a refused one is named under its field (None)."""
    try:
        checked = {name: checked_upload(form[f"{name}_file"]) for name in IMAGE_FIELDS}
    except ImageRefused as refused:
        refused.show()
        return None
    return {name: store_reencoded(png) for name, png in checked.items() if png is not None}


def _refused_as_invalid() -> None:
    db.session.rollback()
    flash(_("Some of the information is not valid."), "error")


def _number_taken(number: int) -> bool:
    return db.session.scalar(select(func.count()).where(Edition.number == number)) > 0


@bp.route("/editions/new", methods=["GET", "POST"])
def new_edition():
    previous = Edition.current()
    form = NewEditionForm()
    if request.method == "GET" and previous:
        form.number.data = previous.number + 1
        form.year.data = previous.year + 1
        for name in ("title_ar", "title_en", "city_ar", "city_en", "venue_ar", "venue_en", "timezone", "capacity", "badge_layout",
                     *IDENTITY_FIELDS):
            getattr(form, name).data = getattr(previous, name)
        form.waitlist_enabled.data = True
    if form.validate_on_submit():
        values = _form_values(form)
        if _number_taken(values["number"]):
            form.number.errors.append(_("Another edition already has this number."))
        elif (uploaded := _uploaded_or_refused(form)) is not None:
            values |= {name: uploaded.get(name) or _unless_removed(form, name, getattr(previous, name, ""))
                       for name in IMAGE_FIELDS}
            try:
                edition = start_new_edition(values)
                if previous and form.carry_over.data:
                    carry_over_showcase(previous, edition)
            except EditionError:
                _refused_as_invalid()
            else:
                db.session.commit()
                flash(_("The new edition is now current. Earlier editions are in the archive."), "success")
                return redirect(url_for("admin.dashboard"))
    return render_template("admin/edition_form.html", form=form, edition=None, creating=True)
