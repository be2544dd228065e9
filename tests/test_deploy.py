"""The production shape: nginx (deploy/nginx.conf as shipped) in front of two gunicorn app servers
with their own instance folders, one PostgreSQL database, our own Redis, one `flask jobs worker`
and a real SMTP server. Run with `make test-deploy` (needs nginx and redis-server)."""

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from sqlalchemy.engine import make_url

from tests.badges.test_badges import qr_codes
from tests.helpers import SmtpInbox, free_port

pytestmark = pytest.mark.deploy

PROJECT = Path(__file__).resolve().parent.parent
RUSH = 500
SECRET = "deploy-test-secret"


def _need(program: str) -> str:
    path = shutil.which(program) or (f"/usr/sbin/{program}" if os.path.exists(f"/usr/sbin/{program}") else None)
    if not path:
        pytest.fail(f"{program} is not installed (apt-get install nginx-light redis-server)")
    return path


def _wait_http(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.2)


class Stack:
    """Every process of the production shape, started in a temporary folder."""

    def __init__(self, root: Path, database_url: str, inbox: SmtpInbox):
        self.root, self.database_url, self.inbox = root, database_url, inbox
        self.redis_port, self.nginx_port = free_port(), free_port()
        self.ports = {"a": free_port(), "b": free_port()}
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def server_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self, instance: str) -> dict:
        folder = self.root / instance
        folder.mkdir(exist_ok=True)
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECRET_KEY": SECRET,
            "CONFERENCE_INSTANCE_PATH": str(folder),
            "FLASK_TRUSTED_PROXIES": "1",
            "FLASK_STORAGE_URL": "database",
            "FLASK_SERVER_BASE_URL": self.url,
            "FLASK_PUBLIC_POST_RATE_LIMIT": "5 per minute",
            "FLASK_JOBS_REQUEUE_SECONDS": "5",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.inbox.port),
            "MAIL_RETRY_SECONDS": "3",
            "MAIL_CLAIM_SECONDS": "10",
        }

    def flask(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "conference", *args], cwd=PROJECT,
                              env=self.env("cli"), input=stdin, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start_redis(self) -> None:
        self.processes["redis"] = subprocess.Popen(
            [_need("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)], stdout=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True).returncode:
            assert time.monotonic() < deadline, "redis did not start"
            time.sleep(0.1)

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def start_app(self, name: str) -> None:
        env = {**self.env(f"instance-{name}"), "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "8",
               "BIND": f"127.0.0.1:{self.ports[name]}", "GUNICORN_ACCESS_LOG": str(self.root / f"access-{name}.log")}
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--log-level", "warning", "conference:create_app()"],
            cwd=PROJECT, env=env, start_new_session=True)
        _wait_http(self.server_url(name) + "/api/v1/openapi.json", self.processes[name])

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "conference", "jobs", "worker"], cwd=PROJECT,
            env=self.env("instance-worker"), start_new_session=True, stdout=subprocess.DEVNULL)

    def start_nginx(self) -> None:
        conf = self.root / "nginx"
        (conf / "forum").mkdir(parents=True)
        (conf / "forum" / "upstream.conf").write_text(
            "".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in self.ports.values()))
        (conf / "forum" / "listen.conf").write_text(f"listen 127.0.0.1:{self.nginx_port};\n")
        (conf / "nginx.conf").write_text(f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
pid {conf}/nginx.pid;
error_log {conf}/error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {conf}/body;
    proxy_temp_path {conf}/proxy;
    fastcgi_temp_path {conf}/fastcgi;
    uwsgi_temp_path {conf}/uwsgi;
    scgi_temp_path {conf}/scgi;
    include {PROJECT}/deploy/nginx.conf;
}}
""")
        command = [_need("nginx"), "-p", str(conf), "-e", str(conf / "error.log"), "-c", str(conf / "nginx.conf")]
        self.processes["nginx"] = subprocess.Popen(command, start_new_session=True)
        _wait_http(self.url + "/api/v1/openapi.json", self.processes["nginx"])

    def close(self) -> None:
        for name in ("nginx", "worker", "a", "b", "redis"):
            if name in self.processes:
                self.stop(name)
        if getattr(self, "smtp", None):
            self.smtp.stop()


def fresh_database(base: str) -> str:
    """A new PostgreSQL database next to the one named (`<name>_deploy`), as a plain postgresql:// URL."""
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_deploy"
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)


def open_stack(root: Path) -> Stack:
    """Schema, demo forum, an organizer's API token, then Redis, two app servers, the worker and nginx."""
    from aiosmtpd.controller import Controller

    base = os.environ.get("DEPLOY_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") \
        or "postgresql://postgres@127.0.0.1:5432/test_h11"
    inbox = SmtpInbox()
    stack = Stack(root, fresh_database(base), inbox)
    stack.smtp = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    stack.smtp.start()
    try:
        stack.flask("db", "upgrade")
        stack.flask("demo", "--participants", "0")
        stack.flask("users", "create", "lead@example.org", "--role", "organizer", "--password-stdin",
                    stdin="correct horse battery\n")
        stack.token = stack.flask("users", "token", "lead@example.org").strip().splitlines()[-1]
        stack.start_redis()
        stack.start_app("a")
        stack.start_app("b")
        stack.start_worker()
        stack.start_nginx()
    except BaseException:
        stack.close()
        raise
    return stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = open_stack(tmp_path_factory.mktemp("deploy"))
    try:
        yield stack
    finally:
        stack.close()


