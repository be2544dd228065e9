"""GET /awards: the public awards listing (recognitions, counts, announced winners)."""

from flask import request, url_for

from ..awards import service
from ..models import Edition
from ..models.awards import Award
from ..models.vocabulary import AwardLevel
from .blueprint import bp
from .openapi import STANDARD_ERRORS


def award_to_dict(award: Award) -> dict:
    return {
        "id": award.id,
        "name_ar": award.name_ar,
        "name_en": award.name_en,
        "body_ar": award.body_ar,
        "body_en": award.body_en,
        "level": award.level,
        "year": award.year,
        "recipient_ar": award.recipient_ar,
        "recipient_en": award.recipient_en,
        "category_ar": award.category_ar,
        "category_en": award.category_en,
        "description_ar": award.description_ar,
        "description_en": award.description_en,
        "edition": award.edition.number if award.edition else None,
        "logo_url": url_for("awards.logo", name=award.logo_file, _external=True) if award.logo_file else None,
    }


def _winners(edition: Edition | None) -> list[dict]:
    return [
        {
            "category_ar": category.name_ar,
            "category_en": category.name_en,
            "organization_ar": nomination.organization_ar,
            "organization_en": nomination.organization_en,
            "title": nomination.title,
            "certificate_url": url_for("awards.winner_certificate", nomination_id=nomination.id, _external=True),
        }
        for category, winners in service.announced_winners(edition)
        for nomination in winners
    ]


@bp.get("/awards")
def list_awards():
    selection, edition = service.parse_listing_filter(request.args)
    awards = service.find_awards(selection)
    return {
        "awards": [award_to_dict(a) for a in awards],
        "counts": service.level_counts(awards),
        "winners": _winners(edition or Edition.current()),
    }


AWARD_SCHEMA = {
    "type": "object",
    "required": ["id", "name_ar", "name_en", "level", "year"],
    "properties": {
        "id": {"type": "integer"},
        **{name: {"type": "string"} for name in (
            "name_ar", "name_en", "body_ar", "body_en", "recipient_ar", "recipient_en",
            "category_ar", "category_en", "description_ar", "description_en",
        )},
        "level": {"type": "string", "enum": list(AwardLevel.values())},
        "year": {"type": "integer"},
        "edition": {"type": ["integer", "null"], "description": "The forum edition it is listed under"},
        "logo_url": {"type": ["string", "null"]},
    },
}

WINNER_SCHEMA = {
    "type": "object",
    "properties": {
        **{name: {"type": "string"} for name in ("category_ar", "category_en", "organization_ar", "organization_en", "title")},
        "certificate_url": {"type": "string", "description": "The winner's certificate (PDF)"},
    },
}

SCHEMAS = {
    "Award": AWARD_SCHEMA,
    "AwardWinner": WINNER_SCHEMA,
    "AwardListing": {
        "type": "object",
        "required": ["awards", "counts", "winners"],
        "properties": {
            "awards": {"type": "array", "items": {"$ref": "#/components/schemas/Award"}},
            "counts": {
                "type": "object",
                "properties": {"international": {"type": "integer"}, "regional_local": {"type": "integer"}},
            },
            "winners": {"type": "array", "items": {"$ref": "#/components/schemas/AwardWinner"}},
        },
    },
}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or {"type": "string"}}


PATHS = {
    "/awards": {
        "get": {
            "summary": "The public awards listing, filtered; with level counts and the announced winners",
            "operationId": "listAwards",
            "security": [],
            "parameters": [
                _query("edition", "Edition number (default: the whole archive)", {"type": "integer"}),
                _query("level", "international, regional or local", {"type": "string", "enum": list(AwardLevel.values())}),
                _query("year", "Year the award was received", {"type": "integer"}),
                _query("body", "Granting body (Arabic or English name)"),
                _query("recipient", "Recipient organization (Arabic or English name)"),
            ],
            "responses": {
                "200": {
                    "description": "Recognitions, counts and winners",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AwardListing"}}},
                },
                "429": STANDARD_ERRORS["429"],
            },
        }
    }
}
