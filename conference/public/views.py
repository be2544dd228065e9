"""Public pages: the current edition's home, the archive, language switch, fonts."""

from flask import Blueprint, abort, current_app, redirect, render_template, send_file
from sqlalchemy import select

from ..fonts import font_files
from ..i18n import LANGUAGE_COOKIE
from ..models import Edition, db
from ..urls import safe_next

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def home():
    edition = Edition.current()
    return render_template("public/home.html", edition=edition)


@bp.get("/archive")
def archive():
    return render_template("public/archive.html", editions=Edition.archive())


@bp.get("/editions/<int:number>")
def edition(number: int):
    edition = db.session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        abort(404)
    return render_template("public/home.html", edition=edition)


@bp.get("/language/<code>")
def switch_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next())
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    return response


@bp.get("/fonts/<slug>.ttf")
def font(slug: str):
    path = font_files().get(slug)
    if path is None:
        abort(404)
    return send_file(path, mimetype="font/ttf", max_age=ONE_YEAR)
