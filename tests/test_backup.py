"""`flask backup` makes a consistent copy while the app serves requests, and it restores."""

import json
import sqlite3
import subprocess
import sys
import threading
import urllib.request

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from conference.models import Participant
from conference.registration.service import register_participant


def _flask(app, *args):
    env = {"CONFERENCE_INSTANCE_PATH": app.instance_path, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PATH": "/usr/bin:/bin:/usr/local/bin", "SECRET_KEY": "cli-test"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "conference", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def _keep_reading(base_url: str, stop: threading.Event, errors: list) -> None:
    while not stop.is_set():
        try:
            with urllib.request.urlopen(base_url + "/api/v1/editions/current", timeout=5) as response:
                json.load(response)
        except Exception as exc:  # noqa: BLE001  (any failure counts)
            errors.append(exc)


def test_backup_while_serving_then_restore_finds_every_registration(app, db, edition, live_server, tmp_path):
    for n in range(25):
        register_participant(edition, {"name_ar": f"مشارك {n}", "email": f"b{n}@example.org"}, notify=False)
    db.session.commit()
    expected = set(db.session.scalars(select(Participant.email)))

    stop, errors = threading.Event(), []
    reader = threading.Thread(target=_keep_reading, args=(live_server, stop, errors))
    reader.start()
    out = tmp_path / "forum.backup"
    result = _flask(app, "backup", "--out", str(out))
    stop.set()
    reader.join()
    assert result.returncode == 0, result.stderr
    assert errors == []
    assert out.stat().st_size > 0

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(out) as restored:
            emails = {row[0] for row in restored.execute("select email from participants")}
            assert restored.execute("pragma integrity_check").fetchone()[0] == "ok"
    else:
        emails = _restore_postgresql(url, out)
    assert emails == expected


def _restore_postgresql(url, dump) -> set:
    name = f"{url.database}_restore"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    target = url.set(database=name)
    libpq = target.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq}", str(dump)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    engine = create_engine(target)
    with engine.connect() as conn:
        emails = set(conn.execute(select(Participant.email)).scalars())
        assert conn.execute(select(func.count()).select_from(Participant.__table__)).scalar() == len(emails)
    engine.dispose()
    return emails


def test_backup_reports_a_clear_error(app, tmp_path):
    result = _flask(app, "backup", "--out", str(tmp_path / "x" / "y.backup"))
    assert result.returncode == 0  # parent folders are created
    bad = subprocess.run([sys.executable, "-m", "flask", "--app", "conference", "backup", "--out", str(tmp_path / "z")],
                         capture_output=True, text=True, timeout=60,
                         env={"CONFERENCE_INSTANCE_PATH": str(tmp_path / "empty"), "PATH": "/usr/bin:/bin",
                              "SECRET_KEY": "x"})
    assert bad.returncode != 0 and "no SQLite database" in bad.stderr
