"""badges endpoints."""

from . import bp  # noqa: F401

PATHS: dict = {}
SCHEMAS: dict = {}
