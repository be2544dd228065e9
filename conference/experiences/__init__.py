"""The call for experiences: the public call, submitters' and presenters' pages, the library."""

from .views import bp

__all__ = ["bp"]
