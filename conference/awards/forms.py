from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models.vocabulary import AwardLevel

REQUIRED = _l("This field is required.")



def level_choices():
    return AwardLevel.choices()


def _either(form, first, second, *, message):
    if not (getattr(form, first).data or "").strip() and not (getattr(form, second).data or "").strip():
        raise ValidationError(message)


class AwardForm(FlaskForm):
    name_ar = StringField(_l("Award name (Arabic)"), validators=[Optional(), Length(max=300)])
    name_en = StringField(_l("Award name (English)"), validators=[Optional(), Length(max=300)])
    body_ar = StringField(_l("Granting body (Arabic)"), validators=[Optional(), Length(max=300)])
    body_en = StringField(_l("Granting body (English)"), validators=[Optional(), Length(max=300)])
    level = SelectField(_l("Level"), choices=level_choices)
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED), NumberRange(min=1950, max=2100)])
    recipient_ar = StringField(_l("Recipient organization (Arabic)"), validators=[Optional(), Length(max=300)])
    recipient_en = StringField(_l("Recipient organization (English)"), validators=[Optional(), Length(max=300)])
    category_ar = StringField(_l("Category (Arabic)"), validators=[Optional(), Length(max=200)])
    category_en = StringField(_l("Category (English)"), validators=[Optional(), Length(max=200)])
    description_ar = TextAreaField(_l("Description (Arabic)"), validators=[Optional(), Length(max=3000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=3000)])
    edition_id = SelectField(_l("Listed under edition"), coerce=int, default=0)
    logo = FileField(_l("Logo (PNG, JPEG, WebP or GIF, up to 1 MB)"))

    def validate_name_ar(self, field):
        _either(self, "name_ar", "name_en", message=_l("Enter the award's name in Arabic or English."))

    def validate_recipient_ar(self, field):
        _either(self, "recipient_ar", "recipient_en", message=_l("Enter the recipient organization in Arabic or English."))

    def validate_body_ar(self, field):
        _either(self, "body_ar", "body_en", message=_l("Enter the granting body in Arabic or English."))


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx)"))


class WindowForm(FlaskForm):
    nominations_open_at = DateTimeLocalField(_l("Nominations open (local time)"), validators=[Optional()])
    nominations_close_at = DateTimeLocalField(_l("Nominations close (local time)"), validators=[Optional()])

    def validate_nominations_close_at(self, field):
        opens = self.nominations_open_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Nominations must close after they open."))


class CategoryForm(WindowForm):
    name_ar = StringField(_l("Category name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Category name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description_ar = TextAreaField(_l("Description (Arabic)"), validators=[Optional(), Length(max=3000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=3000)])
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])


class CriterionForm(FlaskForm):
    name_ar = StringField(_l("Criterion (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Criterion (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    weight = IntegerField(_l("Weight"), default=1, validators=[DataRequired(REQUIRED), NumberRange(min=1, max=100)])
    max_score = IntegerField(_l("Highest score"), default=10, validators=[DataRequired(REQUIRED), NumberRange(min=1, max=100)])


class JurorsForm(FlaskForm):
    jurors = SelectMultipleField(
        _l("Jury members"), coerce=int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )


class NominationForm(FlaskForm):
    category_id = SelectField(_l("Award category"), coerce=int, validators=[DataRequired(_l("Please choose a category."))])
    organization_ar = StringField(_l("Organization name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    organization_en = StringField(_l("Organization name (English)"), validators=[Optional(), Length(max=300)])
    title = StringField(_l("Initiative or service nominated"), validators=[DataRequired(REQUIRED), Length(max=300)])
    description = TextAreaField(
        _l("Description"),
        description=_l("What it does, for whom, and the results achieved (up to 4,000 characters)."),
        validators=[DataRequired(REQUIRED), Length(min=30, max=4000, message=_l("Please write between 30 and 4,000 characters."))],
    )
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(REQUIRED), Length(max=200)])
    contact_email = EmailField(
        _l("Contact email"),
        validators=[DataRequired(REQUIRED), Email(_l("Please enter a valid email address.")), Length(max=254)],
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    attachment = FileField(_l("Supporting document (PDF, up to 5 MB, optional)"))
