"""Public registration forms. The rules live in validation.py; the forms only carry the fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField

from ..models.vocabulary import RegistrationSource, Sector
from .validation import HONORIFIC_LABELS, MAX_LENGTHS, clean_details, clean_email, clean_registration, clean_text

LANGUAGE_CHOICES = [("ar", "العربية"), ("en", "English")]


def _text(label, length, **attrs):
    return StringField(label, render_kw={"maxlength": length, **attrs})


class DetailsForm(FlaskForm):
    """The participant's details, as on the sign-up form and the self-service edit page."""

    honorific = SelectField(_l("Title"), choices=[("", _l("None"))] + list(HONORIFIC_LABELS.items()),
                            validate_choice=False)
    name_ar = _text(_l("Name in Arabic"), MAX_LENGTHS["name_ar"], dir="rtl", lang="ar", autocomplete="name",
                    autocapitalize="words", spellcheck="false")
    name_en = _text(_l("Name in English"), MAX_LENGTHS["name_en"], dir="ltr", lang="en", autocomplete="name",
                    autocapitalize="words", spellcheck="false")
    email = EmailField(_l("Email"), render_kw={"maxlength": MAX_LENGTHS["email"], "dir": "ltr", "inputmode": "email",
                                              "autocomplete": "email", "autocapitalize": "off", "spellcheck": "false"})
    phone = TelField(_l("Mobile number"), description=_l("Saudi numbers as 05xxxxxxxx; other countries with + and the country code."),
                     render_kw={"maxlength": 30, "dir": "ltr", "inputmode": "tel", "autocomplete": "tel", "placeholder": "05xxxxxxxx"})
    organization = _text(_l("Organization"), MAX_LENGTHS["organization"], autocomplete="organization")
    job_title = _text(_l("Job title"), MAX_LENGTHS["job_title"], autocomplete="organization-title")
    sector = SelectField(_l("Sector"), choices=[("", _l("Choose your sector"))] + Sector.choices(), validate_choice=False)
    city = _text(_l("City"), MAX_LENGTHS["city"], autocomplete="address-level2")
    language = SelectField(_l("Preferred language for messages"), choices=LANGUAGE_CHOICES, validate_choice=False)

    cleaned: dict = {}

    def raw_values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "website")}

    def clean(self) -> tuple[dict, dict]:
        return clean_details(self.raw_values())

    def validate(self, extra_validators=None) -> bool:
        """CSRF first, then the shared registration rules; their messages go on the fields."""
        if not super().validate(extra_validators):
            return False
        self.cleaned, errors = self.clean()
        for name, message in errors.items():
            getattr(self, name).errors.append(message)
        return not errors


class RegistrationForm(DetailsForm):
    consent = BooleanField(_l("I have read the privacy notice and agree that my details are used to run the forum."))
    # Hidden from people; bots that fill every field give themselves away.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})

    def clean(self) -> tuple[dict, dict]:
        return clean_registration(self.raw_values(), source=RegistrationSource.ONLINE)

    def is_bot(self) -> bool:
        return bool(clean_text(self.website.data))


class LinkForm(FlaskForm):
    email = EmailField(_l("Email"), render_kw={"maxlength": MAX_LENGTHS["email"], "dir": "ltr", "inputmode": "email",
                                              "autocomplete": "email", "autocapitalize": "off", "spellcheck": "false"})
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})

    cleaned_email = ""

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.cleaned_email, error = clean_email(self.email.data)
        if error:
            self.email.errors.append(error)
        return not error


class ConfirmForm(FlaskForm):
    """A button that needs only the CSRF token (cancel)."""
