"""Organizer forms of the call for experiences (the public form is cleaned by service.clean_submission)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")


class CallForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("The call opens (local time)"), validators=[Optional()])
    closes_at = DateTimeLocalField(_l("The call closes (local time)"), validators=[Optional()])
    theme_ar = StringField(_l("Theme of the year (Arabic)"), validators=[Optional(), Length(max=300)])
    theme_en = StringField(_l("Theme of the year (English)"), validators=[Optional(), Length(max=300)])
    blind_review = BooleanField(_l("Blind review: reviewers do not see the entity or the presenters' names"))
    slides_due_at = DateTimeLocalField(_l("Final slides due (local time)"), validators=[Optional()])
    # Values are track ids; none ticked means every track of the edition.
    tracks = SelectMultipleField(
        _l("Tracks the call accepts (none ticked: every track)"), coerce=int,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
    )

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The call must close after it opens."))


class CriterionForm(FlaskForm):
    name_ar = StringField(_l("Criterion (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Criterion (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    weight = IntegerField(_l("Weight"), default=1, validators=[DataRequired(REQUIRED), NumberRange(min=1, max=100)])
    max_score = IntegerField(_l("Highest score"), default=10, validators=[DataRequired(REQUIRED), NumberRange(min=1, max=100)])


class ReviewersForm(FlaskForm):
    """Checkbox values are "user id:track id", or "user id:all" for every track."""

    reviewers = SelectMultipleField(
        _l("Reviewers"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
