"""Organizer pages for participants (routes on registration.views.bp).

List with search, filters, sorting and pages; detail and edit; approve, reject, cancel,
restore, change category, resend confirmation, one at a time or on a selection; import
and export; undelivered email; anonymizing a past edition (admin). Every change is audited.
"""

import secrets
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from .. import audit, confirmation, mail, storage
from ..auth import role_required
from ..i18n import current_language, isolated
from ..loaders import current_edition_or_404, int_arg, int_list
from ..models import CATEGORIES, SECTORS, STATUSES, Edition, OutgoingEmail, Participant, db
from . import exporting, importing, listing, notifications, privacy, service
from .history import history_of
from .validation import FIELD_LABELS, HONORIFIC_LABELS, SECTOR_LABELS, clean_registration
from .views import bp

EDIT_FIELDS = ("honorific", "name_ar", "name_en", "email", "phone", "organization", "job_title", "sector", "city", "language")
SINGLE_ACTIONS = ("approve", "reject", "cancel", "restore", "resend")
BULK_ACTIONS = ("approve", "cancel", "category", "resend")
BULK_LIMIT = 1000
EMAILS_PER_PAGE = 50



def _participant(participant_id: int) -> Participant:
    return db.get_or_404(Participant, participant_id)


def _labels() -> dict:
    return {
        "status_label": lambda s: listing.STATUS_LABELS.get(s, s),
        "category_label": lambda c: listing.CATEGORY_LABELS.get(c, c),
        "sector_label": lambda s: SECTOR_LABELS.get(s, s),
        "field_label": lambda f: FIELD_LABELS.get(f, f),
        "honorific_labels": HONORIFIC_LABELS,
        "source_label": lambda s: listing.SOURCE_LABELS.get(s, s),
        "statuses": STATUSES,
        "sectors": SECTORS,
        "categories": CATEGORIES,
    }


def _finish(message: str, category: str = "success") -> None:
    """Commit the change and its audit entry, then send any email it queued."""
    db.session.commit()
    mail.deliver_soon()
    flash(message, category)


# ---- list ----------------------------------------------------------------------------


@bp.get("/console/participants")
@role_required("organizer")
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
        **_labels(),
    )


@bp.get("/console/participants/export")
@role_required("organizer")
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


def _render_detail(participant: Participant, values: dict | None = None, errors: dict | None = None, status=200):
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
        back=_safe_back(request.args.get("back")),
        **_labels(),
    )
    return page, status


def _safe_back(url: str | None) -> str:
    """Only a link back into the participant list (keeps its filters); never another site."""
    if url and url.startswith("/console/participants") and "//" not in url and "\\" not in url:
        return url
    return url_for(".participants")


@bp.get("/console/participants/<int:participant_id>")
@role_required("organizer")
def participant(participant_id: int):
    return _render_detail(_participant(participant_id))


@bp.post("/console/participants/<int:participant_id>/edit")
@role_required("organizer")
def edit_participant(participant_id: int):
    person = _participant(participant_id)
    if person.anonymized_at:
        abort(409)
    submitted = {name: request.form.get(name, "") for name in EDIT_FIELDS}
    cleaned, errors = clean_registration(submitted, source="organizer")
    changes = {}
    if not errors:
        try:
            changes = service.update_details(person, {name: cleaned[name] for name in EDIT_FIELDS})
        except service.DuplicateRegistration:
            errors["email"] = _("Another participant of this edition already uses this email.")
    if errors:
        flash(_("Please correct the highlighted fields."), "error")
        return _render_detail(person, submitted, errors, 422)
    if not changes:
        flash(_("Nothing changed."), "info")
        return redirect(url_for(".participant", participant_id=person.id))
    audit.record("participant.update", person, changes=changes)
    _finish(_("Saved."))
    return redirect(url_for(".participant", participant_id=person.id))


def _apply_action(person: Participant, action: str) -> bool:
    """Do one action on one participant and audit it; False when it does not apply."""
    before = person.status
    if action == "approve":
        if before != "pending":
            return False
        service.approve_registration(person)
        notifications.registration_received(person)
    elif action == "reject":
        if before != "pending":
            return False
        service.cancel_registration(person, notify=True)
    elif action == "cancel":
        if before == "cancelled":
            return False
        service.cancel_registration(person, notify=True)
    elif action == "restore":
        if before != "cancelled":
            return False
        service.restore_registration(person)
        notifications.registration_received(person)
    elif action == "resend":
        if before == "cancelled" or not person.email:
            return False
        notifications.registration_received(person)
        audit.record("participant.resend", person, status=before)
        return True
    audit.record(f"participant.{action}", person, status=[before, person.status])
    return True


