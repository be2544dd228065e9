"""Races through real gunicorn workers: two desks scan one badge at once; a nonce resent at once."""

import json
import threading
import urllib.request

from sqlalchemy import func, select

from conference.models.checkin import CheckIn
from tests.checkin.test_checkin import add_person


def post_all_at_once(url: str, bodies: list[dict], headers: dict) -> list[dict]:
    barrier = threading.Barrier(len(bodies))
    answers = [None] * len(bodies)

    def send(index, body):
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", **headers},
        )
        barrier.wait()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our test server)
            answers[index] = json.load(response)

    threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_desks_scanning_the_same_badge_get_one_ok(live_server, db, edition, api_token):
    desks = [api_token("desk"), api_token("desk")]
    people = [add_person(db, edition) for _ in range(6)]
    for person in people:
        answers = post_all_at_once(
            live_server + "/api/v1/checkin",
            [{"code": person.badge_code}] * 4,
            desks[0],
        )
        statuses = sorted(a["status"] for a in answers)
        assert statuses == ["already_checked_in"] * 3 + ["ok"], statuses
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(CheckIn.result == "ok")) == len(people)


def test_one_nonce_sent_many_times_at_once_records_one_check_in(live_server, db, edition, api_token):
    desk = api_token("desk")
    person = add_person(db, edition)
    answers = post_all_at_once(
        live_server + "/api/v1/checkin",
        [{"code": person.badge_code, "nonce": "offline-scan-000001"}] * 6,
        desk,
    )
    assert [a["status"] for a in answers] == ["ok"] * 6
    assert sum(not a["replayed"] for a in answers) == 1
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
