"""How pages and their files travel: compressed, fingerprinted, cached.

Static URLs carry a digest of the file (`/static/css/app.css?v=…`), so a browser may keep them
for a year and still sees a change at once. HTML, CSS, JS, JSON and SVG are compressed
(brotli, else gzip) by Flask-Compress; fonts (WOFF2) and PDFs are compressed already.
"""

import hashlib
import os
from functools import cache

from flask import Flask, request, url_for
from flask_compress import Compress

from .fonts import FIRST_PAINT_FACE, font_faces_version, web_font_name

ONE_YEAR = 365 * 24 * 3600
COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                    "application/json", "image/svg+xml", "text/calendar"]

compress = Compress()


@cache
def _static_digest(path: str, mtime_ns: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


def _fingerprint_static(app: Flask):
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        path = os.path.join(app.static_folder, values["filename"])
        try:
            values["v"] = _static_digest(path, os.stat(path).st_mtime_ns)
        except OSError:
            pass  # a missing file answers 404 anyway

    return add_version


def _cache_fingerprinted(response):
    if request.endpoint == "static" and "v" in request.args and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response


def font_links() -> dict:
    """Template globals: the font stylesheet's URL and the one font the first paint needs."""

    def preload_font(language: str) -> str:
        return f"/fonts/{web_font_name(FIRST_PAINT_FACE.get(language, FIRST_PAINT_FACE['en']))}.woff2"

    return {
        "font_faces_url": lambda: url_for("public.font_faces", v=font_faces_version()),
        "preload_font_url": preload_font,
    }


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    compress.init_app(app)
    app.url_defaults(_fingerprint_static(app))
    app.after_request(_cache_fingerprinted)
    app.jinja_env.globals.update(font_links())
