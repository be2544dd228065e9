"""Badges: the participant's own badge; under it the desk's reprints and reissues (desk_pages.py) and
the organizers' bulk printing and previews (console.py), each guarded once."""

from flask import Blueprint, abort

from ..extensions import limiter
from ..loaders import private_page
from ..models import Participant
from ..pdf import pdf_response
from . import jobs as _jobs  # noqa: F401  (registers the bulk printing job)
from .service import badge_filename, may_have_badge, render_badges

bp = Blueprint("badges", __name__)


@bp.get("/r/<token>/badge.pdf")
@limiter.limit("30 per minute")
@private_page
def participant_badge(participant: Participant):
    if not may_have_badge(participant):
        abort(404)
    return pdf_response(render_badges(participant.edition, [participant]), badge_filename(participant))


# The area's staff pages: blueprints of their own, each guarded once, under this one.
from . import console, desk_pages  # noqa: E402

bp.register_blueprint(desk_pages.bp)
bp.register_blueprint(console.bp)
