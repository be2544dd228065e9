"""The Flask extensions, created once and bound to the app in create_app()."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def client_address() -> str:
    return get_remote_address() or request.remote_addr or "unknown"


def public_post_rate() -> str:
    """The per-address rate for public POSTs (registration, personal agenda, nominations)."""
    return current_app.config["PUBLIC_POST_RATE_LIMIT"]


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=client_address, default_limits=[])
# One budget per client address for every public POST: the registration form, the link, the
# self-service pages, submissions, feedback and the public API share it, so a bot cannot
# multiply its tries by switching routes.
public_post_limit = limiter.shared_limit(public_post_rate, scope="public-post", methods=["POST"])
