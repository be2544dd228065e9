"""One way to ask before an action that reaches people: the first POST answers a page that
names the effect and how many people it touches; the same form posted again with
confirm=yes acts. `rehearse` measures the effect by doing the change in a transaction that
is rolled back, so the page counts what the real rules would do, not an estimate."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from .models import AuditLog, OutgoingEmail, db

NOT_REPLAYED = ("csrf_token", "confirm")


def confirmed() -> bool:
    return request.form.get("confirm") == "yes"


@dataclass
class Effects:
    result: Any  # what the change returned
    emails: int  # messages it would queue
    promoted: int  # people it would move from the waiting list to a seat


def rehearse(change: Callable[[], Any]) -> Effects:
    """Run `change`, count what it queued and promoted, and undo all of it."""
    first_email = db.session.scalar(select(func.max(OutgoingEmail.id))) or 0
    first_entry = db.session.scalar(select(func.max(AuditLog.id))) or 0
    try:
        result = change()
        db.session.flush()
        emails = db.session.scalar(select(func.count()).where(OutgoingEmail.id > first_email))
        promoted = db.session.scalar(select(func.count()).where(
            AuditLog.id > first_entry, AuditLog.action == "participant.promote"))
    finally:
        db.session.rollback()
    return Effects(result, emails, promoted)


def effect_lines(effects: Effects) -> list[str]:
    """The sentences every confirmation page shows about people moved and emailed."""
    lines = []
    if effects.promoted:
        lines.append(ngettext("%(num)d person on the waiting list gets a seat.",
                              "%(num)d people on the waiting list get a seat.", effects.promoted))
    lines.append(ngettext("%(num)d email will be sent.", "%(num)d emails will be sent.", effects.emails)
                 if effects.emails else _("Nobody is emailed."))
    return lines


def ask(title: str, lines: list[str], yes: str, back: str, action: str | None = None, keep: dict | None = None):
    """The confirmation page; its form posts the same fields again (and `keep`), with confirm=yes."""
    keep = keep or {}
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_REPLAYED and k not in keep]
    fields += list(keep.items())
    return render_template("confirm.html", title=title, lines=lines, yes=yes, back=back,
                           action=action or request.path, fields=fields)
