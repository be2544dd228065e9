"""Sign in and out for organizers, desk staff and jury members; their own account page
(browsers signed in, two-factor sign-in)."""

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import audit
from ..errors import json_error
from ..extensions import limiter
from ..models import User, db, utcnow
from ..qr import qr_svg
from ..urls import safe_next
from . import two_factor
from .forms import CodeForm, EnrolForm, LoginForm, PasswordChangeForm
from .service import PasswordChangeRefused, change_own_password, check_credentials
from .sessions import SESSION_KEY, end_all_sessions, end_current_session, live_sessions, start_session

bp = Blueprint("accounts", __name__, url_prefix="/account")

PENDING_KEY = "pending_login"
PENDING_SECONDS = 300  # between the password and the code


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _login_account() -> str:
    """The account a sign-in tries, so guessing one password from many addresses is throttled too."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _code_account() -> str:
    """The account whose code is being tried, so codes cannot be guessed from many addresses either."""
    pending = session.get(PENDING_KEY)
    user_id = pending.get("user_id") if isinstance(pending, dict) else None
    return f"account-code:{user_id}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_login_account, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next("admin.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = check_credentials(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not right."))
        elif user.two_factor_enabled:
            session.clear()
            session[PENDING_KEY] = {"user_id": user.id, "at": time.time()}
            return redirect(url_for(".login_code", next=request.args.get("next")))
        else:
            return _signed_in(user)
    return render_template("accounts/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_code_account, methods=["POST"])
def login_code():
    user = _pending_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            return _signed_in(user)
        form.code.errors.append(_("The code is not right. Codes change every 30 seconds."))
    return render_template("accounts/login_code.html", form=form), (422 if form.errors else 200)


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user_id"))
    return user if user is not None and user.active else None


def _signed_in(user: User):
    user.last_login_at = utcnow()
    start_session(user)
    audit.record("login", user, actor=user)
    db.session.commit()
    if two_factor.is_required(user) and not user.two_factor_enabled:
        return redirect(url_for(".two_factor_setup"))
    return redirect(safe_next(_home_for(user)))


# Where each role lands after signing in (the public home until that page exists).
ROLE_HOMES = {
    "admin": "admin.dashboard",
    "organizer": "admin.dashboard",
    "desk": "checkin.desk.scan",
    "jury": "awards.jury.jury_home",
    "reviewer": "experiences.review.review_home",
}


def _home_for(user) -> str:
    endpoint = ROLE_HOMES.get(user.role, "public.home")
    return endpoint if endpoint in current_app.view_functions else "public.home"


@bp.post("/logout")
@login_required
def logout():
    end_current_session()
    db.session.commit()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.get("/")
@login_required
def account():
    return render_template(
        "accounts/account.html", sessions=live_sessions(current_user), required=two_factor.is_required(current_user),
        recovery_left=two_factor.remaining_recovery_codes(current_user),
    )


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    user = current_user._get_current_object()
    count = end_all_sessions(user)
    audit.record("user.sign_out_everywhere", user, sessions=count)
    end_current_session()
    db.session.commit()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for(".login"))


def _own_account() -> str:
    return f"account-password:{current_user.get_id()}"


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_account_limit, key_func=_own_account, methods=["POST"])
def change_password():
    """The owner changes the password; every other browser signed in to the account is signed out."""
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = change_own_password(user, form.current_password.data, form.new_password.data)
        except PasswordChangeRefused as refused:
            if str(refused) == "current":
                form.current_password.errors.append(_("The current password is not right."))
            else:
                form.new_password.errors.append(_("Choose a password different from the current one."))
        else:
            audit.record("user.password_changed", user, actor=user, other_sessions_ended=max(ended - 1, 0))
            start_session(user)  # this browser stays signed in, with a new key
            db.session.commit()
            flash(_("Your password is changed. Every other browser signed in to your account is signed out."), "info")
            return redirect(url_for(".account"))
    return render_template("accounts/password.html", form=form), (422 if form.errors else 200)


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Enrol an authenticator app: scan the QR, type the code it shows, keep the recovery codes."""
    if current_user.two_factor_enabled:
        return redirect(url_for(".account"))
    secret = two_factor.enrolment_secret(current_user, session.get(SESSION_KEY, ""))
    form = EnrolForm()
    if form.validate_on_submit():
        codes = two_factor.enrol(current_user, secret, form.code.data)
        if codes is None:
            form.code.errors.append(_("The code is not right. Check the time on your phone and try the new code."))
        else:
            audit.record("user.two_factor_on", current_user)
            db.session.commit()
            return render_template("accounts/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(secret, current_user)
    return render_template(
        "accounts/two_factor_setup.html", form=form, secret=secret, required=two_factor.is_required(current_user),
        qr=qr_svg(uri, label=_("QR code to add this account to an authenticator app")),
    ), (422 if form.errors else 200)


@bp.post("/two-factor/recovery-codes")
@login_required
def new_recovery_codes():
    if not current_user.two_factor_enabled:
        return redirect(url_for(".two_factor_setup"))
    codes = two_factor.new_recovery_codes(current_user)
    audit.record("user.recovery_codes", current_user)
    db.session.commit()
    return render_template("accounts/recovery_codes.html", codes=codes)


@bp.post("/two-factor/off")
@login_required
def two_factor_off():
    if two_factor.is_required(current_user):
        flash(_("Your role must use two-factor sign-in."), "error")
    elif current_user.two_factor_enabled:
        two_factor.turn_off(current_user)
        audit.record("user.two_factor_off", current_user)
        db.session.commit()
        flash(_("Two-factor sign-in is off."), "info")
    return redirect(url_for(".account"))


# Pages an account that must enrol may still open.
ENROLMENT_ENDPOINTS = frozenset({
    "accounts.two_factor_setup", "accounts.logout", "accounts.login", "static", "public.switch_language",
})


@bp.before_app_request
def require_enrolment():
    """An account whose role needs two factors does nothing else until it has enrolled."""
    if request.endpoint in ENROLMENT_ENDPOINTS or "Authorization" in request.headers:
        return None
    if not current_user.is_authenticated or current_user.two_factor_enabled or not two_factor.is_required(current_user):
        return None
    if request.path.startswith("/api/"):
        return json_error(403, "two_factor_required", "Set up two-factor sign-in first.")
    return redirect(url_for("accounts.two_factor_setup"))
