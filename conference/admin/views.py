"""The organizer console: dashboard, edition settings, new edition, accounts, audit log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from .. import audit, confirmation
from ..accounts import two_factor
from ..accounts.forms import UserForm, role_choices
from ..accounts.service import change_password, change_role, find_user, revoke_tokens, set_active, token_state
from ..accounts.sessions import end_all_sessions, live_sessions
from ..auth import blueprint_requires, role_required
from ..editions import EditionError, apply_changes, local_to_utc, start_new_edition, utc_to_local_naive
from ..i18n import current_language, language_direction
from ..identity import IDENTITY_FIELDS, IMAGE_FIELDS, load_logo, store_reencoded
from ..loaders import current_edition_or_404, int_arg, int_field
from ..mail import deliver_soon
from ..models import ROLES, AuditLog, Edition, Participant, User, db
from ..registration.stats import dashboard_figures
from .forms import EditionForm
from .uploads import ImageRefused, checked_upload

bp = Blueprint("admin", __name__, url_prefix="/console")
blueprint_requires(bp, "organizer", "admin")

AUDIT_PAGE_SIZE = 50
# Roles whose two-factor requirement the admin chooses (administrators always need it).
POLICY_ROLES = tuple(r for r in ROLES if r not in two_factor.ALWAYS_REQUIRED)



@bp.get("/")
def dashboard():
    edition = Edition.current()
    counts = {}
    if edition:
        rows = db.session.execute(
            select(Participant.status, func.count())
            .where(Participant.edition_id == edition.id)
            .group_by(Participant.status)
        )
        counts = dict(rows.all())
    figures = dashboard_figures(edition, language_direction(current_language())) if edition else None
    return render_template("admin/dashboard.html", edition=edition, counts=counts, figures=figures)


def _form_values(form: EditionForm) -> dict:
    values = {name: field.data for name, field in form._fields.items()
              if name != "csrf_token" and not name.endswith("_file")}
    for name in ("registration_opens_at", "registration_closes_at"):
        values[name] = local_to_utc(values[name], values["timezone"])
    for name in ("theme_ar", "theme_en", "venue_ar", "venue_en", "city_ar", "city_en", "patron_ar", "patron_en",
                 *IDENTITY_FIELDS):
        values[name] = (values[name] or "").strip()
    return values


@bp.route("/edition", methods=["GET", "POST"])
@role_required("admin")
def edit_edition():
    edition = current_edition_or_404()
    form = EditionForm(obj=edition)
    if request.method == "GET":
        for name in ("registration_opens_at", "registration_closes_at"):
            getattr(form, name).data = utc_to_local_naive(getattr(edition, name), edition.timezone)
    if form.validate_on_submit():
        values = _form_values(form)
        if values["number"] != edition.number and _number_taken(values["number"]):
            form.number.errors.append(_("Another edition already has this number."))
        else:
            try:
                uploaded = _uploaded_images(form)
                values |= {name: uploaded.get(name) or _kept_image(name) or getattr(edition, name)
                           for name in IMAGE_FIELDS}
                if not confirmation.confirmed() and (question := _ask_before_promoting(edition, values)):
                    return question
                changed = apply_changes(edition, values)
            except ImageRefused as refused:
                db.session.rollback()
                refused.show()
            except EditionError:
                db.session.rollback()
                flash(_("Some of the information is not valid."), "error")
            else:
                db.session.commit()
                deliver_soon()  # emails to people a raised capacity took off the waitlist
                flash(_("Saved.") if changed else _("Nothing changed."), "success")
                return redirect(url_for(".edit_edition"))
    return render_template("admin/edition_form.html", form=form, edition=edition, creating=False)


def _ask_before_promoting(edition: Edition, values: dict):
    """A raised capacity gives seats to the waiting list and emails them: say how many first."""
    before = edition.capacity
    effects = confirmation.rehearse(lambda: apply_changes(edition, values))
    if not effects.promoted:
        return None
    lines = [_("Capacity goes from %(old)d to %(new)d seats.", old=before, new=values["capacity"]),
             *confirmation.effect_lines(effects)]
    keep = {f"kept_{name}": values[name] for name in IMAGE_FIELDS if values[name] != getattr(edition, name)}
    return confirmation.ask(_("Give the new seats to the waiting list?"), lines,
                            _("Yes, save and give the seats"), back=url_for(".edit_edition"), keep=keep)


def _kept_image(name: str) -> str:
    """An image uploaded with the first post of a change that asked for confirmation."""
    stored = request.form.get(f"kept_{name}", "")
    return stored if load_logo(stored) is not None else ""


def _uploaded_images(form: EditionForm) -> dict[str, str]:
    """{column: stored name} of the images uploaded with the form; none is stored unless all pass."""
    checked = {name: checked_upload(form[f"{name}_file"]) for name in IMAGE_FIELDS}
    return {name: store_reencoded(png) for name, png in checked.items() if png is not None}


def _number_taken(number: int) -> bool:
    return db.session.scalar(select(func.count()).where(Edition.number == number)) > 0


@bp.route("/editions/new", methods=["GET", "POST"])
@role_required("admin")
def new_edition():
    previous = Edition.current()
    form = EditionForm()
    if request.method == "GET" and previous:
        form.number.data = previous.number + 1
        form.year.data = previous.year + 1
        for name in ("title_ar", "title_en", "city_ar", "city_en", "venue_ar", "venue_en", "timezone", "capacity", "badge_layout",
                     *IDENTITY_FIELDS):
            getattr(form, name).data = getattr(previous, name)
        form.waitlist_enabled.data = True
    if form.validate_on_submit():
        values = _form_values(form)
        if _number_taken(values["number"]):
            form.number.errors.append(_("Another edition already has this number."))
        else:
            try:
                uploaded = _uploaded_images(form)
                values |= {name: uploaded.get(name) or (getattr(previous, name) if previous else "")
                           for name in IMAGE_FIELDS}
                start_new_edition(values)
            except ImageRefused as refused:
                db.session.rollback()
                refused.show()
            except EditionError:
                db.session.rollback()
                flash(_("Some of the information is not valid."), "error")
            else:
                db.session.commit()
                flash(_("The new edition is now current. Earlier editions are in the archive."), "success")
                return redirect(url_for(".dashboard"))
    return render_template("admin/edition_form.html", form=form, edition=None, creating=True)


@bp.get("/users")
@role_required("admin")
def users():
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    labels = dict(role_choices())
    policy = [(role, labels[role], two_factor.role_requires(role)) for role in POLICY_ROLES]
    return render_template("admin/users.html", users=accounts, role_label=labels.get, policy=policy)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
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
@role_required("admin")
def sign_out_user(user_id: int):
    user = db.get_or_404(User, user_id)
    count = end_all_sessions(user)
    audit.record("user.sign_out_everywhere", user, sessions=count)
    db.session.commit()
    flash(ngettext("%(num)d browser signed out.", "%(num)d browsers signed out.", count), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/tokens/revoke")
@role_required("admin")
def revoke_user_tokens(user_id: int):
    """One token (token_id in the form) or, without it, every token of the account."""
    user = db.get_or_404(User, user_id)
    count = revoke_tokens(user, int_field("token_id"))
    audit.record("user.revoke_tokens", user, tokens=count)
    db.session.commit()
    flash(ngettext("%(num)d token revoked.", "%(num)d tokens revoked.", count), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
@role_required("admin")
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
@role_required("admin")
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
@role_required("admin")
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
@role_required("admin")
def audit_log():
    page = int_arg("page", 1)
    entries = db.paginate(
        select(AuditLog).order_by(AuditLog.id.desc()), page=page, per_page=AUDIT_PAGE_SIZE, error_out=False
    )
    return render_template("admin/audit.html", entries=entries)

from . import showcase  # noqa: E402  (the partners and FAQ pages: a blueprint of their own, guarded once)

bp.register_blueprint(showcase.bp)
