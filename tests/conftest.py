"""Test fixtures: a real app, a real database built by the migrations, real HTTP through the test client.

SQLite by default (a file per test session); PostgreSQL when TEST_DATABASE_URL is set
(each pytest-xdist worker gets its own database next to the one named).
"""

import os
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conference import create_app
from conference.database import immediate_outside_requests
from conference.extensions import db as _db
from conference.models import ApiToken, User
from tests.helpers import LiveServer, SmtpInbox, free_port, login, make_edition, make_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_terminal_summary(terminalreporter, config):
    if not os.path.exists(CHROMIUM):
        terminalreporter.write_line(
            f"Browser journeys skipped: Chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium; then make test-browser).", yellow=True)
    elif "not browser" in (config.option.markexpr or ""):
        terminalreporter.write_line("Browser journeys not run here: make test-browser runs them.")


def _postgres_url_for_worker(base_url: str, worker: str) -> str:
    url = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1)
                   if base_url.startswith("postgresql://") else base_url)
    name = f"{url.database}_forum_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        return _postgres_url_for_worker(base, worker_id)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "forum.sqlite3")


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Build the schema once per session through the Alembic migrations."""
    from flask_migrate import upgrade

    instance = tmp_path_factory.mktemp("instance-migrate")
    os.environ["CONFERENCE_INSTANCE_PATH"] = str(instance)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return database_url


def _empty_all_tables():
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g` and its own
    database session. The test's session commits first so it holds no lock during the request."""

    def open(self, *args, **kwargs):
        _db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(_schema, tmp_path, monkeypatch, request):
    """The app; `@pytest.mark.app_config(KEY=value)` overrides settings for one test."""
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(instance))
    overrides = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _schema,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "MAIL_DELIVER_INLINE": True,
        "SERVER_BASE_URL": "http://localhost",
    }
    marker = request.node.get_closest_marker("app_config")
    if marker:
        overrides.update(marker.kwargs)
    app = create_app(overrides)
    if overrides["RATELIMIT_ENABLED"]:
        from conference.extensions import limiter

        limiter.reset()
    app.test_client_class = FreshContextClient
    deferred = immediate_outside_requests.set(False)  # the test's own reads lock nothing
    with app.app_context():
        _empty_all_tables()
        yield app
        _db.session.remove()
        _db.engine.dispose()
    immediate_outside_requests.reset(deferred)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def edition(db):
    return make_edition(db)


@pytest.fixture
def login_as(db, client):
    """login_as('organizer') signs the test client in with a fresh account of that role."""

    def sign_in(role: str) -> User:
        user = make_user(db, role, email=f"{role}-{os.urandom(3).hex()}@test.example")
        login(client, user)
        return user

    return sign_in


@pytest.fixture
def api_token(db):
    """api_token('admin') returns bearer headers for a fresh account of that role."""

    def issue(role: str) -> dict:
        user = make_user(db, role, email=f"api-{role}-{os.urandom(3).hex()}@test.example")
        _record, token = ApiToken.issue(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return issue


@pytest.fixture
def live_server(app, request):
    """The app served by real gunicorn worker processes on the test database.

    Yields the base URL. `@pytest.mark.live_env(NAME="value")` adds environment variables
    for the server (for example FLASK_RATELIMIT_ENABLED="true"); `@pytest.mark.live_workers(4)`
    sets the number of gunicorn worker processes (2 by default).
    """
    import subprocess
    import sys
    import urllib.request

    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CONFERENCE_INSTANCE_PATH": app.instance_path,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_SERVER_BASE_URL": f"http://127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
    }
    if "smtp_inbox" in request.fixturenames:  # the server sends its mail to the test's SMTP server
        env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(request.getfixturevalue("smtp_inbox").port))
    if marker := request.node.get_closest_marker("live_env"):
        env.update(marker.kwargs)
    workers_marker = request.node.get_closest_marker("live_workers")
    workers = str(workers_marker.args[0] if workers_marker else 2)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", workers, "--threads", "8", "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "conference:create_app()"],
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    base = LiveServer(f"http://127.0.0.1:{port}")
    base.process = server
    deadline = time.monotonic() + 90  # a busy CI machine can take a while to start the workers
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("the test server did not start") from None
            time.sleep(0.2)
    _db.session.commit()
    try:
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def request_trap():
    """A local HTTP server that records every request: prove that something fetches nothing.

    Yields (base_url, hits)."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

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
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()


@pytest.fixture
def smtp_inbox():
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
