"""GET /participants/<id>/badge.pdf: any participant's badge for organizers and desk staff."""

from flask import Response, request

from ..badges.layouts import LAYOUTS
from ..badges.service import may_have_badge, render_badges
from ..errors import json_error
from ..models import Participant, db
from .auth import api_roles
from .blueprint import bp
from .openapi import STANDARD_ERRORS, error_response


@bp.get("/participants/<int:participant_id>/badge.pdf")
@api_roles("desk")
def participant_badge_pdf(participant_id: int):
    layout = request.args.get("layout") or None
    if layout is not None and layout not in LAYOUTS:
        return json_error(422, "invalid", fields={"layout": "one of " + ", ".join(LAYOUTS)})
    participant = db.session.get(Participant, participant_id)
    if participant is None or not may_have_badge(participant):
        return json_error(404, "not_found", "No badge for this participant.")
    pdf = render_badges(participant.edition, [participant], layout)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="badge-{participant.badge_number or participant.id}.pdf"',
                 "Cache-Control": "private, no-store"},
    )


PATHS = {
    "/participants/{participant_id}/badge.pdf": {
        "get": {
            "summary": "A participant's badge as PDF (desk, organizer, admin)",
            "description": "Downloading does not count as a print; the desk's reprint button does.",
            "operationId": "getParticipantBadge",
            "parameters": [
                {"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                {"name": "layout", "in": "query", "required": False,
                 "description": "Badge layout; the edition's default when absent.",
                 "schema": {"type": "string", "enum": list(LAYOUTS)}},
            ],
            "responses": {
                "200": {
                    "description": "The badge",
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                },
                "404": error_response("No such participant, or the registration is cancelled"),
                **STANDARD_ERRORS,
            },
        }
    }
}
SCHEMAS: dict = {}
