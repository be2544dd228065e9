"""One effect per cause under several server processes: each message sent once, GETs that write
never fail, one certificate per person however many first requests race."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import func, select

from conference.mail import build_message, deliver_pending, queue_email
from conference.models import ApiToken, OutgoingEmail, Participant, utcnow
from conference.models.certificates import Certificate
from tests.helpers import make_edition, make_user
from tests.registration.test_race import letters

REGISTRATIONS = 120


def register(base: str, n: int) -> int:
    return requests.post(f"{base}/api/v1/registrations", timeout=60, json={
        "name_en": f"Once {letters(n)}", "email": f"once{n}@example.org", "phone": f"+9665{n:08d}",
        "organization": "Jeddah Municipality", "sector": "government", "consent": True,
    }).status_code


@pytest.mark.slow
@pytest.mark.live_workers(4)
def test_four_workers_send_every_confirmation_exactly_once(db, smtp_inbox, live_server):
    make_edition(db, capacity=1000)
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda n: register(live_server, n), range(REGISTRATIONS)))
    assert statuses == [201] * REGISTRATIONS
    received = smtp_inbox.wait_for(REGISTRATIONS)
    assert len(received) == REGISTRATIONS
    assert Counter(received) == {f"once{n}@example.org": 1 for n in range(REGISTRATIONS)}
    db.session.rollback()
    states = dict(db.session.execute(select(OutgoingEmail.status, func.count()).group_by(OutgoingEmail.status)).all())
    assert states == {"sent": REGISTRATIONS}
    print(f"{len(received) / REGISTRATIONS:.3f} messages per registration under 4 workers")


def _queue(db, n: int) -> OutgoingEmail:
    record = queue_email(build_message(f"claim{n}@example.org", "تأكيد", "نص"), purpose="test")
    db.session.commit()
    return record


def test_a_claimed_message_is_left_alone_until_its_claim_is_stale(app, db):
    mine, theirs = _queue(db, 1), _queue(db, 2)
    theirs.status, theirs.claimed_by, theirs.claimed_at = "sending", "other-server:1:abc", utcnow()
    db.session.commit()
    assert deliver_pending() == (1, 0)  # only the unclaimed one
    db.session.refresh(mine), db.session.refresh(theirs)
    assert mine.status == "sent" and theirs.status == "sending"

    theirs.claimed_at = utcnow() - timedelta(seconds=app.config["MAIL_CLAIM_SECONDS"] + 1)  # its process died
    db.session.commit()
    assert deliver_pending() == (1, 0)
    db.session.refresh(theirs)
    assert theirs.status == "sent" and theirs.claimed_by == ""
    assert deliver_pending() == (0, 0)


def test_a_failed_attempt_releases_the_claim_for_a_later_retry(app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    record = _queue(db, 3)
    assert deliver_pending() == (0, 1)
    db.session.refresh(record)
    assert (record.status, record.claimed_by, record.attempts) == ("pending", "", 1)


def desk_tokens(db, count: int) -> list[dict]:
    headers = []
    for n in range(count):
        _record, token = ApiToken.issue(make_user(db, "desk", email=f"desk{n}@test.example"))
        headers.append({"Authorization": f"Bearer {token}"})
    db.session.commit()
    return headers


@pytest.mark.slow
@pytest.mark.live_workers(4)
def test_reads_that_write_never_fail_while_others_register(db, live_server):
    """Each desk token's first GET records its use, each certificate is issued on its first GET:
    both happen while registrations commit in other processes, and none may answer 5xx."""
    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, capacity=1000, starts_on=ended, ends_on=ended,
                           registration_closes_at=utcnow() + timedelta(days=1))
    people = [Participant(edition_id=edition.id, name_en=f"Guest {letters(n)}", email=f"guest{n}@example.org",
                          status="confirmed", checked_in_at=utcnow()) for n in range(10)]
    db.session.add_all(people)
    db.session.commit()
    tokens = desk_tokens(db, 30)
    links = [p.manage_token for p in people]
    ids = [p.id for p in people]

    def badge(n: int) -> int:
        return requests.get(f"{live_server}/api/v1/participants/{ids[n % 10]}/badge.pdf", headers=tokens[n],
                            timeout=60).status_code

    def certificate(n: int) -> int:
        return requests.get(f"{live_server}/r/{links[n % 10]}/certificate.pdf", timeout=60).status_code

    with ThreadPoolExecutor(max_workers=24) as pool:
        writes = [pool.submit(register, live_server, 1000 + n) for n in range(60)]
        badges = [pool.submit(badge, n) for n in range(30)]
        certificates = [pool.submit(certificate, n) for n in range(40)]
        answers = [f.result() for f in writes + badges + certificates]
    assert [a for a in answers if a >= 500] == []
    assert answers[60:] == [200] * 70
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.last_used_at.is_(None))) == 0
    per_person = Counter(db.session.scalars(select(Certificate.participant_id)))
    assert per_person == {i: 1 for i in ids}


@pytest.fixture
def writes_in_gets(db):
    """Every INSERT/UPDATE/DELETE a GET request makes in its own (read) transaction."""
    from flask import has_request_context, request
    from sqlalchemy import event

    from conference.database import in_read_only_request

    found = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if has_request_context() and in_read_only_request() and statement.lstrip().split(" ", 1)[0].upper() in (
                "INSERT", "UPDATE", "DELETE"):
            found.append(f"{request.path}: {statement.split(chr(10))[0][:80]}")

    event.listen(db.engine, "before_cursor_execute", watch)
    yield found
    event.remove(db.engine, "before_cursor_execute", watch)


def test_no_get_writes_in_its_read_transaction(app, client, db, login_as, api_token, writes_in_gets):
    """Walk every GET route as an organizer (the widest role) and with an API token, on real data:
    a first-time token, a certificate and an audited export are written only in their own transactions."""
    from tests.test_access_matrix import url_for_rule

    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, starts_on=ended, ends_on=ended)
    person = Participant(edition_id=edition.id, name_en="Reem Alharbi", email="reem@example.org",
                         status="confirmed", checked_in_at=utcnow())
    db.session.add(person)
    db.session.commit()
    headers = api_token("organizer")
    login_as("admin")
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "accounts.logout":
            client.get(url_for_rule(rule, person.manage_token).replace("999999", str(person.id)), headers=headers)
    assert client.get(f"/r/{person.manage_token}/certificate.pdf").status_code == 200
    assert client.get("/console/participants/export?format=csv").status_code == 200
    assert writes_in_gets == []
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
