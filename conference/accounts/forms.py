from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..models import ROLES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password.")), Length(max=200)])


def role_choices():
    labels = {
        "admin": _l("Administrator"),
        "organizer": _l("Organizer"),
        "desk": _l("Desk staff"),
        "jury": _l("Jury member"),
        "reviewer": _l("Programme committee reviewer"),
    }
    return [(role, labels[role]) for role in ROLES]


class UserForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(_l("Please enter an email.")), Email(_l("Please enter a valid email address.")), Length(max=254)],
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
        description=_l("Leave empty to keep the current password."),
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=32)],
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=32)],
        description=_l("After scanning, the app shows a 6-digit code that changes every 30 seconds."),
    )
