"""The participant list (search, filters, sorting, pages, export), one participant's page
(details, history, email) and the actions on one registration. Every change is audited."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import audit, confirmation, mail
from ...i18n import current_language, isolated
from ...loaders import current_edition_or_404, int_arg
from ...models import OutgoingEmail, Participant, db
from ...models.vocabulary import ParticipantCategory, RegistrationSource, RegistrationStatus
from .. import actions, exporting, listing, service
from ..history import history_of
from ..validation import clean_registration
from .blueprint import bp, finish, labels, participant_or_404, safe_back

EDIT_FIELDS = ("honorific", "name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city", "language")


# ---- list ----------------------------------------------------------------------------


@bp.get("/participants")
def participants():
    edition = current_edition_or_404()
    filters = listing.Filters.from_args(request.args)
    page = listing.paginate(
        listing.filtered(edition, filters),
        int_arg("page", 1),
        int_arg("per_page", listing.DEFAULT_PER_PAGE),
    )
    undelivered = db.session.scalar(select(func.count()).select_from(mail.undelivered_query().subquery()))
    return render_template(
        "registration/console/participants.html",
        edition=edition,
        filters=filters,
        page=page,
        organizations=listing.organizations(edition),
        sorts=listing.SORTS,
        per_page_choices=listing.PER_PAGE_CHOICES,
        undelivered=undelivered,
        **labels(),
    )


@bp.get("/participants/export")
def export_participants():
    edition = current_edition_or_404()
    fmt = request.args.get("format", "csv")
    if fmt not in exporting.FORMATS:
        abort(400)
    statement = listing.filtered(edition, listing.Filters.from_args(request.args))
    audit.record("participants.export", edition, format=fmt)
    return send_file(
        BytesIO(exporting.export(edition, statement, fmt)),
        mimetype=exporting.MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=exporting.file_name(edition, fmt),
    )


# ---- detail, edit, actions -----------------------------------------------------------


def _render_detail(participant: Participant, values: dict | None = None, errors: dict | None = None, *, status=200):
    history = history_of(participant)
    emails = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.participant_id == participant.id).order_by(OutgoingEmail.id.desc()).limit(20)
    ).all()
    values = values or {name: getattr(participant, name) or "" for name in EDIT_FIELDS}
    page = render_template(
        "registration/console/participant.html",
        participant=participant,
        edition=participant.edition,
        values=values,
        errors=errors or {},
        history=history,
        emails=emails,
        back=safe_back(request.args.get("back")),
        **labels(),
    )
    return page, status


@bp.get("/participants/<int:participant_id>")
def participant(participant_id: int):
    return _render_detail(participant_or_404(participant_id))


@bp.post("/participants/<int:participant_id>/edit")
def edit_participant(participant_id: int):
    person = participant_or_404(participant_id)
    if person.anonymized_at:
        abort(409)
    submitted = {name: request.form.get(name, "") for name in EDIT_FIELDS}
    cleaned, errors = clean_registration(submitted, source=RegistrationSource.ORGANIZER)
    changes = {}
    if not errors:
        try:
            changes = service.update_details(person, {name: cleaned[name] for name in EDIT_FIELDS})
        except service.DuplicateRegistration:
            errors["email"] = _("Another participant of this edition already uses this email.")
    if errors:
        flash(_("Please correct the highlighted fields."), "error")
        return _render_detail(person, submitted, errors, status=422)
    if not changes:
        flash(_("Nothing changed."), "info")
        return redirect(url_for(".participant", participant_id=person.id))
    audit.record("participant.update", person, changes=changes)
    finish(_("Saved."))
    return redirect(url_for(".participant", participant_id=person.id))


ACTION_DONE = {
    "approve": lambda p: _("Approved: %(status)s.", status=RegistrationStatus.label_of(p.status)),
    "reject": lambda p: _("The registration was rejected."),
    "cancel": lambda p: _("The registration was cancelled."),
    "restore": lambda p: _("Restored: %(status)s.", status=RegistrationStatus.label_of(p.status)),
    "resend": lambda p: _("The confirmation email was sent again."),
}


ACTION_QUESTION = {
    "approve": lambda name: _("Approve the registration of %(name)s?", name=name),
    "reject": lambda name: _("Reject the registration of %(name)s?", name=name),
    "cancel": lambda name: _("Cancel the registration of %(name)s?", name=name),
    "restore": lambda name: _("Restore the registration of %(name)s?", name=name),
    "resend": lambda name: _("Send the confirmation email to %(name)s again?", name=name),
}
ACTION_YES = {
    "approve": lambda: _("Yes, approve"),
    "reject": lambda: _("Yes, reject"),
    "cancel": lambda: _("Yes, cancel the registration"),
    "restore": lambda: _("Yes, restore"),
    "resend": lambda: _("Yes, send it"),
}


@bp.post("/participants/<int:participant_id>/<any(approve, reject, cancel, restore, resend):action>")
def participant_action(participant_id: int, action: str):
    """Every action here emails the person: the first post asks, naming what follows."""
    person = participant_or_404(participant_id)
    page = url_for(".participant", participant_id=person.id)
    if not person.anonymized_at and not confirmation.confirmed():
        effects = confirmation.rehearse(lambda: actions.apply(person, action))
        if effects.result:
            return confirmation.ask(ACTION_QUESTION[action](isolated(person.name_for(current_language()))),
                                    confirmation.effect_lines(effects), ACTION_YES[action](), back=page)
    if person.anonymized_at or not actions.apply(person, action):
        db.session.rollback()
        flash(_("That action does not apply to this registration in its current state."), "error")
    else:
        finish(ACTION_DONE[action](person))
    return redirect(page)


@bp.post("/participants/<int:participant_id>/category")
def change_category(participant_id: int):
    person = participant_or_404(participant_id)
    category = request.form.get("category", "")
    if category not in ParticipantCategory.values():
        flash(_("Choose a category from the list."), "error")
    elif actions.change_category(person, category):
        finish(_("The category was changed."))
    return redirect(url_for(".participant", participant_id=person.id))
