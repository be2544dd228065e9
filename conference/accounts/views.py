"""Sign in and out for organizers, desk staff and jury members."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..extensions import limiter
from ..models import db
from ..urls import safe_next
from .forms import LoginForm
from .service import authenticate

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _login_account() -> str:
    """The account a sign-in tries, so guessing one password from many addresses is throttled too."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_login_account, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next("admin.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not right."))
        else:
            login_user(user)
            audit.record("login", user, actor=user)
            db.session.commit()
            return redirect(safe_next(_home_for(user)))
    return render_template("accounts/login.html", form=form)


# Where each role lands after signing in (the public home until that page exists).
ROLE_HOMES = {
    "admin": "admin.dashboard",
    "organizer": "admin.dashboard",
    "desk": "checkin.scan",
    "jury": "awards.jury_home",
    "reviewer": "experiences.review_home",
}


def _home_for(user) -> str:
    endpoint = ROLE_HOMES.get(user.role, "public.home")
    return endpoint if endpoint in current_app.view_functions else "public.home"


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))
