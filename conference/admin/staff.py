"""The administrator's staff pages: accounts, their sessions, tokens and two-factor, and the audit log. Guarded once."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..accounts import two_factor
from ..accounts.forms import UserForm, role_choices
from ..accounts.service import change_password, change_role, find_user, revoke_tokens, set_active, token_state
from ..accounts.sessions import end_all_sessions, live_sessions
from ..auth import blueprint_requires
from ..loaders import int_arg, int_field
from ..models import AuditLog, User, db
from ..models.vocabulary import StaffRole

bp = Blueprint("staff", __name__)
blueprint_requires(bp, "admin")

AUDIT_PAGE_SIZE = 50
# Roles whose two-factor requirement the admin chooses (administrators always need it).
POLICY_ROLES = tuple(r for r in StaffRole.values() if r not in two_factor.ALWAYS_REQUIRED)


@bp.get("/users")
def users():
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    labels = dict(role_choices())
    policy = [(role, labels[role], two_factor.role_requires(role)) for role in POLICY_ROLES]
    return render_template("admin/users.html", users=accounts, role_label=labels.get, policy=policy)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int | None = None):
    user = db.session.get(User, user_id) if user_id else None
    if user_id and user is None:
        abort(404)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        existing = find_user(form.email.data)
        if existing and existing is not user:
            form.email.errors.append(_("Another account already uses this email."))
        elif user is None and not form.password.data:
            form.password.errors.append(_("A new account needs a password."))
        else:
            creating = user is None
            user = user or User()
            before = {"email": user.email, "role": user.role, "name": user.name}
            user.email, user.name = form.email.data.strip(), form.name.data or ""
            change_role(user, form.role.data)
            if form.password.data:
                change_password(user, form.password.data)
            db.session.add(user)
            db.session.flush()
            after = {"email": user.email, "role": user.role, "name": user.name}
            audit.record(
                "user.create" if creating else "user.update",
                user,
                changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
                password_changed=bool(form.password.data),
            )
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".users"))
    return render_template("admin/user_form.html", form=form, user=user, **_account_security(user))


def _account_security(user: User | None) -> dict:
    if user is None:
        return {}
    return {"sessions": live_sessions(user), "tokens": user.tokens, "token_state": token_state}


@bp.post("/users/<int:user_id>/sign-out")
def sign_out_user(user_id: int):
    user = db.get_or_404(User, user_id)
    count = end_all_sessions(user)
    audit.record("user.sign_out_everywhere", user, sessions=count)
    db.session.commit()
    flash(ngettext("%(num)d browser signed out.", "%(num)d browsers signed out.", count), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/tokens/revoke")
def revoke_user_tokens(user_id: int):
    """One token (token_id in the form) or, without it, every token of the account."""
    user = db.get_or_404(User, user_id)
    count = revoke_tokens(user, int_field("token_id"))
    audit.record("user.revoke_tokens", user, tokens=count)
    db.session.commit()
    flash(ngettext("%(num)d token revoked.", "%(num)d tokens revoked.", count), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_two_factor(user_id: int):
    """For a lost phone: the account enrols again at its next sign-in (when its role requires it)."""
    user = db.get_or_404(User, user_id)
    two_factor.turn_off(user)
    end_all_sessions(user)
    audit.record("user.two_factor_reset", user)
    db.session.commit()
    flash(_("Two-factor sign-in is reset for this account."), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/two-factor-policy")
def two_factor_policy():
    chosen = set(request.form.getlist("roles"))
    changed = {role: role in chosen for role in POLICY_ROLES
               if two_factor.set_role_requirement(role, role in chosen)}
    if changed:
        audit.record("security.two_factor_policy", None, required=changed)
    db.session.commit()
    flash(_("Saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/active")
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        set_active(user, not user.active)
        audit.record("user.enable" if user.active else "user.disable", user)
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for(".users"))


@bp.get("/audit")
def audit_log():
    page = int_arg("page", 1)
    entries = db.paginate(
        select(AuditLog).order_by(AuditLog.id.desc()), page=page, per_page=AUDIT_PAGE_SIZE, error_out=False
    )
    return render_template("admin/audit.html", entries=entries)