ACTION_DONE = {
    "approve": lambda p: _("Approved: %(status)s.", status=listing.STATUS_LABELS[p.status]),
    "reject": lambda p: _("The registration was rejected."),
    "cancel": lambda p: _("The registration was cancelled."),
    "restore": lambda p: _("Restored: %(status)s.", status=listing.STATUS_LABELS[p.status]),
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


@bp.post("/console/participants/<int:participant_id>/<any(approve, reject, cancel, restore, resend):action>")
@role_required("organizer")
def participant_action(participant_id: int, action: str):
    """Every action here emails the person: the first post asks, naming what follows."""
    person = _participant(participant_id)
    page = url_for(".participant", participant_id=person.id)
    if not person.anonymized_at and not confirmation.confirmed():
        effects = confirmation.rehearse(lambda: _apply_action(person, action))
        if effects.result:
            return confirmation.ask(ACTION_QUESTION[action](isolated(person.name_for(current_language()))),
                                    confirmation.effect_lines(effects), ACTION_YES[action](), back=page)
    if person.anonymized_at or not _apply_action(person, action):
        db.session.rollback()
        flash(_("That action does not apply to this registration in its current state."), "error")
    else:
        _finish(ACTION_DONE[action](person))
    return redirect(page)


@bp.post("/console/participants/<int:participant_id>/category")
@role_required("organizer")
def change_category(participant_id: int):
    person = _participant(participant_id)
    category = request.form.get("category", "")
    if category not in CATEGORIES:
        flash(_("Choose a category from the list."), "error")
    elif category != person.category:
        audit.record("participant.category", person, category=[person.category, category])
        person.category = category
        _finish(_("The category was changed."))
    return redirect(url_for(".participant", participant_id=person.id))


@bp.post("/console/participants/bulk")
@role_required("organizer")
def bulk_action():
    edition = current_edition_or_404()
    back = _safe_back(request.form.get("back"))
    action = request.form.get("action", "")
    ids = int_list(request.form.getlist("ids"))[:BULK_LIMIT]
    category = request.form.get("category", "")
    if action not in BULK_ACTIONS:
        flash(_("Choose an action."), "error")
        return redirect(back)
    if not ids:
        flash(_("Select at least one participant."), "error")
        return redirect(back)
    if action == "category" and category not in CATEGORIES:
        flash(_("Choose a category from the list."), "error")
        return redirect(back)
    people = db.session.scalars(
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.id.in_(ids), Participant.anonymized_at.is_(None))
        .order_by(Participant.created_at, Participant.id)
    ).all()
    if not confirmation.confirmed():
        effects = confirmation.rehearse(lambda: _bulk_change(people, action, category))
        return confirmation.ask(BULK_QUESTION[action](len(ids)), _bulk_lines(effects, len(ids)),
                                _("Yes, go ahead"), back=back)
    done = _bulk_change(people, action, category)
    audit.record("participants.bulk", edition, bulk_action=action, selected=len(ids), changed=done)
    skipped = len(ids) - done
    message = ngettext("%(num)d participant changed.", "%(num)d participants changed.", done)
    if skipped:
        message += " " + ngettext("%(num)d left as they were (the action does not apply).",
                                  "%(num)d left as they were (the action does not apply).", skipped)
    _finish(message, "success" if done else "warning")
    return redirect(back)


BULK_QUESTION = {
    "approve": lambda n: ngettext("Approve %(num)d selected registration?", "Approve %(num)d selected registrations?", n),
    "cancel": lambda n: ngettext("Cancel %(num)d selected registration?", "Cancel %(num)d selected registrations?", n),
    "category": lambda n: ngettext("Change the category of %(num)d selected participant?",
                                   "Change the category of %(num)d selected participants?", n),
    "resend": lambda n: ngettext("Send the confirmation email again to %(num)d selected participant?",
                                 "Send the confirmation email again to %(num)d selected participants?", n),
}


def _bulk_lines(effects: confirmation.Effects, selected: int) -> list[str]:
    lines = [ngettext("%(num)d participant will be changed.", "%(num)d participants will be changed.", effects.result)]
    if selected > effects.result:
        lines.append(ngettext("%(num)d stays as they are (the action does not apply).",
                              "%(num)d stay as they are (the action does not apply).", selected - effects.result))
    return lines + confirmation.effect_lines(effects)


def _bulk_change(people: list[Participant], action: str, category: str) -> int:
    """Apply one bulk action to each person it applies to; returns how many changed."""
    done = 0
    for person in people:
        if action == "category":
            if person.category != category:
                audit.record("participant.category", person, category=[person.category, category], bulk=True)
                person.category = category
                done += 1
        elif _apply_action(person, action):
            done += 1
    return done


# ---- import --------------------------------------------------------------------------


def _upload_key(token: str, extension: str) -> str:
    return f"imports/{token}.{extension}"


def _stored_upload(token: str) -> tuple[str, bytes] | None:
    """The uploaded file kept between the preview and the confirmation (on any app server)."""
    if not token.isalnum() or len(token) != 32:
        return None
    for extension in importing.EXTENSIONS:
        key = _upload_key(token, extension)
        if (content := storage.load(key)) is not None:
            return key, content
    return None


