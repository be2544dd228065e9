from flask import Blueprint

bp = Blueprint("registration", __name__)

from . import console  # noqa: E402,F401  (organizer pages on the same blueprint)
