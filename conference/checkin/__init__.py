"""The venue desk: scanning, lookup, walk-ins, live counts and attendance certificates."""

from .views import bp

__all__ = ["bp"]
