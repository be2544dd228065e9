from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..models.vocabulary import StaffRole
from .service import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password.")), Length(max=200)])


def role_choices():
    return StaffRole.choices()


class UserForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(_l("Please enter an email.")), Email(_l("Please enter a valid email address.")), Length(max=254)],
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH, message=_l("Use at least 10 characters."))],
        description=_l("Leave empty to keep the current password."),
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password.")), Length(max=MAX_PASSWORD_LENGTH)],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please enter a new password.")),
                    Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH, message=_l("Use at least 10 characters."))],
        description=_l("At least 10 characters. A few unrelated words are easy to remember and hard to guess."),
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Please type the new password again.")),
                    EqualTo("new_password", message=_l("The two new passwords are not the same."))],
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
