"""Public registration: the sign-up form, the privacy notice, "send me my link", and the
participant's self-service page at a private link (/r/<token>)."""

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import audit
from ..extensions import csrf, public_post_limit
from ..i18n import current_language
from ..loaders import private_page
from ..mail import deliver_soon
from ..models import Edition, Participant, db
from ..models.vocabulary import RegistrationSource, RegistrationStatus
from ..qr import qr_svg
from . import notifications
from .forms import ConfirmForm, DetailsForm, LinkForm, RegistrationForm
from .ics import event_ics
from .service import (
    DuplicateRegistration,
    EditionFull,
    RegistrationClosed,
    RestoreRefused,
    cancel_registration,
    find_by_email,
    register_participant,
    restore_registration,
    stop_bulk_mail,
    update_details,
    waitlist_position,
)

bp = Blueprint("registration", __name__)


RESTORED = {
    "confirmed": _l("Welcome back: your registration is restored and your seat is confirmed."),
    "waitlisted": _l("Your registration is restored. All seats are taken, so you are on the waiting list."),
    "pending": _l("Your registration is restored and awaits the organizers' approval."),
}
RESTORE_REFUSALS = {
    "not_cancelled": _l("This registration is not cancelled."),
    "closed": _l("Registration is closed, so a cancelled registration can no longer be restored."),
    "full": _l("All seats are taken, so your registration cannot be restored."),
}


def is_full_without_waitlist(edition: Edition) -> bool:
    return not edition.approval_required and not edition.waitlist_enabled and edition.seats_left == 0


def commit_and_send() -> None:
    db.session.commit()
    deliver_soon()


@bp.route("/register", methods=["GET", "POST"])
@public_post_limit
def register():
    edition = Edition.current()
    if edition is None:
        return render_template("registration/closed.html", edition=None, state="none"), 404
    state = edition.registration_state()
    if state != "open":
        return render_template("registration/closed.html", edition=edition, state=state)
    if is_full_without_waitlist(edition):
        return render_template("registration/full.html", edition=edition)

    form = RegistrationForm()
    if form.is_submitted() and form.is_bot():
        return render_template("errors/error.html", status=400, message=_("We could not accept this form.")), 400
    if form.validate_on_submit():
        try:
            outcome = register_participant(edition, form.cleaned, source=RegistrationSource.ONLINE)
        except DuplicateRegistration:
            db.session.rollback()
            link_form = LinkForm(formdata=None, email=form.email.data)
            return render_template("registration/duplicate.html", edition=edition, form=link_form), 409
        except EditionFull:
            db.session.rollback()
            return render_template("registration/full.html", edition=edition), 409
        except RegistrationClosed as closed:
            db.session.rollback()
            return render_template("registration/closed.html", edition=edition, state=closed.state), 409
        token = outcome.participant.manage_token
        commit_and_send()
        flash(_("Thank you. We have emailed you this page's link; keep it to manage your registration."), "success")
        return redirect(url_for(".manage", token=token, new=1))
    if not form.is_submitted():
        form.language.data = current_language()
    status = 422 if form.errors else 200
    return render_template("registration/register.html", edition=edition, form=form), status


@bp.get("/register/privacy")
def privacy():
    """The notice in the visitor's language first, then in the other one."""
    languages = [current_language()] + [code for code in current_app.config["LANGUAGES"] if code != current_language()]
    notices, edition = [], Edition.current()
    for code in languages:
        with force_locale(code):
            text = render_template("registration/_privacy_text.html", edition=edition, language=code)
            notices.append((code, Markup(text)))  # noqa: S704 (our template)
    return render_template("registration/privacy.html", notices=notices)


@bp.route("/register/link", methods=["GET", "POST"])
@public_post_limit
def send_link():
    """Email the private link. The answer is the same whether or not the address is registered."""
    form = LinkForm()
    if form.validate_on_submit():
        edition = Edition.current()
        participant = find_by_email(edition, form.cleaned_email) if edition and not form.website.data else None
        if participant is not None and not participant.anonymized_at:
            notifications.link_requested(participant)
            commit_and_send()
        return render_template("registration/link_sent.html")
    return render_template("registration/link.html", form=form), (422 if form.errors else 200)


# The self-service pages, reached only through the participant's secret link.

@bp.get("/r/<token>")
@private_page
def manage(participant: Participant):
    edition = participant.edition
    qr = None
    if participant.status == RegistrationStatus.CONFIRMED:
        qr = qr_svg(participant.badge_code, label=_("QR code for entry"))
    return render_template("registration/manage.html", participant=participant, edition=edition, qr=qr,
                           waitlist_position=waitlist_position(participant),
                           restore_form=ConfirmForm() if participant.status == RegistrationStatus.CANCELLED else None)


@bp.route("/r/<token>/edit", methods=["GET", "POST"])
@public_post_limit
@private_page
def edit(participant: Participant):
    if participant.status == RegistrationStatus.CANCELLED:
        return redirect(url_for(".manage", token=participant.manage_token))
    form = DetailsForm(obj=participant)
    if form.validate_on_submit():
        try:
            changes = update_details(participant, form.cleaned)
        except DuplicateRegistration:
            db.session.rollback()
            form.email.errors.append(_("Another registration already uses this email address."))
        else:
            if changes:
                audit.record("participant.update", participant, changes=changes, by="participant")
            db.session.commit()
            flash(_("Your details are saved."), "success")
            return redirect(url_for(".manage", token=participant.manage_token))
    return render_template("registration/edit.html", participant=participant, form=form), (422 if form.errors else 200)


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
@public_post_limit
@private_page
def cancel(participant: Participant):
    if participant.status == RegistrationStatus.CANCELLED:
        return redirect(url_for(".manage", token=participant.manage_token))
    form = ConfirmForm()
    if form.validate_on_submit():
        before = participant.status
        cancel_registration(participant)
        audit.record("participant.cancel", participant, status=[before, RegistrationStatus.CANCELLED], by="participant")
        commit_and_send()
        flash(_("Your registration is cancelled. We have emailed you a confirmation."), "success")
        return redirect(url_for(".manage", token=participant.manage_token))
    return render_template("registration/cancel.html", participant=participant, form=form)


@bp.route("/r/<token>/restore", methods=["POST"])
@public_post_limit
@private_page
def restore(participant: Participant):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        status = restore_registration(participant, self_service=True)
    except RestoreRefused as refused:
        db.session.rollback()
        flash(RESTORE_REFUSALS[refused.code], "error")
    else:
        notifications.registration_received(participant)
        commit_and_send()
        flash(RESTORED[status], "success")
    return redirect(url_for(".manage", token=participant.manage_token))


@bp.route("/r/<token>/unsubscribe", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without a form; the secret link is the key
@public_post_limit
@private_page
def unsubscribe(participant: Participant):
    if request.method == "POST":
        stop_bulk_mail(participant)
        db.session.commit()
    return render_template("registration/unsubscribe.html", participant=participant, done=participant.unsubscribed_at is not None)


@bp.get("/r/<token>/event.ics")
@private_page
def calendar(participant: Participant):
    body = event_ics(participant.edition, participant, current_language(), manage_url=notifications.manage_url(participant))
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = 'attachment; filename="forum.ics"'
    return response


# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console  # noqa: E402

bp.register_blueprint(console.bp)
