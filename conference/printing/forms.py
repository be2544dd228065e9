"""Forms of print stations and kiosks."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..badges.layouts import layout_choices
from . import ipp


def _printer_uri(form, field) -> None:
    if not ipp.valid_printer_uri(field.data or ""):
        raise ValidationError(_l("Give the printer's address as ipp://host:port/path or ipps://…, "
                                 "for example ipp://192.168.1.20/ipp/print or ipp://host:631/printers/NAME."))


class StationForm(FlaskForm):
    name_ar = StringField(_l("Name in Arabic"), validators=[DataRequired(), Length(max=120)],
                          render_kw={"dir": "rtl", "lang": "ar"})
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=120)],
                          render_kw={"dir": "ltr", "lang": "en"})
    place = StringField(_l("Location"), validators=[Optional(), Length(max=200)],
                        description=_l("Where it stands, for example “Main entrance, left”."))
    printer_uri = StringField(_l("Printer address"), validators=[DataRequired(), Length(max=500), _printer_uri],
                              description=_l("ipp://, ipps:// or a CUPS queue such as ipp://host:631/printers/NAME."),
                              render_kw={"dir": "ltr", "lang": "en", "spellcheck": "false"})
    layout = SelectField(_l("Badge layout and media"), choices=layout_choices)
    auto_print = BooleanField(_l("Print the badge automatically when someone is checked in here"))
    print_only = BooleanField(_l("Print only: a badge pick-up counter that records no entry"))


class KioskPinForm(FlaskForm):
    pin = PasswordField(_l("New kiosk PIN"), validators=[DataRequired(), Regexp(r"^[0-9]{4,12}$", message=_l(
        "The PIN is 4 to 12 digits."))], render_kw={"inputmode": "numeric", "autocomplete": "new-password", "dir": "ltr"})


class KioskOpenForm(FlaskForm):
    code = StringField(_l("Device code"), validators=[DataRequired(), Length(max=16)],
                       render_kw={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"})
    pin = PasswordField(_l("PIN"), validators=[DataRequired(), Length(max=12)],
                        render_kw={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"})


class ChooseStationForm(FlaskForm):
    station = SelectField(_l("This desk's printer"), coerce=str)
