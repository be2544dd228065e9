"""Emails of the call for experiences, queued through the mail queue and written at delivery.

Purposes: `experiences.received.<submission id>` (the submitter's private link),
`experiences.presenter.<presenter id>` (a presenter's confirmation link) and
`experiences.decision.<submission id>` (sent once the organizers release the decisions).
Each is in the submitter's language.
"""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..i18n import language_direction
from ..mail import build_message, composer
from ..models import OutgoingEmail, db
from ..models.experiences import Presenter, Submission
from ..registration.notifications import _request_context, absolute_url


def manage_url(submission: Submission) -> str:
    return absolute_url("experiences.manage", token=submission.manage_token)


def confirm_url(presenter: Presenter) -> str:
    return absolute_url("experiences.presenter", token=presenter.confirm_token)


def _subject(kind: str, title: str) -> str:
    return {
        "received": _("We received your experience — %(title)s", title=title),
        "presenter": _("Please confirm you will present — %(title)s", title=title),
        "decision": _("The decision on your experience — %(title)s", title=title),
    }[kind]


@composer("experiences")
def compose(record: OutgoingEmail):
    _prefix, kind, object_id = record.purpose.split(".", 2)
    if kind == "presenter":
        presenter = db.session.get(Presenter, int(object_id))
        if presenter is None:
            return None
        submission, link, name = presenter.submission, confirm_url(presenter), presenter
    else:
        submission = db.session.get(Submission, int(object_id))
        if submission is None:
            return None
        link, name = manage_url(submission), None
    language = submission.language if submission.language in current_app.config["LANGUAGES"] else "ar"
    with _request_context(), force_locale(language):
        context = dict(
            kind=kind, submission=submission, title=submission.title(language), link=link, lang=language,
            dir=language_direction(language), name=name.name(language) if name else "",
            edition=submission.call.edition, edition_title=submission.call.edition.localized("title", language),
        )
        subject = _subject(kind, context["title"])
        text = render_template("experiences/email/message_text.html", **context)
        html = render_template("experiences/email/message.html", **context)
    return build_message(record.to_addr, subject, text, html=html)
