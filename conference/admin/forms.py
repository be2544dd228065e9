from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..badges.layouts import layout_choices

REQUIRED = _l("This field is required.")


def timezone_choices():
    zones = ("Asia/Riyadh", "Asia/Dubai", "Asia/Kuwait", "Asia/Qatar", "Asia/Bahrain", "Asia/Muscat", "Africa/Cairo", "Asia/Amman", "UTC")
    return [(z, z) for z in zones]


class EditionForm(FlaskForm):
    number = IntegerField(_l("Edition number"), validators=[DataRequired(REQUIRED), NumberRange(min=1, max=999)])
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED), NumberRange(min=2000, max=2100)])
    title_ar = StringField(_l("Title (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    theme_ar = StringField(_l("Theme (Arabic)"), validators=[Optional(), Length(max=300)])
    theme_en = StringField(_l("Theme (English)"), validators=[Optional(), Length(max=300)])
    venue_ar = StringField(_l("Venue (Arabic)"), validators=[Optional(), Length(max=300)])
    venue_en = StringField(_l("Venue (English)"), validators=[Optional(), Length(max=300)])
    city_ar = StringField(_l("City (Arabic)"), validators=[Optional(), Length(max=120)])
    city_en = StringField(_l("City (English)"), validators=[Optional(), Length(max=120)])
    patron_ar = TextAreaField(_l("Patron (Arabic)"), validators=[Optional(), Length(max=1000)])
    patron_en = TextAreaField(_l("Patron (English)"), validators=[Optional(), Length(max=1000)])
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Please enter a valid date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Please enter a valid date."))])
    timezone = SelectField(_l("Time zone"), choices=timezone_choices)
    capacity = IntegerField(_l("Capacity (seats)"), validators=[DataRequired(REQUIRED), NumberRange(min=1, max=100000)])
    waitlist_enabled = BooleanField(_l("Keep a waitlist when full"))
    approval_required = BooleanField(_l("Registrations need an organizer's approval"))
    registration_opens_at = DateTimeLocalField(_l("Registration opens (local time)"), validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes (local time)"), validators=[Optional()])
    badge_layout = SelectField(_l("Default badge layout"), choices=layout_choices)

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))
