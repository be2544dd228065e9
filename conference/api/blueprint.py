"""The API's blueprint, and the modules that add routes to it and paths to the OpenAPI document."""

from importlib import import_module

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

# Modules with routes; each defines PATHS (and may define SCHEMAS) for openapi.json.
MODULES = (
    "editions", "registrations", "participants", "stats", "badges", "checkin", "agenda", "awards", "experiences",
    "jobs", "printing",
)


def api_modules():
    return [import_module(f"conference.api.{name}") for name in MODULES]
