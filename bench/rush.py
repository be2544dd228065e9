"""Registration rush: N concurrent clients through the full HTML form flow against gunicorn.

Each registration is three requests, as a phone makes them: GET /register (the form and its
CSRF cookie), POST the form with its token, follow the redirect to the self-service page.
In the same run a bare Flask endpoint that inserts one row is measured as the ceiling.

    .venv/bin/python bench/rush.py [--db sqlite|postgresql|both] [--clients 32] [--registrations 1000]

Prints registrations per second, p50/p99 latency, errors, confirmed against capacity, and
the product's throughput as a fraction of the bare ceiling.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app_spec: str, env: dict, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--backlog", "2048", app_spec],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app_spec} did not start")


class Client:
    """One keep-alive connection and a cookie jar: a phone's browser, roughly."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, dict(response.headers), text


FIRST_AR = ("محمد", "أحمد", "فاطمة", "نورة", "عبدالله", "سارة", "خالد", "ريم", "عمر", "هند")
FAMILY_AR = ("الغامدي", "الزهراني", "العتيبي", "القحطاني", "الشهري", "الحربي", "المالكي", "الدوسري")
FIRST_EN = ("Mohammed", "Ahmed", "Fatimah", "Noura", "Abdullah", "Sarah", "Khalid", "Reem", "Omar", "Hind")
FAMILY_EN = ("Alghamdi", "Alzahrani", "Alotaibi", "Alqahtani", "Alshehri", "Alharbi", "Almalki", "Aldosari")


def register_once(client: Client, n: int) -> bool:
    status, _headers, page = client.request("GET", "/register")
    token = CSRF_RE.search(page)
    if status != 200 or not token:
        return False
    form = {
        "csrf_token": token.group(1),
        "name_ar": f"{FIRST_AR[n % 10]} {FAMILY_AR[n // 10 % 8]}", "name_en": f"{FIRST_EN[n % 10]} {FAMILY_EN[n // 10 % 8]}",
        "email": f"rush{n}@example.org", "phone": f"+9665{n % 100000000:08d}", "organization": "أمانة محافظة جدة",
        "job_title": "مهندس", "sector": "government", "city": "جدة", "language": "ar", "consent": "y", "website": "",
    }
    status, headers, _ = client.request("POST", "/register", urllib.parse.urlencode(form))
    if status != 302:
        return False
    location = urllib.parse.urlsplit(headers["Location"])
    status, _, _ = client.request("GET", location.path + ("?" + location.query if location.query else ""))
    return status == 200


def insert_once(client: Client, n: int) -> bool:
    status, _, _ = client.request("POST", "/insert", urllib.parse.urlencode({"email": f"bare{n}@example.org"}))
    return status == 201


def run_load(port: int, action, clients: int, total: int) -> dict:
    counter = iter(range(total))
    lock = threading.Lock()
    latencies, errors = [], [0]

    def worker():
        client = Client(port)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            started = time.perf_counter()
            try:
                ok = action(client, n)
            except Exception:  # noqa: BLE001  (a failure of any kind is an error to count)
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "per_second": total / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors[0],
        "wall_s": wall,
    }


def prepare_database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return "sqlite:///" + str(workdir / "rush.sqlite3")
    from sqlalchemy import create_engine, text

    name = "forum_rush"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def product_env(database_url: str, instance: Path) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CONFERENCE_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "rush-bench",
        "FLASK_RATELIMIT_ENABLED": "false",
        "GUNICORN_ACCESS_LOG": "",
    }


def load_demo_forum(env: dict, participants: int) -> None:
    """A new database with the demo forum, through the command line as an operator would."""
    flask = [PYTHON, "-m", "flask", "--app", "conference"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "--participants", str(participants)], cwd=ROOT, env=env, check=True, capture_output=True)


def set_up_forum(env: dict, capacity: int) -> None:
    load_demo_forum(env, 0)
    script = (
        "from conference import create_app\nfrom conference.models import Edition, db\n"
        "app = create_app()\nwith app.app_context():\n"
        f"    e = Edition.current(); e.capacity = {capacity}; e.approval_required = False; e.waitlist_enabled = True\n"
        "    db.session.commit()\n"
    )
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)


def count_statuses(env: dict) -> dict:
    script = (
        "import json\nfrom sqlalchemy import func, select\nfrom conference import create_app\n"
        "from conference.models import Edition, Participant, db\napp = create_app()\nwith app.app_context():\n"
        "    e = Edition.current()\n"
        "    rows = db.session.execute(select(Participant.status, func.count()).where(Participant.edition_id == e.id)"
        ".group_by(Participant.status)).all()\n"
        "    print(json.dumps({'capacity': e.capacity, 'seats_taken': e.seats_taken, **{s: n for s, n in rows}}))\n"
    )
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_database(kind: str, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"rush-{kind}-"))
    try:
        database_url = prepare_database(kind, workdir)
        env = product_env(database_url, workdir / "instance")
        set_up_forum(env, args.capacity)

        bare_env = {
            "PATH": env["PATH"], "PYTHONPATH": str(ROOT / "bench"), "GUNICORN_ACCESS_LOG": "",
            "BARE_DATABASE_URL": database_url.replace("postgresql://", "postgresql+psycopg://", 1),
        }
        subprocess.run([PYTHON, "-c", "import bare_app; bare_app.create_table()"], env=bare_env, check=True, cwd=ROOT)
        server, port = start_gunicorn("bare_app:app", bare_env, args.workers, args.threads)
        try:
            run_load(port, insert_once, args.clients, min(200, args.registrations))  # warm-up
            bare = run_load(port, insert_once, args.clients, args.registrations)
        finally:
            server.terminate()
            server.wait()

        server, port = start_gunicorn("conference:create_app()", env, args.workers, args.threads)
        try:
            product = run_load(port, register_once, args.clients, args.registrations)
        finally:
            server.terminate()
            server.wait()
        counts = count_statuses(env)
        return {"bare": bare, "product": product, "counts": counts}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(kind: str, result: dict, args) -> None:
    bare, product, counts = result["bare"], result["product"], result["counts"]
    confirmed = counts.get("confirmed", 0)
    print(f"\n== {kind}: {args.registrations} registrations, {args.clients} clients, "
          f"gunicorn {args.workers} workers x {args.threads} threads")
    print(f"bare insert ceiling : {bare['per_second']:8.1f} req/s   p50 {bare['p50_ms']:6.1f} ms   "
          f"p99 {bare['p99_ms']:6.1f} ms   errors {bare['errors']}")
    print(f"registration flow   : {product['per_second']:8.1f} reg/s   p50 {product['p50_ms']:6.1f} ms   "
          f"p99 {product['p99_ms']:6.1f} ms   errors {product['errors']}   (3 requests each)")
    print(f"fraction of ceiling : {product['per_second'] / bare['per_second']:.2f}")
    print(f"confirmed {confirmed} / capacity {counts['capacity']} (seats_taken {counts['seats_taken']}), "
          f"waitlisted {counts.get('waitlisted', 0)}, oversold: {'YES' if confirmed > counts['capacity'] else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=800)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for kind in kinds:
        report(kind, bench_database(kind, args), args)


if __name__ == "__main__":
    main()
