"""The one WeasyPrint entry point fetches data: URLs and our fonts, and nothing else."""

import pytest

from conference.pdf import BlockedURL, SafeFetcher, render_html_to_pdf
from tests.pdf_text import pdf_text


def test_fetcher_refuses_files_and_network():
    fetcher = SafeFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "https://example.org/x.png", "forum-font:../../etc/passwd"):
        with pytest.raises((BlockedURL, ValueError)):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_hostile_markup_in_a_document_fetches_nothing(request_trap):
    base, hits = request_trap
    html = f"""<html lang="ar" dir="rtl"><body>
      <p>أحمد بن علي</p>
      <img src="file:///etc/passwd"><img src="{base}/img.png">
      <link rel="stylesheet" href="{base}/x.css">
      <p style="background: url('{base}/bg.png')">x</p></body></html>"""
    pdf = render_html_to_pdf(html)
    assert hits == []
    text = pdf_text(pdf)
    assert "root:" not in text
    assert "أحمد بن علي" in text
