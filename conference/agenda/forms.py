import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..loaders import whole_number
from ..models.vocabulary import SessionKind

REQUIRED = _l("This field is required.")
VALID_DATETIME = DataRequired(_l("Enter a valid date and time."))
# What browsers send from <input type="datetime-local">; the first is also how values are shown.
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")



def kind_choices():
    return SessionKind.choices()


def optional_int(value):
    if value in (None, "", "None"):
        return None
    number = whole_number(value)
    if number is None:
        raise ValueError("not a whole number")
    return number


class RoomForm(FlaskForm):
    name_ar = StringField(_l("Name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    capacity = IntegerField(_l("Capacity (seats)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    position = IntegerField(_l("Order on the agenda"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])


class TrackForm(FlaskForm):
    name_ar = StringField(_l("Name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    color = StringField(_l("Colour"), default="#0b6e4f", description=_l("A colour as #rrggbb, for example #0b6e4f."))

    def validate_color(self, field):
        if not COLOR_RE.match((field.data or "").strip()):
            raise ValidationError(_l("Enter a colour as # followed by six hexadecimal digits, for example #0b6e4f."))


class SpeakerForm(FlaskForm):
    name_ar = StringField(_l("Name (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    title_ar = StringField(_l("Title (Arabic)"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    organization_ar = StringField(_l("Organization (Arabic)"), validators=[Optional(), Length(max=200)])
    organization_en = StringField(_l("Organization (English)"), validators=[Optional(), Length(max=200)])
    bio_ar = TextAreaField(_l("Short biography (Arabic)"), validators=[Optional(), Length(max=2000)])
    bio_en = TextAreaField(_l("Short biography (English)"), validators=[Optional(), Length(max=2000)])
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP, up to 2 MB."))
    remove_photo = BooleanField(_l("Remove the current photo"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=kind_choices)
    title_ar = StringField(_l("Title (Arabic)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    description_ar = TextAreaField(_l("Description (Arabic)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    starts_at = DateTimeLocalField(_l("Starts (local time)"), format=LOCAL_FORMATS, validators=[VALID_DATETIME])
    ends_at = DateTimeLocalField(_l("Ends (local time)"), format=LOCAL_FORMATS, validators=[VALID_DATETIME])
    room_id = SelectField(_l("Room"), coerce=optional_int, validate_choice=True)
    track_id = SelectField(_l("Track"), coerce=optional_int, validate_choice=True)
    speaker_ids = MultiCheckboxField(_l("Speakers"), coerce=int)
    moderator_id = SelectField(_l("Moderator"), coerce=optional_int, validate_choice=True)
    seat_limit = IntegerField(_l("Seat limit"), validators=[Optional(), NumberRange(min=1, max=100000)],
                              description=_l("Leave empty for no limit. Participants sign up for sessions with a limit."))
    published = BooleanField(_l("Published on the public agenda"))
    save_anyway = BooleanField(_l("Save anyway, despite the warnings above"))

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The session must end after it starts."))
