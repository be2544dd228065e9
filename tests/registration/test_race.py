"""Never oversell: many people race for the last seats through real server processes."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conference.models import Edition, Participant
from tests.helpers import make_edition

RACERS = 60
SEATS = 10


def letters(n: int) -> str:
    """Names hold letters only: 0 -> "Aa", 1 -> "Ab"…"""
    return chr(65 + n // 26) + chr(97 + n % 26)


def sign_up(base: str, n: int) -> int:
    """The real form flow: GET the form (cookie + CSRF token), then POST it."""
    with requests.Session() as browser:
        page = browser.get(f"{base}/register", timeout=60)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        response = browser.post(f"{base}/register", timeout=60, allow_redirects=False, data={
            "csrf_token": token, "name_ar": f"مشارك {letters(n)}", "name_en": f"Racer {letters(n)}", "email": f"racer{n}@example.org",
            "phone": f"05{n:08d}", "organization": "أمانة الرياض", "sector": "government", "language": "ar", "consent": "y",
        })
        return response.status_code


def sign_up_api(base: str, n: int) -> int:
    return requests.post(f"{base}/api/v1/registrations", timeout=60, json={
        "name_en": f"Api Racer {letters(n)}", "email": f"api{n}@example.org", "phone": f"+9665{n:08d}",
        "organization": "Riyadh Municipality", "sector": "government", "consent": True,
    }).status_code


@pytest.mark.slow
def test_sixty_racers_for_ten_seats(live_server, db):
    edition = make_edition(db, capacity=SEATS)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        form = [pool.submit(sign_up, live_server, n) for n in range(RACERS // 2)]
        api = [pool.submit(sign_up_api, live_server, n) for n in range(RACERS // 2)]
        statuses = [f.result() for f in form] + [f.result() for f in api]
    elapsed = time.monotonic() - started
    assert statuses.count(302) == RACERS // 2 and statuses.count(201) == RACERS // 2, statuses
    db.session.rollback()
    people = db.session.query(Participant).all()
    counts = {s: sum(p.status == s for p in people) for s in ("confirmed", "waitlisted")}
    assert counts == {"confirmed": SEATS, "waitlisted": RACERS - SEATS}
    assert db.session.get(Edition, edition.id).seats_taken == SEATS
    assert sorted(p.badge_number for p in people) == list(range(1, RACERS + 1))
    print(f"{RACERS} registrations raced in {elapsed:.2f}s")
