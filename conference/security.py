"""Response headers that every page gets; cookies and HSTS for HTTPS; private files."""

import os

from flask import g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

HSTS = "max-age=31536000; includeSubDomains"
# Files the app writes (database, backups, uploads, outbox) are readable by its own user only.
PRIVATE_UMASK = 0o077

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def content_security_policy() -> str:
    """The policy, admitting by hash the inline styles this response's page declared (the brand colour)."""
    hashes = sorted(g.get("style_hashes", ())) if has_request_context() else []
    if not hashes:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' " + " ".join(hashes), 1)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the page is served over HTTPS (or when configured)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def keep_files_private(instance_path: str) -> None:
    """From now on this process creates files 0600 and folders 0700; the instance folder too."""
    os.umask(PRIVATE_UMASK)
    os.chmod(instance_path, 0o700)
