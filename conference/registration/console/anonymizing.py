"""Anonymizing past editions (administrators): who is still identified, and the anonymization itself."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ...auth import blueprint_requires
from ...models import Edition, Participant, db
from .. import privacy
from .blueprint import finish

# Under the participant pages (organizers), for administrators only.
bp = Blueprint("privacy", __name__)
blueprint_requires(bp, "admin")


@bp.get("/privacy")
def privacy_page():
    editions = db.session.scalars(select(Edition).order_by(Edition.number.desc())).all()
    counts = dict(db.session.execute(select(Participant.edition_id, func.count()).group_by(Participant.edition_id)).all())
    identified = dict(db.session.execute(
        select(Participant.edition_id, func.count()).where(Participant.anonymized_at.is_(None)).group_by(Participant.edition_id)
    ).all())
    others = privacy.still_identified()
    return render_template("registration/console/privacy.html", editions=editions, counts=counts, identified=identified,
                           others=others)


@bp.post("/privacy/<int:number>/anonymize")
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
            finish(ngettext("%(num)d participant anonymized.", "%(num)d participants anonymized.", count))
    return redirect(url_for(".privacy_page"))
