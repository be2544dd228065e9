"""Locale choice, text direction and Gregorian/Hijri date formatting."""

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location
from flask import current_app, g, request
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _
from hijridate import Gregorian
from markupsafe import Markup, escape

from .models import vocabulary

LANGUAGE_COOKIE = "lang"
RTL_LANGUAGES = {"ar"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    choice = getattr(g, "language_override", None) or request.cookies.get(LANGUAGE_COOKIE)
    if choice in languages:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "ar")


def language_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def text_direction(text: str | None) -> str:
    """'rtl' or 'ltr' from the first strong character; 'ltr' when there is none."""
    for char in text or "":
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"


def text_language(text: str | None) -> str:
    return "ar" if text_direction(text) == "rtl" else "en"


def bidi_attrs(text: str | None) -> Markup:
    """dir and lang attributes for an element holding a name or free text."""
    direction = text_direction(text)
    return Markup(f'dir="{direction}" lang="{"ar" if direction == "rtl" else "en"}"')  # noqa: S704 (fixed values)


def bidi_span(text: str | None, tag: str = "span") -> Markup:
    return Markup(f"<{tag} {bidi_attrs(text)}>{escape(text or '')}</{tag}>")  # noqa: S704 (text escaped)


def isolated(text: str | None) -> str:
    """Text wrapped in a bidi isolate, so a code or file name (#0431, badges.xlsx) keeps its own
    order inside a sentence of the other direction: left-to-right unless it holds Arabic letters."""
    opening = "\u2068" if text_direction(text) == "rtl" else "\u2066"
    return f"{opening}{text or ''}\u2069"


def masked_phone(phone: str | None) -> str:
    """Enough of a number to tell namesakes apart at the desk: +966 ••••• 4567."""
    digits = phone or ""
    return f"{digits[:4]} ••••• {digits[-4:]}" if len(digits) > 8 else digits


def hijri_date(value: date, language: str | None = None) -> str:
    language = language or current_language()
    hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    if language == "ar":
        return f"{hijri.day} {hijri.month_name('ar')} {hijri.year} هـ"
    return f"{hijri.day} {hijri.month_name('en')} {hijri.year} AH"


def both_calendars(value: date | datetime) -> str:
    """'22 November 2026 (12 Jumada al-Akhirah 1448 AH)' in the current language."""
    day = value.date() if isinstance(value, datetime) else value
    return f"{format_date(day, 'long')} ({hijri_date(day)})"


def local_datetime(value: datetime | None, tz) -> str:
    """A UTC datetime shown in the edition's time zone, whatever the server's: '12 December 2026, 11:59 PM'."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return _("%(date)s, %(time)s", date=format_date(local.date(), "long"), time=format_time(local, "short", rebase=False))


def local_time(value: datetime | None, tz) -> str:
    if value is None:
        return ""
    return format_time(value.astimezone(tz), "short", rebase=False)


def zone_label(edition) -> str:
    """'Saudi Arabia Time' / 'توقيت المملكة العربية السعودية' for the edition's time zone."""
    return get_timezone_location(edition.timezone, locale=current_language())


def init_app(app) -> None:
    app.jinja_env.filters.update(
        bidi=bidi_attrs,
        bidi_span=bidi_span,
        hijri=hijri_date,
        both_calendars=both_calendars,
        local_datetime=local_datetime,
        local_time=local_time,
        text_dir=text_direction,
        isolated=isolated,
        masked_phone=masked_phone,
        zone_label=zone_label,
        label=vocabulary.label,
    )

    @app.context_processor
    def language_context():
        language = current_language()
        return {
            "lang": language,
            "dir": language_direction(language),
            "other_language": "en" if language == "ar" else "ar",
            "edition_tz": ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
        }
