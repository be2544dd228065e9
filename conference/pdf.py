"""The one WeasyPrint entry point. Badges, the agenda and certificates all render here.

Only our own autoescaped templates are rendered, and the URL fetcher answers `data:`
URLs and our packaged font files, nothing else: no file paths from input, no network.
"""

import base64
import threading
from functools import cache

from flask import Response, render_template
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


# What a document promises its readers: tagged (a structure tree, the language, the title,
# an outline from its headings) for screen readers, and archivable for certificates.
PDFUA_IDENTIFICATION = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/></rdf:RDF>'
)
ACCESSIBLE = {"pdf_variant": "pdf/ua-1"}
# WeasyPrint makes one variant a document: PDF/A-3b, tagged, and identified as PDF/UA-1 as well.
ARCHIVAL_ACCESSIBLE = {
    "pdf_variant": "pdf/a-3b",
    "pdf_tags": True,
    "xmp_metadata": ["data:application/rdf+xml;base64," + base64.b64encode(PDFUA_IDENTIFICATION).decode()],
}

# WeasyPrint's font configuration is not safe to share between threads mid-render.
_render_lock = threading.Lock()


def render_html_to_pdf(html: str, pdf_options: dict | None = None) -> bytes:
    """Render an HTML string that one of our templates produced."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher())
    with _render_lock:
        return document.write_pdf(
            stylesheets=[fonts_css()], font_config=font_configuration(), uncompressed_pdf=False, **(pdf_options or {})
        )


def render_pdf(template: str, pdf_options: dict | None = None, **context) -> bytes:
    """Render one of our templates (autoescaped by Jinja) to PDF bytes."""
    return render_html_to_pdf(render_template(template, **context), pdf_options)


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> Response:
    """A PDF answer that stays out of shared caches, shown in the browser or downloaded."""
    disposition = "inline" if inline else "attachment"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": "private, no-store"},
    )
