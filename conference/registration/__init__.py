"""Registration: the public form and each participant's self-service pages."""

from .views import bp

__all__ = ["bp"]
