"""The post-forum survey email (`feedback.survey`), written at delivery in the attendee's language.

It is bulk mail: it carries List-Unsubscribe, and nobody who stopped forum announcements gets it."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..i18n import language_direction
from ..mail import build_message, composer
from ..models import OutgoingEmail, Participant, db
from ..registration.notifications import _request_context, absolute_url, unsubscribe_url


@composer("feedback")
def compose(record: OutgoingEmail):
    participant = db.session.get(Participant, record.participant_id) if record.participant_id else None
    if participant is None or not participant.email or participant.anonymized_at or participant.unsubscribed_at:
        return None
    language = participant.language if participant.language in current_app.config["LANGUAGES"] else "ar"
    edition = participant.edition
    with _request_context(), force_locale(language):
        context = dict(
            name=participant.name_for(language), title=edition.localized("title", language), lang=language,
            dir=language_direction(language), link=absolute_url("feedback.survey", token=participant.manage_token),
            unsubscribe_url=unsubscribe_url(participant), edition=edition,
        )
        subject = _("Tell us about the forum — %(title)s", title=context["title"])
        text = render_template("feedback/email/survey_text.html", **context)
        html = render_template("feedback/email/survey.html", **context)
    return build_message(participant.email, subject, text, html=html, unsubscribe_url=context["unsubscribe_url"])
