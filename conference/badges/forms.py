from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from ..models.vocabulary import ParticipantCategory, Sector
from .layouts import DEFAULT_LAYOUT, layout_choices


class BulkPrintForm(FlaskForm):
    layout = SelectField(_l("Layout"), choices=layout_choices(), default=DEFAULT_LAYOUT)
    category = SelectField(_l("Category"), choices=[("", _l("All categories"))] + ParticipantCategory.choices(),
                           default="")
    sector = SelectField(_l("Sector"), choices=[("", _l("All sectors"))] + Sector.choices(), default="")
    organization = StringField(_l("Organization contains"), validators=[Optional(), Length(max=200)])
    registered_since = DateField(_l("Registered on or after"), validators=[Optional()])
    only_unprinted = BooleanField(_l("Only badges not printed yet"))
    sort = RadioField(_l("Order"), choices=[("name", _l("By name")), ("organization", _l("By organization"))], default="name")
