"""Faults during traffic: a killed worker, a mail server that is down, a database restart."""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import func, select

from conference.models import OutgoingEmail, Participant
from tests.helpers import free_port

pytestmark = pytest.mark.faults


def _post_registration(base: str, n: int) -> int:
    body = json.dumps({
        "name_ar": "سارة العتيبي", "name_en": "Sara Alotaibi", "email": f"fault{n}@example.org",
        "phone": "0501234567", "organization": "أمانة محافظة جدة", "sector": "government", "consent": True,
    }).encode()
    request = urllib.request.Request(base + "/api/v1/registrations", data=body,
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # connection reset: the request may or may not have been committed


def _register_until_answered(base: str, n: int) -> int:
    """Like a person pressing the button again after a network error: retry until a real answer."""
    for _ in range(50):
        status = _post_registration(base, n)
        if status in (201, 409):
            return status
        time.sleep(0.1)
    return 0


def _worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def test_killing_a_worker_mid_rush_loses_and_duplicates_nothing(live_server, db, edition):
    total = 120
    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(_register_until_answered, live_server, n) for n in range(total)]
        time.sleep(0.5)
        victims = _worker_pids(live_server.process.pid)
        assert victims, "no gunicorn workers found"
        os.kill(victims[0], signal.SIGKILL)
        answers = [f.result() for f in futures]
    assert 0 not in answers
    db.session.rollback()
    emails = db.session.scalars(select(Participant.email)).all()
    assert sorted(emails) == sorted(f"fault{n}@example.org" for n in range(total))  # none lost, none twice
    confirmed = db.session.scalar(select(func.count()).where(Participant.status == "confirmed"))
    assert confirmed == edition.capacity  # 100 seats for 120 people: the rest waitlisted
    db.session.refresh(edition)
    assert edition.seats_taken == confirmed


class _Inbox(Message):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


SMTP_PORT = free_port()


@pytest.mark.live_env(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(SMTP_PORT), MAIL_RETRY_SECONDS="1")
def test_mail_server_down_delays_mail_but_loses_no_registration(live_server, db, edition):
    answers = [_post_registration(live_server, n) for n in range(8)]
    assert answers == [201] * 8  # registrations do not wait for the mail server
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 8
    queued = db.session.scalar(select(func.count()).select_from(OutgoingEmail))
    assert queued >= 8
    time.sleep(1.5)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(OutgoingEmail.status == "sent")) == 0
    assert db.session.scalar(select(func.max(OutgoingEmail.attempts))) >= 1

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            db.session.rollback()
            if db.session.scalar(select(func.count()).where(OutgoingEmail.status == "sent")) == queued:
                break
            time.sleep(0.5)
    finally:
        controller.stop()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(OutgoingEmail.status == "sent")) == queued
    assert {m["To"] for m in inbox.received} >= {f"fault{n}@example.org" for n in range(8)}


def _postgres_cluster() -> list[str] | None:
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    fields = out.stdout.split()
    return fields[:2] if out.returncode == 0 and len(fields) >= 2 else None


def _restart_postgresql(version: str, cluster: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart", "-m", "fast"],
                   check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_a_postgresql_restart_is_survived(live_server, db, edition):
    cluster = _postgres_cluster()
    if cluster is None or os.geteuid() != 0:
        pytest.skip("pg_ctlcluster is not available to restart the server")
    results, stop = [], threading.Event()

    def traffic():
        n = 1000
        while not stop.is_set():
            results.append((time.monotonic(), _post_registration(live_server, n), n))
            n += 1
            time.sleep(0.02)

    thread = threading.Thread(target=traffic)
    thread.start()
    time.sleep(1)
    _restart_postgresql(*cluster)
    restarted = time.monotonic()
    time.sleep(4)
    stop.set()
    thread.join()
    after = [status for at, status, _n in results if at > restarted + 2]
    assert after and all(status == 201 for status in after), after  # back to normal once it is back
    # While the database is down the answer is "try again shortly" (503), never an error page.
    assert {status for _at, status, _n in results} <= {201, 503, 0}
    db.session.rollback()
    db.session.close()
    saved = set(db.session.scalars(select(Participant.email)))
    for _at, status, n in results:
        if status == 201:
            assert f"fault{n}@example.org" in saved  # every answered registration is kept
