"""Morning peak at the doors: 400 arrivals over 4 self check-in kiosks and 2 desks, each with its
own real IPP printer (ippeveprinter), one printer switched off for 2 minutes in the middle.

    .venv/bin/python bench/doors.py [--people 400] [--minutes 20] [--speed 10] [--label-seconds 1]

The simulated day runs `--speed` times faster than real time (arrivals and the printer's
off time are scaled; printing and the server are not). Each printer takes `--label-seconds`
per label, like a label printer. Prints: scan-to-printer-accepted p50/p95 (the printer's
Print-Job answer, from the jobs' sent_at), prints per person counted in the printers' own
spool folders (must be exactly 1.000), and the people waiting when the offline printer came
back, with how long they waited. Needs ippeveprinter (cups-ipp-utils) and runs as root to
start D-Bus and Avahi if they are not running.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from tests import ippeve  # noqa: E402

KIOSKS, DESKS, PIN = 4, 2, "482916"


def prepare(env: dict, people: int, printers: list) -> tuple[list[tuple[int, str, str]], str, list[dict]]:
    """Schema, an edition, confirmed participants, stations and a desk token."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "conference", "db", "upgrade"],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    os.environ.update(env)
    from datetime import date

    from conference import create_app
    from conference.models import ApiToken, Edition, Participant, User, db
    from conference.models.printing import PrintStation

    app = create_app()
    with app.app_context():
        today = date.today()
        edition = Edition(number=1, year=today.year, title_ar="ملتقى يوم البلدية الإلكترونية",
                          title_en="E-Municipality Day", starts_on=today, ends_on=today, capacity=people,
                          seats_taken=people, badges_issued=people, is_current=True)
        db.session.add(edition)
        db.session.flush()
        rows = [Participant(edition_id=edition.id, name_ar=f"مشارك رقم {i}", name_en=f"Participant {i}",
                            email=f"p{i}@bench.example", phone=f"+9665550{i:05d}", organization="أمانة محافظة جدة",
                            status="confirmed", badge_number=i + 1) for i in range(people)]
        db.session.add_all(rows)
        stations = []
        for index, printer in enumerate(printers):
            kind = "kiosk" if index < KIOSKS else "desk"
            station = PrintStation(edition_id=edition.id, name_ar=f"محطة {index + 1}", name_en=f"{kind} {index + 1}",
                                   printer_uri=printer.uri, layout="62mm", auto_print=True)
            station.set_kiosk_pin(PIN)
            db.session.add(station)
            stations.append((station, kind))
        user = User(email="desk@bench.example", role="desk", name="Desk")
        db.session.add(user)
        db.session.flush()
        _record, token = ApiToken.issue(user)
        db.session.commit()
        people_rows = [(p.id, p.badge_code, p.phone) for p in rows]
        station_rows = [{"id": s.id, "kind": kind, "code": s.kiosk_code} for s, kind in stations]
        db.engine.dispose()
    return people_rows, token, station_rows


