"""Staff accounts: signing in (with two-factor), sessions, passwords and recovery codes."""

from .views import bp

__all__ = ["bp"]
