"""The one WeasyPrint entry point. Badges, the agenda and certificates all render here.

Only our own autoescaped templates are rendered, and the URL fetcher answers `data:`
URLs and our packaged font files, nothing else: no file paths from input, no network.
"""

import threading
from functools import cache

from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import pdf_font_files

FONT_URL_PREFIX = "forum-font:"
BASE_URL = "forum-pdf:/"


class BlockedURL(ValueError):
    pass


class SafeFetcher(URLFetcher):
    """Answers data: URLs and our own font files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=["data"], allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith(FONT_URL_PREFIX):
            font = pdf_font_files().get(url[len(FONT_URL_PREFIX):])
            if font is None:
                raise BlockedURL(f"unknown font: {url[:80]}")
            return URLFetcherResponse(url, font[2].read_bytes(), {"Content-Type": "font/ttf"})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise BlockedURL(f"blocked: {url[:80]}")


@cache
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@cache
def fonts_css() -> CSS:
    rules = "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{FONT_URL_PREFIX}{key}"); font-weight: {weight}; }}'
        for key, (family, weight, _path) in pdf_font_files().items()
    )
    return CSS(string=rules, url_fetcher=SafeFetcher(), font_config=font_configuration())


# WeasyPrint's font configuration is not safe to share between threads mid-render.
_render_lock = threading.Lock()


def render_html_to_pdf(html: str) -> bytes:
    """Render an HTML string that one of our templates produced."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher())
    with _render_lock:
        return document.write_pdf(
            stylesheets=[fonts_css()], font_config=font_configuration(), uncompressed_pdf=False
        )


def render_pdf(template: str, **context) -> bytes:
    """Render one of our templates (autoescaped by Jinja) to PDF bytes."""
    return render_html_to_pdf(render_template(template, **context))