def open_kiosk(base: str, station: dict) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/kiosk/{station['id']}").text
    csrf = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0] \
        if 'name="csrf_token" type="hidden" value="' in page else page.split('value="', 1)[1].split('"', 1)[0]
    answer = session.post(f"{base}/kiosk/{station['id']}/open",
                          data={"csrf_token": csrf, "code": station["code"], "pin": PIN}, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    screen = session.get(f"{base}/kiosk/{station['id']}").text
    session.headers["X-CSRFToken"] = screen.split('data-csrf="', 1)[1].split('"', 1)[0]
    return session


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "8", "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "conference:create_app()"],
        env=env, cwd=ROOT,
    )
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--speed", type=float, default=10)
    parser.add_argument("--label-seconds", type=float, default=1.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="forum-doors-"))
    label = work / "label.sh"
    label.write_text(f"#!/bin/sh\nsleep {args.label_seconds}\n")
    label.chmod(0o755)
    printers = [ippeve.Printer(work / f"spool-{i}", name=f"Station{i}", command=str(label)).start()
                for i in range(KIOSKS + DESKS)]
    port = ippeve.free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CONFERENCE_INSTANCE_PATH": str(work / "instance"),
           "SECRET_KEY": "bench", "FLASK_RATELIMIT_ENABLED": "false", "FLASK_PRINT_RETRY_SECONDS": "1",
           "GUNICORN_ACCESS_LOG": ""}
    (work / "instance").mkdir()
    people, token, stations = prepare(env, args.people, printers)
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        run(args, base, token, people, stations, printers, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
        for printer in printers:
            printer.stop()


def run(args, base, token, people, stations, printers, env) -> None:
    rng = random.Random(16)
    window = args.minutes * 60 / args.speed  # real seconds
    arrivals = sorted((rng.uniform(0, window), person, rng.randrange(len(stations))) for person in people)
    kiosk_sessions = {s["id"]: open_kiosk(base, s) for s in stations if s["kind"] == "kiosk"}
    offline_printer = printers[0]
    off_at, back_at = window / 2 - 60 / args.speed, window / 2 + 60 / args.speed
    scanned_at, errors, lock = {}, [], threading.Lock()
    back_moment = {}

    def arrive(when, person, station_index):
        person_id, code, _phone = person
        station = stations[station_index]
        time.sleep(max(0.0, start + when - time.time()))
        began = time.time()
        if station["kind"] == "kiosk":
            answer = kiosk_sessions[station["id"]].post(f"{base}/kiosk/{station['id']}/scan", json={"code": code})
        else:
            answer = requests.post(f"{base}/api/v1/checkin", json={"code": code, "station_id": station["id"]},
                                   headers={"Authorization": f"Bearer {token}"}, timeout=60)
        with lock:
            scanned_at[person_id] = began
            if answer.status_code != 200:
                errors.append(answer.status_code)

    def switch_printer():
        time.sleep(max(0.0, start + off_at - time.time()))
        offline_printer.stop()
        back_moment["off"] = time.time()
        time.sleep(max(0.0, start + back_at - time.time()))
        back_moment["at"] = time.time()
        back_moment["waiting"] = waiting_jobs(env, stations[0]["id"])
        offline_printer.start()

    start = time.time() + 1
    threads = [threading.Thread(target=arrive, args=a) for a in arrivals]
    switch = threading.Thread(target=switch_printer)
    switch.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    switch.join()
    deadline = time.time() + 300
    while time.time() < deadline and sum(len(p.documents()) for p in printers) < len(people):
        time.sleep(0.5)
    time.sleep(3)  # a second print of anyone would have arrived by now
    report(args, people, stations, printers, env, scanned_at, errors, back_moment, window)


def waiting_jobs(env, station_id) -> int:
    from conference import create_app
    from conference.models import db
    from conference.models.printing import PrintJob

    app = create_app()
    with app.app_context():
        count = db.session.query(PrintJob).filter_by(station_id=station_id, status="queued").count()
        db.engine.dispose()
    return count


def report(args, people, stations, printers, env, scanned_at, errors, back_moment, window) -> None:
    from conference import create_app
    from conference.models import db
    from conference.models.printing import PrintJob

    app = create_app()
    with app.app_context():
        jobs = db.session.query(PrintJob).all()
        participant_of = {job.printer_job_name: job.participant_id for job in jobs}
        accepted = {job.participant_id: job.sent_at.timestamp() for job in jobs if job.sent_at}
        offline_jobs = [job for job in jobs if job.station_id == stations[0]["id"] and job.sent_at
                        and back_moment.get("off", 0) <= job.created_at.timestamp() <= back_moment.get("at", 0)]
        db.engine.dispose()
    printed = [participant_of.get(name) for printer in printers for name in printer.job_names()]
    per_person = {pid: printed.count(pid) for pid, _c, _p in people}
    latencies = [accepted[pid] - scanned_at[pid] for pid in accepted if pid in scanned_at]
    normal = [accepted[j.participant_id] - scanned_at[j.participant_id] for j in jobs
              if j.sent_at and j.attempts == 1 and j.participant_id in scanned_at]
    waited = [accepted[j.participant_id] - scanned_at[j.participant_id] for j in offline_jobs if j.sent_at]
    print(f"arrivals: {len(people)} over {args.minutes:g} simulated minutes ({window:.0f} s real, speed ×{args.speed:g}),"
          f" {KIOSKS} kiosks + {DESKS} desks, label printers at {args.label_seconds:g} s a label")
    print(f"scan errors: {len(errors)}")
    print(f"scan-to-printer-accepted, all: p50 {statistics.median(latencies):.2f} s, p95 {percentile(latencies, 0.95):.2f} s")
    print(f"scan-to-printer-accepted, printer on: p50 {statistics.median(normal):.2f} s, p95 {percentile(normal, 0.95):.2f} s")
    print(f"documents received by the printers: {len(printed)}; prints per person: "
          f"{sum(per_person.values()) / len(people):.3f} (min {min(per_person.values())}, max {max(per_person.values())})")
    print(f"offline printer: off for {120 / args.speed:.0f} s real (2 simulated minutes); "
          f"{back_moment.get('waiting', 0)} people waiting when it came back; {len(offline_jobs)} prints waited in all")
    if waited:
        print(f"their wait, scan to printer accepted: median {statistics.median(waited):.1f} s real, "
              f"longest {max(waited):.1f} s real ({max(waited) * args.speed / 60:.1f} simulated minutes)")


if __name__ == "__main__":
    main()