def query(stack: Stack, sql: str, *params):
    with psycopg.connect(stack.database_url) as conn:
        return conn.execute(sql, params).fetchall()


def post_json(base: str, path: str, body: dict, client: str = "127.0.0.1", headers: dict | None = None):
    """POST from a given local client address (127.x.y.z), as a different visitor would."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(client, 0))
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def visitor(n: int) -> str:
    return f"127.{10 + n // 60000}.{n // 250 % 240}.{n % 250 + 1}"


def spelled(n: int) -> str:
    """A name made of letters only, different for every number: 0 -> "Aaaa", 1 -> "Aaab"…"""
    letters = []
    for _ in range(4):
        n, rest = divmod(n, 26)
        letters.append(chr(97 + rest))
    return "".join(reversed(letters)).capitalize()


def registration(n: int, organization: str = "أمانة المنطقة الشرقية") -> dict:
    return {"name_en": f"Visitor {spelled(n)}", "email": f"visitor{n}@example.org",
            "phone": f"+9665{n:08d}", "organization": organization, "sector": "government", "consent": True}


def register(base: str, n: int, organization: str = "أمانة المنطقة الشرقية") -> int:
    try:
        status, _body = post_json(base, "/api/v1/registrations", registration(n, organization), client=visitor(n))
    except (OSError, http.client.HTTPException):  # no answer, or one cut off by a killed server: unknown
        return 0
    return status


def messages_for(stack: Stack, numbers) -> Counter:
    wanted = {f"visitor{n}@example.org" for n in numbers}
    return Counter(to for to in stack.inbox.recipients() if to in wanted)


def wait_for_messages(stack: Stack, numbers, seconds: float = 120) -> Counter:
    numbers = list(numbers)
    deadline = time.monotonic() + seconds
    while len(messages_for(stack, numbers)) < len(numbers) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # long enough for a duplicate to show
    return messages_for(stack, numbers)


def test_a_rush_over_both_servers_sends_each_confirmation_once(stack):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(lambda n: register(stack.url, n, "أمانة الأحساء" if n % 40 == 0 and n < 300 else "أمانة المنطقة الشرقية"),
                                 range(RUSH)))
    elapsed = time.monotonic() - started
    assert Counter(statuses) == {201: RUSH}
    received = wait_for_messages(stack, range(RUSH))
    assert received == {f"visitor{n}@example.org": 1 for n in range(RUSH)}
    for name in ("a", "b"):  # nginx spread the rush over both servers
        log = (stack.root / f"access-{name}.log").read_text()
        assert log.count("POST /api/v1/registrations") > RUSH // 5, name
    print(f"{RUSH} registrations through nginx on two servers in {elapsed:.1f}s ({RUSH / elapsed:.0f}/s)")


def test_rate_limits_are_shared_by_both_servers_and_keyed_on_the_real_client(stack):
    limited = [post_json(stack.url, "/api/v1/registrations", registration(10_000 + n), client="127.200.0.1")[0]
               for n in range(7)]
    assert limited[:5] == [201] * 5 and limited[5:] == [429, 429]  # 5 per minute, counted across both servers
    assert post_json(stack.url, "/api/v1/registrations", registration(10_100), client="127.200.0.2")[0] == 201


def follow_job(base: str, url_path: str, headers: dict, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = requests.get(base + url_path, headers=headers, timeout=30).json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.5)
    raise AssertionError("the job did not finish")


def start_badge_job(stack: Stack, base: str) -> dict:
    status, body = post_json(base, "/api/v1/badges/print-jobs",
                             {"layout": "a4-2x5", "organization": "الأحساء"}, headers=stack.auth)
    assert status == 202, body
    return json.loads(body)


@pytest.fixture(scope="module")
def auth(stack):
    stack.auth = {"Authorization": f"Bearer {stack.token}"}
    return stack.auth


def test_a_badge_job_started_on_one_server_is_downloaded_from_the_other(stack, auth):
    job = start_badge_job(stack, stack.server_url("a"))
    state = follow_job(stack.server_url("b"), urlsplit(job["status_url"]).path, auth)
    assert state["status"] == "done" and state["done"] == state["total"]
    download = requests.get(stack.server_url("b") + urlsplit(state["result_url"]).path, headers=auth, timeout=60)
    assert download.status_code == 200
    codes = query(stack, "SELECT badge_code FROM participants WHERE organization = %s AND status = 'confirmed'", "أمانة الأحساء")
    assert len(codes) == state["total"] > 0
    assert sorted(qr_codes(download.content, 0, scale=3)) == sorted(code for (code,) in codes)
    assert query(stack, "SELECT claimed_by FROM jobs WHERE id = %s", job["id"])[0][0].split(":")[1] != ""


def test_an_app_server_killed_mid_rush_loses_and_doubles_nothing(stack):
    numbers = range(20_000, 20_300)
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(register, stack.url, n) for n in numbers]
        while sum(f.done() for f in futures) < 60:
            time.sleep(0.05)
        stack.stop("a", signal.SIGKILL)  # the master and both workers, no goodbye
        statuses = dict(zip(numbers, (f.result() for f in futures), strict=True))
    created = {int(email.removeprefix("visitor").split("@")[0]) for (email,) in query(
        stack, "SELECT email FROM participants WHERE email LIKE 'visitor2____@example.org'")}
    answered = {n for n, status in statuses.items() if status == 201}
    assert answered <= created  # every 201 exists (once: the email is unique per edition)
    assert len(answered) > 150, Counter(statuses.values())
    received = wait_for_messages(stack, created, seconds=180)
    assert received == {f"visitor{n}@example.org": 1 for n in created}
    stack.start_app("a")


def test_with_redis_stopped_registrations_go_on_and_jobs_wait_for_it(stack, auth):
    stack.stop("redis")
    stopped = time.monotonic()
    statuses = [register(stack.url, 30_000 + n) for n in range(10)]
    job = start_badge_job(stack, stack.url)
    assert statuses == [201] * 10
    time.sleep(max(0.0, 30 - (time.monotonic() - stopped)))
    status_path = urlsplit(job["status_url"]).path
    assert requests.get(stack.url + status_path, headers=auth, timeout=30).json()["status"] == "queued"
    stack.start_redis()
    assert follow_job(stack.url, status_path, auth)["status"] == "done"
    assert wait_for_messages(stack, range(30_000, 30_010)) == {f"visitor{30_000 + n}@example.org": 1 for n in range(10)}


SOAK_SECONDS = 30


@pytest.mark.live_workers(4)
def test_a_mixed_soak_on_sqlite_answers_no_5xx(db, smtp_inbox, live_server, api_token):
    """Registrations, desk check-ins, first uses of API tokens, certificate downloads and mail
    delivery, all at once in four worker processes on the embedded database."""
    from datetime import date, timedelta

    from sqlalchemy import func, select

    from conference.models import ApiToken, OutgoingEmail, Participant, utcnow
    from conference.models.certificates import Certificate
    from tests.helpers import make_edition, make_user

    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, capacity=5000, starts_on=ended, ends_on=ended, registration_closes_at=utcnow() + timedelta(days=1))
    guests = [Participant(edition_id=edition.id, name_en=f"Guest {spelled(n)}", email=f"guest{n}@example.org",
                          status="confirmed", checked_in_at=utcnow() if n % 2 else None) for n in range(40)]
    db.session.add_all(guests)
    db.session.commit()
    tokens = []
    for n in range(200):
        _record, token = ApiToken.issue(make_user(db, "desk", email=f"soak-desk{n}@example.org"))
        tokens.append({"Authorization": f"Bearer {token}"})
    db.session.commit()
    codes = [g.badge_code for g in guests if not g.checked_in_at]
    links = [g.manage_token for g in guests if g.checked_in_at]
    ids = [g.id for g in guests]
    statuses: Counter = Counter()
    registered = []
    deadline = time.monotonic() + SOAK_SECONDS

    def soak(lane: int) -> None:
        n = 0
        with requests.Session() as http:
            while time.monotonic() < deadline:
                n += 1
                kind = (lane + n) % 5
                if kind == 0:
                    number = lane * 10_000 + n
                    response = http.post(f"{live_server}/api/v1/registrations", json=registration(number), timeout=60)
                    if response.status_code == 201:
                        registered.append(f"visitor{number}@example.org")
                elif kind == 1:
                    response = http.post(f"{live_server}/api/v1/checkin", headers=tokens[lane],
                                         json={"code": codes[n % len(codes)]}, timeout=60)
                elif kind == 2:
                    response = http.get(f"{live_server}/api/v1/participants/{ids[n % len(ids)]}/badge.pdf",
                                        headers=tokens[(lane * 50 + n) % len(tokens)], timeout=60)
                elif kind == 3:
                    response = http.get(f"{live_server}/r/{links[n % len(links)]}/certificate.pdf", timeout=60)
                else:
                    response = http.get(f"{live_server}/r/{links[n % len(links)]}", timeout=60)
                statuses[response.status_code // 100 * 100] += 1

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(soak, range(12)))
    print(f"soak: {sum(statuses.values())} requests, {dict(statuses)}")
    assert statuses[500] == 0
    assert smtp_inbox.wait_for(len(registered)) and Counter(smtp_inbox.recipients()) == Counter(registered)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail).where(OutgoingEmail.status != "sent")) == 0
    assert set(Counter(db.session.scalars(select(Certificate.participant_id))).values()) == {1}  # none twice
