"""The organizers' participant pages, one module per concern, on one guarded blueprint."""

from . import anonymizing, bulk, emails, imports, participants  # noqa: F401  (their routes)
from .blueprint import bp

bp.register_blueprint(anonymizing.bp)

__all__ = ["bp"]
