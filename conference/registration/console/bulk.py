"""One action on a selection of participants: asked first, then applied where it applies."""

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ... import audit, confirmation
from ...loaders import current_edition_or_404, int_list
from ...models import Participant, db
from ...models.vocabulary import ParticipantCategory
from .. import actions
from .blueprint import bp, finish, safe_back

BULK_ACTIONS = ("approve", "cancel", "category", "resend")
BULK_LIMIT = 1000


@bp.post("/participants/bulk")
def bulk_action():
    edition = current_edition_or_404()
    back = safe_back(request.form.get("back"))
    action = request.form.get("action", "")
    ids = int_list(request.form.getlist("ids"))[:BULK_LIMIT]
    category = request.form.get("category", "")
    if action not in BULK_ACTIONS:
        flash(_("Choose an action."), "error")
        return redirect(back)
    if not ids:
        flash(_("Select at least one participant."), "error")
        return redirect(back)
    if action == "category" and category not in ParticipantCategory.values():
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
    finish(message, "success" if done else "warning")
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
    if action == "category":
        return sum(actions.change_category(person, category, bulk=True) for person in people)
    return sum(actions.apply(person, action) for person in people)
