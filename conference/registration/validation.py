"""Cleaning and validating registration data, in one place.

The public form, the JSON API and the organizers' import all call

    clean_registration(data, source="online") -> (cleaned, errors)

`data` maps the API's field names (honorific, name_ar, name_en, email, phone, organization,
job_title, sector, city, language, consent) to raw values (strings, or booleans for
consent). `cleaned` holds the values ready for register_participant(); `errors` maps a
field name to a message in the current language. Nothing is saved here.

Online sign-ups must give a phone, an organization and consent to the privacy notice;
other sources (import, organizer) need only a name and an email, and a walk-in at the desk
only a name.
"""

import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..models.people import HONORIFICS
from ..models.vocabulary import RegistrationSource, Sector

FIELDS = ("honorific", "name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city", "language", "consent")
# Column sizes of models.people.Participant.
MAX_LENGTHS = {"name_ar": 200, "name_en": 200, "email": 254, "organization": 200, "job_title": 200, "city": 120}
LANGUAGES = ("ar", "en")
DEFAULT_PHONE_REGION = "SA"

HONORIFIC_LABELS = {
    "dr": _l("Dr. (doctor)"),
    "eng": _l("Eng. (engineer)"),
    "prof": _l("Prof. (professor)"),
    "mr": _l("Mr."),
    "ms": _l("Ms."),
}
assert set(HONORIFIC_LABELS) == set(HONORIFICS)

# What each field is called on forms, in import errors and in a participant's history.
FIELD_LABELS = {
    "honorific": _l("Title"),
    "name_ar": _l("Name in Arabic"),
    "name_en": _l("Name in English"),
    "email": _l("Email"),
    "phone": _l("Mobile number"),
    "organization": _l("Organization"),
    "job_title": _l("Job title"),
    "sector": _l("Sector"),
    "city": _l("City"),
    "language": _l("Preferred language"),
    "category": _l("Category"),
    "consent": _l("Consent"),
    "status": _l("Status"),
}

# Characters that change the display order of text (embeddings, overrides, isolates, marks).
BIDI_CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Punctuation a person's name may hold besides letters, combining marks and spaces.
NAME_PUNCTUATION = set(".-'\u2019\u02bc()\u060c,")
TRUE_WORDS = {"1", "true", "yes", "y", "on"}


def clean_text(value) -> str:
    """Text without control or direction-override characters, spaces collapsed and trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS or category == "Cs" or (category in ("Cc", "Cf") and char not in "\t\n\r"):
            continue
        kept.append(char)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def has_letter(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)


def _name_error(name: str) -> str | None:
    if len(name) > MAX_LENGTHS["name_ar"]:
        return _("The name is too long (at most %(max)d characters).", max=MAX_LENGTHS["name_ar"])
    if not has_letter(name):
        return _("A name needs letters.")
    for char in name:
        category = unicodedata.category(char)
        if not (category[0] in "LM" or char == " " or char in NAME_PUNCTUATION):
            return _("A name may hold letters, spaces, dots and hyphens only.")
    return None


def _text_error(field: str, text: str) -> str | None:
    if len(text) > MAX_LENGTHS[field]:
        return _("This is too long (at most %(max)d characters).", max=MAX_LENGTHS[field])
    if "<" in text or ">" in text:
        return _("Please remove the < and > signs.")
    return None


def clean_email(value) -> tuple[str, str | None]:
    text = clean_text(value)
    if not text:
        return "", _("Enter your email address.")
    if len(text) > MAX_LENGTHS["email"]:
        return text, _("This email address is too long.")
    try:
        return validate_email(text, check_deliverability=False).normalized, None
    except EmailNotValidError:
        return text, _("Enter a valid email address, like name@example.com.")


def _western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as 0-9, so ٠٥٥ reads as 055."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)


def clean_phone(value) -> tuple[str, str | None]:
    """A mobile number in E.164; Saudi numbers may be written the local way (05…)."""
    text = _western_digits(clean_text(value))
    if not text:
        return "", _("Enter your mobile number.")
    if text.startswith("00"):
        text = "+" + text[2:]
    message = _("Enter a valid mobile number, like 05xxxxxxxx, or +country code and number for other countries.")
    if len(text) > 30:
        return text, message
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return text, message
    mobile_types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in mobile_types:
        return text, message
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def is_consent(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE_WORDS


def clean_registration(data: dict, *, source: str = RegistrationSource.ONLINE) -> tuple[dict, dict]:
    """(cleaned values, {field: message}) for one registration; see the module docstring."""
    cleaned: dict = {}
    errors: dict = {}
    online = source == RegistrationSource.ONLINE

    honorific = clean_text(data.get("honorific")).lower().rstrip(".")
    if not honorific or honorific in HONORIFICS:
        cleaned["honorific"] = honorific
    else:
        errors["honorific"] = _("Choose a title from the list, or none.")

    for field in ("name_ar", "name_en"):
        cleaned[field] = clean_text(data.get(field))
        if cleaned[field] and (error := _name_error(cleaned[field])):
            errors[field] = error
    if not cleaned["name_ar"] and not cleaned["name_en"]:
        # Words for who is filling in: the registrant, desk staff for a guest, or an organizer's file.
        errors["name_ar"] = errors["name_en"] = {
            "online": _("Enter your name in Arabic or in English (or both)."),
            "walk_in": _("Enter the guest's name in Arabic or in English (or both)."),
        }.get(source, _("The name is missing: give it in Arabic or in English (or both)."))

    if source == RegistrationSource.WALK_IN and not clean_text(data.get("email")):
        cleaned["email"] = None  # a guest at the door may have no address at hand
    elif not online and not clean_text(data.get("email")):
        cleaned["email"], errors["email"] = "", _("The email address is missing.")
    else:
        cleaned["email"], error = clean_email(data.get("email"))
        if error:
            errors["email"] = error

    raw_phone = data.get("phone")
    if online or clean_text(raw_phone):
        cleaned["phone"], error = clean_phone(raw_phone)
        if error:
            errors["phone"] = error
    else:
        cleaned["phone"] = ""

    for field in ("organization", "job_title", "city"):
        cleaned[field] = clean_text(data.get(field))
        if cleaned[field] and (error := _text_error(field, cleaned[field])):
            errors[field] = error
    if online and not cleaned["organization"]:
        errors["organization"] = _("Enter your organization.")

    sector = clean_text(data.get("sector")).lower().replace("-", "_")
    if sector in Sector.values():
        cleaned["sector"] = sector
    elif not sector and not online:
        cleaned["sector"] = "other"
    else:
        errors["sector"] = _("Choose your sector from the list.")

    language = clean_text(data.get("language")).lower() or "ar"
    if language in LANGUAGES:
        cleaned["language"] = language
    else:
        errors["language"] = _("Choose Arabic or English.")

    if online and not is_consent(data.get("consent")):
        errors["consent"] = _("Please agree to the privacy notice to register.")

    return (cleaned if not errors else {}), errors


def clean_details(data: dict) -> tuple[dict, dict]:
    """A participant's own changes on the self-service page: the online rules, consent already given."""
    return clean_registration({**data, "consent": True}, source=RegistrationSource.ONLINE)
