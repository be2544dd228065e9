"""Who may do what: one decorator for pages, used by every organizer and desk route."""

from functools import wraps

from flask import abort, request
from flask_login import current_user

from .accounts.sessions import user_of_session
from .extensions import login_manager
from .models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return user_of_session(user_id)


def role_required(*roles: str):
    """Anonymous visitors go to the login page; a signed-in user without the role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def blueprint_requires(blueprint, *roles: str) -> None:
    """Guard every view of a blueprint (the console, the desk) with one rule."""

    @blueprint.before_request
    def check_role():
        if request.method == "OPTIONS":
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(*roles):
            abort(403)
        return None

    check_role.roles = roles
