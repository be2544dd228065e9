"""Public pages: the current edition's home, the archive, language switch, fonts."""

import hmac
import io
from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from ..certificates import find_valid_certificate, normalize_code
from ..fonts import font_faces_css, font_faces_version, web_fonts
from ..i18n import LANGUAGE_COOKIE
from ..identity import VARIANT_DIGEST, faq_entries, send_logo, sized_image
from ..models import Edition, db
from ..registration.stats import archive_figures
from ..urls import safe_next

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


def days_until(edition: Edition | None) -> int | None:
    """Whole days from today at the venue to the first day; None once it has begun."""
    if edition is None:
        return None
    today = datetime.now(edition.tz).date()
    return (edition.starts_on - today).days if edition.starts_on > today else None


@bp.get("/")
def home():
    edition = Edition.current()
    return render_template("public/home.html", edition=edition, days_left=days_until(edition))


@bp.get("/archive")
def archive():
    editions = Edition.archive()
    return render_template("public/archive.html", editions=editions, figures=archive_figures(editions))


@bp.get("/editions/<int:number>")
def edition(number: int):
    edition = db.session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        abort(404)
    if edition.is_current:
        return render_template("public/home.html", edition=edition)
    return render_template("public/archive_edition.html", edition=edition,
                           figures=archive_figures([edition])[edition.id])


@bp.get("/faq")
def faq():
    edition = Edition.current()
    return render_template("public/faq.html", edition=edition, entries=faq_entries(edition))


@bp.get("/identity/<name>")
def identity_image(name: str):
    """An edition's uploaded logo (re-encoded by us as PNG when it was uploaded)."""
    response = send_logo(name, max_age=3600)
    if response is None:
        abort(404)
    return response


@bp.get("/identity/<name>/<height>/<digest>.png")
def identity_image_sized(name: str, height: str, digest: str):
    """An identity image at the size a page shows it (`height` CSS pixels high), at a URL that
    changes with the image: kept a year. Any other size or digest (or spelling of them) is not found."""
    canonical = height.isascii() and height.isdigit() and not height.startswith("0") and len(height) <= 4
    variant = sized_image(name, int(height)) if canonical and VARIANT_DIGEST.match(digest) else None
    if variant is None or not hmac.compare_digest(variant.digest, digest):
        abort(404)
    response = send_file(io.BytesIO(variant.data), mimetype="image/png", max_age=ONE_YEAR, etag=variant.digest)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.get("/verify")
def verify_form():
    code = request.args.get("code", "")
    if code:
        return redirect(url_for(".verify_certificate", code=normalize_code(code) or "-"))
    return render_template("public/verify.html", certificate=None, code="", searched=False)


@bp.get("/verify/<code>")
def verify_certificate(code: str):
    certificate = find_valid_certificate(code)
    edition = db.session.get(Edition, certificate.edition_id) if certificate else None
    status = 200 if certificate else 404
    return render_template("public/verify.html", certificate=certificate, edition=edition, code=code, searched=True), status


@bp.get("/language/<code>")
def switch_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next())
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
    )
    return response


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for this on pages that name no icon, such as a PDF shown in the viewer.
    return current_app.send_static_file("img/favicon.svg"), 200, {"Cache-Control": f"public, max-age={ONE_YEAR}"}


@bp.get("/fonts/faces.css")
def font_faces():
    fresh = request.args.get("v") == font_faces_version()
    response = current_app.response_class(font_faces_css(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR if fresh else 300
    response.cache_control.immutable = fresh
    return response


@bp.get("/fonts/<name>.woff2")
def font(name: str):
    found = web_fonts().get(name)
    if found is None:
        abort(404)
    response = send_file(found[1], mimetype="font/woff2", max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response
