"""Settings: defaults here, then instance/config.py, then FLASK_* environment variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


class Defaults:
    DEBUG = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    BABEL_DEFAULT_LOCALE = "ar"
    BABEL_DEFAULT_TIMEZONE = "Asia/Riyadh"
    LANGUAGES = ("ar", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_MINUTES = 8 * 60  # a staff session unused this long is over (a whole forum day)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # a registration form may stay open on a phone for hours

    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"  # per client address
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 10 minutes"  # per account, from any address
    # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (nginx: 1).
    TRUSTED_PROXIES = 0
    PUBLIC_POST_RATE_LIMIT = "20 per minute"

    MAIL_SERVER = ""  # empty: messages are written to instance/outbox/
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "Forum <forum@localhost>"
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_SECONDS = 30  # first retry after this, then doubling (at most an hour)
    MAIL_CLAIM_BATCH = 10  # messages one delivery round takes at a time
    MAIL_CLAIM_SECONDS = 300  # a claim older than this was left by a stopped process: taken over

    # Absolute base for links in emails and QR codes when no request is at hand.
    SERVER_BASE_URL = "http://127.0.0.1:8000"

    # How often waiting badge prints are tried again (printer off or out of labels) and sent
    # prints are followed to completion, in seconds.
    PRINT_RETRY_SECONDS = 5
    # How often a printer's sender asks a busy printer whether it is done with the label.
    PRINT_POLL_SECONDS = 0.25
    # A printer's sender renews its claim; one silent this long (its process died) is taken over.
    # Longer than a send can take (two IPP requests of at most 8 s), so a slow sender is never overtaken mid-send.
    PRINT_SENDER_LEASE_SECONDS = 30
    # A sender with nothing left to send waits this long for more before it lets the printer go.
    PRINT_SENDER_LINGER_SECONDS = 10
    # A sent job the printer no longer reports on (it restarted) stops being followed after this.
    PRINT_FOLLOW_SECONDS = 600

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # A job still queued this long after it started is handed to RQ again (Redis was down).
    JOBS_REQUEUE_SECONDS = 15
    # A running job that reported no progress for this long lost its worker and is taken over.
    JOBS_CLAIM_SECONDS = 300
    # While Redis is unreachable each process counts rate limits on its own (fail open, per server).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True

    # Where files the app writes live (see conference/storage.py): "" the instance folder,
    # "database" the shared database, "file:///path" a shared folder.
    STORAGE_URL = ""


def database_url_from_environment() -> str | None:
    """A plain postgresql:// URL means psycopg 3."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "forum.sqlite3")


def load_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it on first run."""
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def configure(app, overrides: dict | None = None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    for name in ("SECRET_KEY", "REDIS_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    for name, value in os.environ.items():
        if name.startswith("MAIL_"):
            app.config[name] = _parse_env_value(app.config.get(name), value)
    if url := database_url_from_environment():
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if overrides:
        app.config.update(overrides)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", sqlite_url(app.instance_path))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from .database import sqlite_engine_options

        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], **sqlite_engine_options()}
    app.config.setdefault("REDIS_URL", "")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://"
    )
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        str(p) for p in sorted(PACKAGE_DIR.glob("**/translations"))
    )


def _parse_env_value(default, value: str):
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    return value
