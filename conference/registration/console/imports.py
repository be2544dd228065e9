"""Importing invitees from CSV or Excel: upload, preview, apply; and the blank templates."""

import secrets
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ... import storage
from ...loaders import current_edition_or_404
from ...models import Edition, db
from .. import exporting, importing
from ..validation import FIELD_LABELS
from .blueprint import bp, finish, labels


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


@bp.route("/participants/import", methods=["GET", "POST"])
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
                           file_name=upload.filename, notify=notify, preview_limit=50, **labels())


@bp.get("/participants/import/template.<fmt>")
def import_template(fmt: str):
    if fmt not in exporting.FORMATS:
        abort(404)
    return send_file(BytesIO(importing.template_file(fmt)), mimetype=exporting.MEDIA_TYPES[fmt],
                     as_attachment=True, download_name=f"participants-template.{fmt}")


@bp.post("/participants/import/apply")
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
    finish(_("Import finished: %(created)d added, %(updated)d updated, %(skipped)d skipped, %(errors)d rows with errors.",
              created=counts["create"], updated=counts["update"], skipped=counts["skip"], errors=counts["error"]))
    return redirect(url_for(".participants", sort="created", direction="desc"))
