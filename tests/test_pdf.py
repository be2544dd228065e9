"""The one WeasyPrint entry point fetches data: URLs and our fonts, and nothing else."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from conference.pdf import BlockedURL, SafeFetcher, render_html_to_pdf


def test_fetcher_refuses_files_and_network():
    fetcher = SafeFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "https://example.org/x.png", "forum-font:../../etc/passwd"):
        with pytest.raises((BlockedURL, ValueError)):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_hostile_markup_in_a_document_fetches_nothing():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    html = f"""<html lang="ar" dir="rtl"><body>
      <p>أحمد بن علي</p>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/img.png">
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
      <p style="background: url('http://127.0.0.1:{port}/bg.png')">x</p></body></html>"""
    pdf = render_html_to_pdf(html)
    server.shutdown()
    assert hits == []
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "root:" not in text
    assert "علي" in text or "ﻲﻠﻋ" in text or "أحمد" in text
