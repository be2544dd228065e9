import io
import os
import re
from pathlib import Path

import brotli
from fontTools.ttLib import TTFont
from sqlalchemy import text

from conference import create_app
from conference.models import db


def test_secret_key_is_generated_into_the_instance_folder_once(tmp_path, monkeypatch, _schema):
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    first = create_app({"SQLALCHEMY_DATABASE_URI": _schema})
    second = create_app({"SQLALCHEMY_DATABASE_URI": _schema})
    key_file = tmp_path / "inst" / "secret_key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 64


def test_config_layers_instance_file_then_environment(tmp_path, monkeypatch, _schema):
    inst = tmp_path / "inst"
    inst.mkdir()
    (inst / "config.py").write_text("MAIL_DEFAULT_SENDER = 'from-file@example.org'\nLOGIN_RATE_LIMIT = '3 per minute'\n")
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(inst))
    monkeypatch.setenv("FLASK_LOGIN_RATE_LIMIT", "5 per minute")
    monkeypatch.setenv("FLASK_RATELIMIT_ENABLED", "false")
    app = create_app({"SQLALCHEMY_DATABASE_URI": _schema})
    assert app.instance_path == str(inst)
    assert app.config["MAIL_DEFAULT_SENDER"] == "from-file@example.org"
    assert app.config["LOGIN_RATE_LIMIT"] == "5 per minute"
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.debug is False


def test_database_url_environment_means_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:5432/forum")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:5432/forum"


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + os.path.join(str(tmp_path), "forum.sqlite3")


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_security_headers_and_cookies(client, edition):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    page = client.get("/account/login")
    cookie = page.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_inline_scripts_or_styles_in_templates():
    root = Path(__file__).resolve().parent.parent / "templates"
    for template in root.rglob("*.html"):
        source = template.read_text()
        assert "<script>" not in source and "<script >" not in source, template
        assert " onclick=" not in source and " onload=" not in source, template
        if "pdf" not in template.parts and "email" not in template.parts and "badges" not in template.parts:
            assert ' style="' not in source, template


def font_urls(css: str) -> list[str]:
    return re.findall(r'url\("(/fonts/[^"]+)"\)', css)


def test_fonts_are_woff2_subsets_split_by_script(client):
    page = client.get("/").get_data(as_text=True)
    faces_url = re.search(r'<link rel="stylesheet" href="(/fonts/faces\.css\?v=[0-9a-f]+)"', page).group(1)
    faces = client.get(faces_url)
    assert faces.mimetype == "text/css"
    assert "immutable" in faces.headers["Cache-Control"] and "max-age=31536000" in faces.headers["Cache-Control"]
    css = faces.get_data(as_text=True)
    downloaded = [rule for rule in css.splitlines() if "url(" in rule]
    assert len(downloaded) == 4 and all("font-display: swap" in rule for rule in downloaded)
    # The stand-ins drawn until Tajawal arrives: local fonts scaled to its width, Arabic only.
    fallbacks = [rule for rule in css.splitlines() if "local(" in rule]
    assert len(fallbacks) == css.count("@font-face") - 4 == 4
    assert all("size-adjust" in rule and "U+0600-06FF" in rule and "U+0000" not in rule for rule in fallbacks)
    arabic = [u for u in font_urls(css) if "arabic" in u]
    latin = [u for u in font_urls(css) if "latin" in u]
    assert len(arabic) == len(latin) == 2
    for url in arabic + latin:
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "font/woff2"
        assert response.data[:4] == b"wOF2"
        assert len(response.data) < 40_000, (url, len(response.data))
        assert "immutable" in response.headers["Cache-Control"]
        cmap = TTFont(io.BytesIO(response.data)).getBestCmap()
        if url in arabic:
            assert ord("ب") in cmap and ord("A") not in cmap
        else:
            assert ord("A") in cmap and ord("ب") not in cmap
    assert client.get("/fonts/..%2F..%2Fetc%2Fpasswd.woff2").status_code == 404
    assert client.get("/fonts/tajawal-arabic-400.000000000000.woff2").status_code == 404
    assert client.get("/fonts/noto-sans-arabic.ttf").status_code == 404


def test_each_language_preloads_the_font_of_its_first_paint(client):
    arabic = client.get("/").get_data(as_text=True)
    client.get("/language/en")
    english = client.get("/").get_data(as_text=True)
    assert re.search(r'rel="preload" href="/fonts/tajawal-arabic-400\.[0-9a-f]+\.woff2" as="font"', arabic)
    assert re.search(r'rel="preload" href="/fonts/noto-sans-latin-400\.[0-9a-f]+\.woff2" as="font"', english)


def test_pages_and_static_files_are_compressed_and_static_urls_cached_for_a_year(client):
    page = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert len(brotli.decompress(page.data)) > 2 * len(page.data)
    html = brotli.decompress(page.data).decode()
    css_url = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html).group(1)
    css = client.get(css_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert css.headers["Content-Encoding"] == "br"
    assert b"font-family" in brotli.decompress(css.data)
    assert "immutable" in css.headers["Cache-Control"] and "max-age=31536000" in css.headers["Cache-Control"]
    assert "immutable" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers and "<html" in plain.get_data(as_text=True)


def test_unknown_page_is_a_friendly_404_in_arabic(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "لم نعثر على هذه الصفحة" in response.get_data(as_text=True)


def test_ids_too_large_for_the_database_are_not_found(client, api_token, edition):
    headers = api_token("organizer")
    for url in ("/api/v1/participants/99999999999999999999999", "/api/v1/participants/2147483648"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/participants/2147483647", headers=headers).status_code == 404


def test_numbers_too_large_for_the_database_in_queries_are_refused_cleanly(client, api_token, edition):
    headers = api_token("organizer")
    assert client.patch("/api/v1/sessions/8881076873282336", json={}, headers=headers).status_code == 404
    for url in ("/api/v1/awards?year=99999999999999999999", "/awards?year=99999999999999999999&edition=88888888888888888888"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # out of range: no such edition or year


def test_a_connection_the_database_closed_does_not_turn_the_answer_into_an_error(app, db):
    """The database restarting between a request's work and its end: the rollback at teardown
    fails on the dead connection, and the answer already made must still go out."""

    @app.get("/probe/connection-lost")
    def connection_lost():
        db.session.execute(text("SELECT 1"))
        db.session.connection().connection.dbapi_connection.close()  # as a restart would
        return "made"

    response = app.test_client().get("/probe/connection-lost")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "made")
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200  # the next request is served
