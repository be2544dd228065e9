"""The edition's partners and sponsors, and its FAQ, kept by the organizers: add, edit, delete
(after a confirmation page) and move up or down. Both lists keep their order in `position`."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import func, select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import audit, confirmation
from ..auth import blueprint_requires
from ..identity import edition_partners, faq_entries, store_reencoded, tier_labels
from ..loaders import current_edition_or_404
from ..models import db
from ..models.identity import PARTNER_TIERS, FaqEntry, Partner
from .forms import REQUIRED
from .uploads import ImageRefused, checked_upload

bp = Blueprint("showcase", __name__)
blueprint_requires(bp, "organizer", "admin")


class PartnerForm(FlaskForm):
    name_ar = StringField(_l("Name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    tier = SelectField(_l("Tier"), choices=lambda: [(t, tier_labels()[t]) for t in PARTNER_TIERS])
    logo_file = FileField(_l("Logo (PNG, JPEG or WebP, up to 2 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))
    website = StringField(_l("Website (https://…)"), validators=[Optional(), Length(max=500)])

    def validate_website(self, field):
        field.data = (field.data or "").strip()
        if field.data and not field.data.startswith("https://"):
            raise ValidationError(_l("A website link starts with https://."))


class FaqForm(FlaskForm):
    question_ar = StringField(_l("Question (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    question_en = StringField(_l("Question (English)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    answer_ar = TextAreaField(_l("Answer (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=3000)])
    answer_en = TextAreaField(_l("Answer (English)"), validators=[DataRequired(REQUIRED), Length(max=3000)])


# Each list: its model, its form, its rows in the shown order, and its console page.
LISTS = {
    "partner": (Partner, PartnerForm, edition_partners, ".partners"),
    "faq": (FaqEntry, FaqForm, faq_entries, ".faq"),
}


def _row(kind: str, row_id: int):
    model = LISTS[kind][0]
    row = db.session.get(model, row_id)
    if row is None or row.edition_id != current_edition_or_404().id:
        abort(404)
    return row


def _next_position(model, edition_id: int) -> int:
    return (db.session.scalar(select(func.max(model.position)).where(model.edition_id == edition_id)) or 0) + 1


def _text_values(form) -> dict:
    return {name: (field.data or "").strip() for name, field in form._fields.items()
            if name not in ("csrf_token", "remove_logo") and not name.endswith("_file")}


def _save(kind: str, row, form) -> None:
    """Apply the form to `row` (a new one when None), audited; ImageRefused changes nothing."""
    model = LISTS[kind][0]
    values = _text_values(form)
    if "logo_file" in form:
        png = checked_upload(form.logo_file)
        if png is not None:
            values["logo"] = store_reencoded(png)
        elif form.remove_logo.data:
            values["logo"] = ""
    if row is None:
        edition = current_edition_or_404()
        row = model(edition_id=edition.id, position=_next_position(model, edition.id), **values)
        db.session.add(row)
        db.session.flush()
        audit.record(f"{kind}.create", row, **values)
    else:
        audit.update(f"{kind}.update", row, values)
    db.session.commit()


def _edit(kind: str, row_id: int | None, template: str):
    model, form_class, _rows, back = LISTS[kind]
    row = _row(kind, row_id) if row_id else None
    form = form_class(obj=row)
    if form.validate_on_submit():
        try:
            _save(kind, row, form)
        except ImageRefused as refused:
            db.session.rollback()
            refused.show()
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(back))
    return render_template(template, form=form, row=row, edition=current_edition_or_404())


def _delete(kind: str, row_id: int, name: str):
    back = url_for(LISTS[kind][3])
    row = _row(kind, row_id)
    if not confirmation.confirmed():
        return confirmation.ask(_("Delete “%(name)s”?", name=name(row)),
                                [_("It disappears from the landing page at once. This cannot be undone.")],
                                _("Yes, delete it"), back=back)
    audit.record(f"{kind}.delete", row, name=name(row))
    db.session.delete(row)
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(back)


def _move(kind: str, row_id: int, step: int):
    """Swap the row with its neighbour in the shown order (step -1: up, +1: down)."""
    model, _form, rows_of, back = LISTS[kind]
    row = _row(kind, row_id)
    rows = rows_of(current_edition_or_404())
    if kind == "partner":  # partners move within their tier
        rows = [r for r in rows if r.tier == row.tier]
    index = rows.index(row)
    if 0 <= index + step < len(rows):
        for position, each in enumerate(rows, start=1):
            each.position = position
        other = rows[index + step]
        row.position, other.position = other.position, row.position
        audit.record(f"{kind}.move", row, position=row.position)
        db.session.commit()
    return redirect(url_for(back) + f"#{kind}-{row.id}")


def _direction() -> int:
    return -1 if request.form.get("direction") == "up" else 1


@bp.get("/partners")
def partners():
    edition = current_edition_or_404()
    return render_template("admin/partners.html", partners=edition_partners(edition), tier_label=tier_labels().get,
                           edition=edition)


@bp.route("/partners/new", methods=["GET", "POST"])
@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
def edit_partner(partner_id: int | None = None):
    return _edit("partner", partner_id, "admin/partner_form.html")


@bp.post("/partners/<int:partner_id>/delete")
def delete_partner(partner_id: int):
    return _delete("partner", partner_id, lambda p: p.name_ar or p.name_en)


@bp.post("/partners/<int:partner_id>/move")
def move_partner(partner_id: int):
    return _move("partner", partner_id, _direction())


@bp.get("/faq")
def faq():
    edition = current_edition_or_404()
    return render_template("admin/faq.html", entries=faq_entries(edition), edition=edition)


@bp.route("/faq/new", methods=["GET", "POST"])
@bp.route("/faq/<int:entry_id>", methods=["GET", "POST"])
def edit_faq(entry_id: int | None = None):
    return _edit("faq", entry_id, "admin/faq_form.html")


@bp.post("/faq/<int:entry_id>/delete")
def delete_faq(entry_id: int):
    return _delete("faq", entry_id, lambda e: e.question_ar or e.question_en)


@bp.post("/faq/<int:entry_id>/move")
def move_faq(entry_id: int):
    return _move("faq", entry_id, _direction())
