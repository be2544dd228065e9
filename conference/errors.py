"""Error pages in the visitor's language, and JSON errors under /api/."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable

from .extensions import db

API_PREFIX = "/api/"


def error_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have permission to open this page."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        409: _("That conflicts with what is already recorded."),
        413: _("The file is too large."),
        422: _("Some of the information is not valid."),
        429: _("Too many attempts. Please wait a minute and try again."),
        503: _("The service is busy for a moment. Please try again shortly."),
    }
    return messages.get(status, _("Something went wrong on our side. Please try again."))


def json_error(status: int, code: str, message: str | None = None, *, fields: dict | None = None):
    body = {"code": code, "message": message or error_message(status)}
    if fields:
        body["fields"] = fields
    return jsonify({"error": body}), status


def _handle_http_error(error: HTTPException):
    status = error.code or 500
    if request.path.startswith(API_PREFIX):
        code = (error.name or "error").lower().replace(" ", "_")
        return json_error(status, code)
    response = render_template("errors/error.html", status=status, message=error_message(status))
    return response, status


def _handle_csrf_error(error: CSRFError):
    message = _("This form has expired or was tampered with. Please reload the page and try again.")
    if request.path.startswith(API_PREFIX):
        return json_error(400, "csrf", message)
    return render_template("errors/error.html", status=400, message=message), 400


def _handle_database_unavailable(error: OperationalError):
    """The database is restarting or unreachable: ask to try again, as a 503, never a 500."""
    current_app.logger.warning("database unavailable on %s %s: %s", request.method, request.path, error.orig)
    db.session.rollback()
    response = _handle_http_error(ServiceUnavailable())
    if isinstance(response, tuple):
        body, status = response
        return body, status, {"Retry-After": "5"}
    return response


def _handle_out_of_range(error: Exception):
    """A number in the request too large for the database (an id or a year from a URL or a form)."""
    current_app.logger.warning("value out of range on %s %s: %s", request.method, request.path, error)
    db.session.rollback()
    return _handle_http_error(BadRequest())


def _handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return _handle_http_error(InternalServerError())


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(OperationalError, _handle_database_unavailable)
    app.register_error_handler(OverflowError, _handle_out_of_range)
    app.register_error_handler(DataError, _handle_out_of_range)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
