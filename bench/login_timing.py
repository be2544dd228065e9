"""Sign-in answer times for an unknown email and for a known email with a wrong password,
through the real login form (test client, SQLite), in the same run.

    .venv/bin/python bench/login_timing.py [--rounds N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CONFERENCE_INSTANCE_PATH", tempfile.mkdtemp())

from flask_migrate import upgrade  # noqa: E402

from conference import create_app  # noqa: E402
from conference.accounts.service import create_user  # noqa: E402
from conference.extensions import db  # noqa: E402
from tests.helpers import csrf_from  # noqa: E402


def timed_logins(client, email: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        token = csrf_from(client.get("/account/login").get_data(as_text=True))
        started = time.perf_counter()
        client.post("/account/login", data={"csrf_token": token, "email": email, "password": "not the password"})
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    database = Path(os.environ["CONFERENCE_INSTANCE_PATH"]) / "bench.sqlite3"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        create_user("known@bench.example", "organizer", "the right password")
        db.session.commit()
    client = app.test_client()
    timed_logins(client, "warm@bench.example", 2)
    unknown = statistics.median(timed_logins(client, "nobody@bench.example", rounds))
    known = statistics.median(timed_logins(client, "known@bench.example", rounds))
    print(f"unknown email: median {unknown * 1000:6.1f} ms over {rounds} sign-ins")
    print(f"known email:   median {known * 1000:6.1f} ms over {rounds} sign-ins")
    print(f"ratio unknown/known: {unknown / known:.2f}")


if __name__ == "__main__":
    main()
