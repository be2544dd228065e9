"""Who may do what: one guard per staff blueprint, covering every organizer and desk page."""

from flask import abort, request
from flask_login import current_user

from .accounts.sessions import user_of_session
from .extensions import login_manager
from .models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return user_of_session(user_id)


def blueprint_requires(blueprint, *roles: str) -> None:
    """Guard every view of a blueprint (the console, the desk) with one rule: anonymous visitors go
    to the login page, a signed-in user without the role gets 403."""

    @blueprint.before_request
    def check_role():
        if request.method == "OPTIONS":
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(*roles):
            abort(403)
        return None