def _import_page(edition: Edition, error: str | None) -> str:
    closed = [(FIELD_LABELS[c], c, importing.allowed_values(c)) for c in importing.CLOSED_COLUMNS]
    return render_template("registration/console/import.html", edition=edition, error=error, closed=closed,
                           max_mb=importing.MAX_UPLOAD_BYTES // (1024 * 1024))


@bp.route("/console/participants/import", methods=["GET", "POST"])
@role_required("organizer")
def import_participants():
    edition = current_edition_or_404()
    if request.method == "GET":
        return _import_page(edition, None)
    upload = request.files.get("file")
    on_duplicate = request.form.get("on_duplicate", "skip")
    notify = request.form.get("notify") == "y"
    try:
        if upload is None or not upload.filename:
            raise importing.ImportFileError(_("Choose a CSV or Excel (.xlsx) file."))
        content = upload.read(importing.MAX_UPLOAD_BYTES + 1)
        table = importing.read_table(upload.filename, content)
    except importing.ImportFileError as exc:
        return _import_page(edition, str(exc)), 422
    token = secrets.token_hex(16)
    storage.save(_upload_key(token, importing.extension_of(upload.filename)), content)
    db.session.commit()
    plan = importing.plan_import(edition, table, on_duplicate)
    return render_template("registration/console/import_preview.html", edition=edition, plan=plan, token=token,
                           file_name=upload.filename, notify=notify, preview_limit=50, **_labels())


@bp.get("/console/participants/import/template.<fmt>")
@role_required("organizer")
def import_template(fmt: str):
    if fmt not in exporting.FORMATS:
        abort(404)
    return send_file(BytesIO(importing.template_file(fmt)), mimetype=exporting.MEDIA_TYPES[fmt],
                     as_attachment=True, download_name=f"participants-template.{fmt}")


@bp.post("/console/participants/import/apply")
@role_required("organizer")
def apply_import():
    edition = current_edition_or_404()
    stored = _stored_upload(request.form.get("token", ""))
    if stored is None:
        flash(_("The uploaded file is no longer available. Please upload it again."), "error")
        return redirect(url_for(".import_participants"))
    key, content = stored
    file_name = request.form.get("file_name", "")[:200]
    table = importing.read_table(key, content)
    plan = importing.plan_import(edition, table, request.form.get("on_duplicate", "skip"))
    counts = importing.apply_import(edition, plan, notify=request.form.get("notify") == "y", file_name=file_name)
    storage.delete(key)
    _finish(_("Import finished: %(created)d added, %(updated)d updated, %(skipped)d skipped, %(errors)d rows with errors.",
              created=counts["create"], updated=counts["update"], skipped=counts["skip"], errors=counts["error"]))
    return redirect(url_for(".participants", sort="created", direction="desc"))


# ---- undelivered email ---------------------------------------------------------------


@bp.get("/console/emails")
@role_required("organizer")
def undelivered_emails():
    page = listing.paginate(
        mail.undelivered_query().order_by(OutgoingEmail.id.desc()),
        int_arg("page", 1),
        EMAILS_PER_PAGE,
    )
    return render_template("registration/console/emails.html", page=page)


@bp.post("/console/emails/retry")
@role_required("organizer")
def retry_emails():
    ids = int_list(request.form.getlist("ids"))
    count = mail.retry_failed(ids or None)
    audit.record("email.retry", None, ids=ids or "all failed", count=count)
    _finish(ngettext("%(num)d message queued again.", "%(num)d messages queued again.", count),
            "success" if count else "warning")
    return redirect(url_for(".undelivered_emails"))


# ---- privacy (admin) -----------------------------------------------------------------


@bp.get("/console/privacy")
@role_required("admin")
def privacy_page():
    editions = db.session.scalars(select(Edition).order_by(Edition.number.desc())).all()
    counts = dict(db.session.execute(select(Participant.edition_id, func.count()).group_by(Participant.edition_id)).all())
    identified = dict(db.session.execute(
        select(Participant.edition_id, func.count()).where(Participant.anonymized_at.is_(None)).group_by(Participant.edition_id)
    ).all())
    others = privacy.still_identified()
    return render_template("registration/console/privacy.html", editions=editions, counts=counts, identified=identified,
                           others=others)


@bp.post("/console/privacy/<int:number>/anonymize")
@role_required("admin")
def anonymize(number: int):
    edition = db.first_or_404(select(Edition).where(Edition.number == number))
    if request.form.get("confirm", "").strip() != str(number):
        flash(_("Type the edition number to confirm."), "error")
    else:
        try:
            count = privacy.anonymize_edition(edition)
        except privacy.AnonymizeRefused:
            flash(_("The current edition cannot be anonymized."), "error")
        else:
            _finish(ngettext("%(num)d participant anonymized.", "%(num)d participants anonymized.", count))
    return redirect(url_for(".privacy_page"))
