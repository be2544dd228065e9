"""Door check-in speed: POST /api/v1/checkin against gunicorn with 8 concurrent clients.

    .venv/bin/python bench/checkin.py [--scans 6000] [--clients 8] [--workers 2] [--threads 4]
                                      [--database-url postgresql://…]

Builds a fresh database (SQLite in a temporary instance folder unless --database-url is
given) with the migrations, one current edition, --people confirmed participants and a
desk account with an API token; starts gunicorn; then each client process sends scans over
one keep-alive connection, as fast as answers come back. Nine scans in ten are first
arrivals (a write: the conditional UPDATE and the CheckIn record), one in ten a repeat.
Prints scans per second and p50/p99 latency as the clients measured them.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, people: int) -> tuple[list[str], str]:
    """Schema, an edition, confirmed participants and a desk token; returns (badge codes, token)."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "conference", "db", "upgrade"],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    os.environ.update(env)
    from datetime import date

    from conference import create_app
    from conference.models import ApiToken, Edition, Participant, User, db

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]} if "DATABASE_URL" in env else None)
    with app.app_context():
        today = date.today()
        edition = Edition(number=1, year=today.year, title_ar="ملتقى يوم البلدية الإلكترونية", title_en="E-Municipality Day",
                          starts_on=today, ends_on=today, capacity=people, seats_taken=people, badges_issued=people,
                          is_current=True)
        db.session.add(edition)
        db.session.flush()
        rows = [
            Participant(edition_id=edition.id, name_ar=f"مشارك رقم {i}", name_en=f"Participant {i}",
                        email=f"p{i}@bench.example", organization="أمانة محافظة جدة", sector="government",
                        status="confirmed", badge_number=i + 1)
            for i in range(people)
        ]
        db.session.add_all(rows)
        user = User(email="desk@bench.example", role="desk", name="Desk")
        db.session.add(user)
        db.session.flush()
        _record, token = ApiToken.issue(user)
        db.session.commit()
        codes = [p.badge_code for p in rows]
        db.engine.dispose()
    return codes, token


def client(port: int, token: str, codes: list[str], start_at: float, queue) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    latencies, statuses = [], {}
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    for code in codes:
        body = json.dumps({"code": code, "nonce": os.urandom(12).hex()})
        t0 = time.perf_counter()
        connection.request("POST", "/api/v1/checkin", body=body, headers=headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
        latencies.append(time.perf_counter() - t0)
        statuses[answer.get("status", response.status)] = statuses.get(answer.get("status", response.status), 0) + 1
    queue.put((latencies, statuses, began, time.perf_counter()))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=6000)
    parser.add_argument("--people", type=int, default=6000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="forum-bench-checkin-")
    env = {**os.environ, "CONFERENCE_INSTANCE_PATH": instance, "FLASK_RATELIMIT_ENABLED": "false", "SECRET_KEY": "bench"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    codes, token = prepare(env, args.people)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "/dev/null", "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "conference:create_app()"],
        env=env, cwd=ROOT,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        warm = codes[: args.clients * 10]
        for code in warm:  # let every worker load its code and open its connections
            c = http.client.HTTPConnection("127.0.0.1", port)
            c.request("POST", "/api/v1/checkin", body=json.dumps({"code": code}),
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            c.getresponse().read()

        rng = random.Random(1)
        fresh = codes[len(warm):]
        plan = [fresh[i % len(fresh)] if rng.random() < 0.9 else rng.choice(warm) for i in range(args.scans)]
        shares = [plan[i:: args.clients] for i in range(args.clients)]
        queue = multiprocessing.Queue()
        start_at = time.time() + 0.5
        processes = [multiprocessing.Process(target=client, args=(port, token, share, start_at, queue))
                     for share in shares]
        for process in processes:
            process.start()
        results = [queue.get() for _ in processes]
        for process in processes:
            process.join()
    finally:
        server.terminate()
        server.wait(timeout=10)

    latencies = [x for r in results for x in r[0]]
    statuses: dict = {}
    for r in results:
        for key, count in r[1].items():
            statuses[key] = statuses.get(key, 0) + count
    elapsed = max(r[3] for r in results) - min(r[2] for r in results)
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite (WAL)"
    print(f"database: {database}; gunicorn {args.workers} workers x {args.threads} threads; "
          f"{args.clients} clients; {os.cpu_count()} CPUs")
    print(f"scans: {len(latencies)} in {elapsed:.2f} s -> {len(latencies) / elapsed:.0f} scans/s")
    print(f"latency: p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms")
    print("answers:", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items(), key=str)))


if __name__ == "__main__":
    main()
