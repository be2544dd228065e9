"""What tests share besides fixtures: building editions and accounts, signing in, posting forms
with their CSRF token, free ports and a real SMTP server's inbox. Fixtures are in conftest.py."""

import re
import socket
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pyotp

from conference.extensions import db as _db
from conference.models import Edition, User

TEST_PASSWORD = "correct horse battery"


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


class LiveServer(str):
    """The live server's base URL, with its gunicorn master process at hand."""

    process = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpInbox:
    """What a real SMTP server (aiosmtpd) received: one entry per message, with its recipients."""

    def __init__(self):
        self.port = free_port()
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
        deadline = time.monotonic() + seconds
        while len(self.recipients()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(settle)
        return self.recipients()
