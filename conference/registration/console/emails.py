"""Email that could not be delivered, and sending it again."""

from flask import redirect, render_template, request, url_for
from flask_babel import ngettext

from ... import audit, mail
from ...loaders import int_arg, int_list
from ...models import OutgoingEmail
from .. import listing
from .blueprint import bp, finish

EMAILS_PER_PAGE = 50


@bp.get("/emails")
def undelivered_emails():
    page = listing.paginate(
        mail.undelivered_query().order_by(OutgoingEmail.id.desc()),
        int_arg("page", 1),
        EMAILS_PER_PAGE,
    )
    return render_template("registration/console/emails.html", page=page)


@bp.post("/emails/retry")
def retry_emails():
    ids = int_list(request.form.getlist("ids"))
    count = mail.retry_failed(ids or None)
    audit.record("email.retry", None, ids=ids or "all failed", count=count)
    finish(ngettext("%(num)d message queued again.", "%(num)d messages queued again.", count),
            "success" if count else "warning")
    return redirect(url_for(".undelivered_emails"))
