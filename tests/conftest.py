"""Test fixtures: a real app, a real database built by the migrations, real HTTP through the test client.

SQLite by default (a file per test session); PostgreSQL when TEST_DATABASE_URL is set
(each pytest-xdist worker gets its own database next to the one named).
"""

import os
import re
import time
from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conference import create_app
from conference.database import immediate_outside_requests
from conference.extensions import db as _db
from conference.models import ApiToken, Edition, User

TEST_PASSWORD = "correct horse battery"
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


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def form_post(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """GET the page holding the form, then POST with its CSRF token, as a browser would."""
    page = client.get(form_url or url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **data}, **kwargs)


@pytest.fixture
def edition(db):
    return make_edition(db)


def make_edition(db, **overrides) -> Edition:
    today = date.today()
    values = dict(
        number=3,
        year=today.year,
        title_ar="ملتقى يوم البلدية الإلكترونية",
        title_en="E-Municipality Day",
        theme_ar="نحو مدينة ذكية",
        theme_en="Towards a Smart City",
        venue_ar="مركز جدة للمنتديات",
        venue_en="Jeddah Forum Center",
        city_ar="جدة",
        city_en="Jeddah",
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=20),
        capacity=100,
        waitlist_enabled=True,
        approval_required=False,
        registration_opens_at=datetime.now(UTC) - timedelta(days=5),
        registration_closes_at=datetime.now(UTC) + timedelta(days=15),
        is_current=True,
    )
    values.update(overrides)
    edition = Edition(**values)
    db.session.add(edition)
    db.session.commit()
    return edition


def make_user(db, role: str, email: str | None = None, two_factor: bool | None = None) -> User:
    """A staff account with TEST_PASSWORD; administrators (who must) have two-factor sign-in set up."""
    user = User(email=email or f"{role}@test.example", role=role, name=f"Test {role}")
    user.set_password(TEST_PASSWORD)
    if two_factor if two_factor is not None else role == "admin":
        user.totp_secret = pyotp.random_base32()
    db.session.add(user)
    db.session.commit()
    return user


def totp_code(user: User) -> str:
    """The authenticator app's code for the account: the current one, or the next one when the
    current one was already used (each code signs in once), waiting for it if need be."""
    _db.session.refresh(user)
    totp = pyotp.TOTP(user.totp_secret)
    step = totp.timecode(time.time())
    if user.totp_last_step >= step + 1:
        time.sleep(totp.interval - time.time() % totp.interval + 0.05)
        step = totp.timecode(time.time())
    return totp.generate_otp(max(step, user.totp_last_step + 1))


def find_user_code(email: str) -> str:
    from conference.accounts.service import find_user

    return totp_code(find_user(email))


def login(client, user: User):
    """Sign in as a browser would: password, then the code from the app when the account has one."""
    response = form_post(client, "/account/login", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"].startswith("/account/login/code"):
        response = form_post(client, response.headers["Location"], {"code": totp_code(user)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


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


class LiveServer(str):
    """The live server's base URL, with its gunicorn master process at hand."""

    process = None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(app, request):
    """The app served by real gunicorn worker processes on the test database.

    Yields the base URL. `@pytest.mark.live_env(NAME="value")` adds environment variables
    for the server (for example FLASK_RATELIMIT_ENABLED="true"); `@pytest.mark.live_workers(4)`
    sets the number of gunicorn worker processes (2 by default).
    """
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
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


class SmtpInbox:
    """What a real SMTP server (aiosmtpd) received: one entry per message, with its recipients."""

    def __init__(self):
        import threading

        self.port = _free_port()
        self.messages: list[tuple[list[str], bytes]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def recipients(self) -> list[str]:
        with self._lock:
            return [to for tos, _ in self.messages for to in tos]

    def wait_for(self, count: int, seconds: float = 60, settle: float = 2.0) -> list[str]:
        """Wait until `count` messages arrived, then a little longer so that a duplicate would show."""
        import time

        deadline = time.monotonic() + seconds
        while len(self.recipients()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(settle)
        return self.recipients()


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
