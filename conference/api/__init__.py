"""JSON API v1. Each module adds its routes to `bp` and its paths to the OpenAPI document."""

from . import auth, openapi  # noqa: F401  (request hooks and the document)
from .blueprint import api_modules, bp

api_modules()

__all__ = ["bp"]
