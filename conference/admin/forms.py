import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from ..badges.layouts import layout_choices
from ..identity import MIN_CONTRAST, PRIVACY_PARTS, normalize_color, readable_brand_color, weakest_contrast

REQUIRED = _l("This field is required.")


def _e164(value: str | None) -> str:
    """A phone number in E.164 (Saudi numbers may be written the local way), or ValidationError."""
    text = "".join(str(int(c)) if c.isdigit() else c for c in (value or "").strip())
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "SA")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Enter a valid phone number, like 0126000000 or +966126000000."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
    # The forum's identity (conference.identity)
    forum_name_ar = StringField(_l("Forum name (Arabic)"), validators=[Optional(), Length(max=200)])
    forum_name_en = StringField(_l("Forum name (English)"), validators=[Optional(), Length(max=200)])
    short_name_ar = StringField(_l("Short name (Arabic)"), validators=[Optional(), Length(max=80)])
    short_name_en = StringField(_l("Short name (English)"), validators=[Optional(), Length(max=80)])
    host_logo_file = FileField(_l("Host logo (PNG, JPEG or WebP, up to 2 MB)"))
    organizer_logo_file = FileField(_l("Organizer logo (PNG, JPEG or WebP, up to 2 MB)"))
    host_logo_remove = BooleanField(_l("Remove the host logo"))
    organizer_logo_remove = BooleanField(_l("Remove the organizer logo"))
    brand_color = StringField(_l("Brand colour (like #0b6e4f; empty: the default green)"),
                              validators=[Optional(), Length(max=7)])
    contact_email = StringField(_l("Contact email"),
                                validators=[Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)])
    contact_phone = StringField(_l("Telephone for enquiries"), validators=[Optional(), Length(max=30)])
    contact_whatsapp = StringField(_l("WhatsApp number"), validators=[Optional(), Length(max=30)])
    contact_address_ar = StringField(_l("Address (Arabic)"), validators=[Optional(), Length(max=300)])
    contact_address_en = StringField(_l("Address (English)"), validators=[Optional(), Length(max=300)])
    map_url = StringField(_l("Map link (https://…)"), validators=[Optional(), Length(max=500)])
    official_name_ar = StringField(_l("Issuing official's name (Arabic)"), validators=[Optional(), Length(max=200)])
    official_name_en = StringField(_l("Issuing official's name (English)"), validators=[Optional(), Length(max=200)])
    official_title_ar = StringField(_l("Issuing official's title (Arabic)"), validators=[Optional(), Length(max=200)])
    official_title_en = StringField(_l("Issuing official's title (English)"), validators=[Optional(), Length(max=200)])
    signature_image_file = FileField(_l("Signature (PNG with a transparent background, JPEG or WebP, up to 2 MB)"))
    seal_image_file = FileField(_l("Seal (PNG with a transparent background, JPEG or WebP, up to 2 MB)"))
    signature_image_remove = BooleanField(_l("Remove the signature"))
    seal_image_remove = BooleanField(_l("Remove the seal"))

    def validate_brand_color(self, field):
        try:
            field.data = normalize_color(field.data)
        except ValueError:
            raise ValidationError(_l("Write the colour as # and six hexadecimal digits, like #0b6e4f.")) from None
        if field.data and not readable_brand_color(field.data):
            raise ValidationError(_l(
                "This colour is too light: white text on it, and it on the page, must have a contrast of at least "
                "%(needed)s:1 (WCAG AA); it has %(ratio)s:1. Choose a darker colour.",
                needed=MIN_CONTRAST, ratio=f"{weakest_contrast(field.data):.1f}"))

    def validate_contact_phone(self, field):
        field.data = _e164(field.data)

    def validate_contact_whatsapp(self, field):
        field.data = _e164(field.data)

    def validate_map_url(self, field):
        if field.data and not field.data.strip().startswith("https://"):
            raise ValidationError(_l("A map link starts with https://."))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))


PRIVACY_LABELS = {
    "controller": (_l("Data controller (Arabic)"), _l("Data controller (English)")),
    "purposes": (_l("Purposes (Arabic)"), _l("Purposes (English)")),
    "legal_basis": (_l("Legal basis (Arabic)"), _l("Legal basis (English)")),
    "retention": (_l("Retention period (Arabic)"), _l("Retention period (English)")),
    "recipients": (_l("Recipients (Arabic)"), _l("Recipients (English)")),
    "rights": (_l("Data subjects' rights and how to exercise them (Arabic)"),
               _l("Data subjects' rights and how to exercise them (English)")),
    "dpo": (_l("Data protection officer's contact (Arabic)"), _l("Data protection officer's contact (English)")),
}
for _part in PRIVACY_PARTS:
    for _lang, _label in zip(("ar", "en"), PRIVACY_LABELS[_part], strict=True):
        setattr(EditionForm, f"privacy_{_part}_{_lang}", TextAreaField(_label, validators=[Optional(), Length(max=3000)]))


class NewEditionForm(EditionForm):
    carry_over = BooleanField(_l("Start with the current edition's partners and questions (FAQ)"), default=True)
