"""Small URL helpers shared by the views."""

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(default_endpoint: str = "public.home") -> str:
    """The ?next= target when it stays on this site, else a default page."""
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for(default_endpoint)


LARGEST_DATABASE_INT = 2**31 - 1


def int_arg(name: str) -> int | None:
    """A whole number from the query string, or None when missing, malformed or out of range."""
    value = request.args.get(name, "")
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= LARGEST_DATABASE_INT else None
