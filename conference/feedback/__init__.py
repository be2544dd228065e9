"""Feedback: the session ratings and the post-forum survey, and their results."""

from .views import bp

__all__ = ["bp"]
