"""Forum: registration, agenda, awards, badges and the venue desk for a yearly e-municipality forum."""

import os
from importlib import import_module

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import assets, config, forms, i18n, identity, navigation
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .features import FEATURES
from .security import SessionCookies, add_security_headers, keep_files_private


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("CONFERENCE_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(config.PROJECT_DIR / "templates"),
        static_folder=str(config.PROJECT_DIR / "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    keep_files_private(app.instance_path)
    config.configure(app, overrides)
    app.session_interface = SessionCookies()
    _trust_proxies(app)
    app.url_map.converters["int"] = DatabaseId

    _init_extensions(app)
    _register_blueprints(app)
    i18n.init_app(app)
    identity.init_app(app)
    forms.init_app(app)
    app.after_request(add_security_headers)
    assets.init_app(app)
    app.context_processor(navigation.menus)

    from . import cli, errors

    errors.init_app(app)
    cli.init_app(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N trusted proxies, take the client's address, scheme and host from their headers,
    so rate limits and the audit log see the visitor rather than the proxy."""
    hops = int(app.config["TRUSTED_PROXIES"] or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


class DatabaseId(IntegerConverter):
    """<int:…> in URLs: ids beyond a database integer are simply not found, never an overflow."""

    LARGEST = 2**31 - 1

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > self.LARGEST:
            raise NotFound()
        return number


def _init_extensions(app: Flask) -> None:
    from . import auth, database  # noqa: F401  (user loader; SQLite pragmas and the session teardown)

    db.init_app(app)
    database.end_sessions_even_if_the_database_went_away(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_DIR / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None


def _register_blueprints(app: Flask) -> None:
    for feature in FEATURES:
        app.register_blueprint(import_module(f".{feature}.views", __name__).bp)
    from .api import bp as api_bp

    app.register_blueprint(api_bp)
