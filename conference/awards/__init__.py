"""Awards: the public page and nominations."""

from .views import bp

__all__ = ["bp"]
