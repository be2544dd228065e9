"""The desk's walk-in form. The values are checked by registration.validation, like every sign-up."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import Length, Optional

from ..models.vocabulary import ParticipantCategory, Sector

WALK_IN_FIELDS = ("name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city")


class WalkInForm(FlaskForm):
    name_ar = StringField(_l("Name in Arabic"), render_kw={"dir": "rtl", "lang": "ar", "autocomplete": "off"})
    name_en = StringField(_l("Name in English"), render_kw={"dir": "ltr", "lang": "en", "autocomplete": "off"})
    email = EmailField(_l("Email"), description=_l("Optional: with it the guest gets their confirmation and private link."),
                       render_kw={"dir": "ltr", "autocomplete": "off"})
    phone = TelField(_l("Mobile number"), description=_l("Optional, for example 05xxxxxxxx."),
                     render_kw={"dir": "ltr", "autocomplete": "off"})
    organization = StringField(_l("Organization"))
    job_title = StringField(_l("Job title"))
    sector = SelectField(_l("Sector"), choices=Sector.choices(), default="government")
    city = StringField(_l("City"))
    category = SelectField(_l("Category"), choices=ParticipantCategory.choices(), default="participant")
    override_capacity = BooleanField(_l("The forum is full: register anyway (organizers only)"))
    override_reason = TextAreaField(
        _l("Reason for going over capacity"), validators=[Optional(), Length(max=300)],
        description=_l("Required with the override; it is kept in the audit log."),
    )
