"""gunicorn, started with the project's gunicorn.conf.py, writes /r/<token> links as /r/…."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conference.registration.service import register_participant
from tests.helpers import free_port

pytestmark = pytest.mark.security

PROJECT = Path(__file__).resolve().parents[2]


def test_the_access_log_never_holds_a_private_link(app, db, edition, tmp_path):
    person = register_participant(edition, {"name_ar": "مها السبيعي", "email": "maha@example.org"}, notify=False).participant
    db.session.commit()
    token = person.manage_token
    log = tmp_path / "access.log"
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CONFERENCE_INSTANCE_PATH": app.instance_path,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "log-test", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1", "GUNICORN_ACCESS_LOG": str(log)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "conference:create_app()"],
                              env=env, cwd=PROJECT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        for path in (f"/r/{token}", f"/r/{token}/agenda", f"/r/{token}/event.ics?lang=en"):
            request = urllib.request.Request(base + path, headers={"Referer": f"{base}/r/{token}"})
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
    written = log.read_text()
    assert written.count("/r/…") >= 3
    assert token not in written


def _wait_until_up(base: str, server) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2)  # noqa: S310
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.2)
