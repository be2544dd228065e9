"""Private pages, numbers in query strings, HTTPS cookies and HSTS, private files, sign-in timing."""

import hashlib
import stat
from pathlib import Path

import pytest

from conference.loaders import whole_number
from conference.registration.service import register_participant
from tests.helpers import TEST_PASSWORD, csrf_from, form_post, make_user

PRIVATE_PATHS = ("", "/edit", "/cancel", "/event.ics", "/agenda", "/agenda.ics", "/badge.pdf")


@pytest.fixture
def person(db, edition):
    outcome = register_participant(edition, {"name_ar": "لطيفة الدوسري", "email": "latifa@example.org"}, notify=False)
    db.session.commit()
    return outcome.participant


def test_every_private_page_is_kept_out_of_caches_and_referrers(client, person):
    for path in PRIVATE_PATHS:
        response = client.get(f"/r/{person.manage_token}{path}")
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path
        assert response.headers["Referrer-Policy"] == "no-referrer", path


def test_unknown_overlong_and_anonymized_tokens_find_nothing(client, db, person):
    assert client.get("/r/" + "A" * 500 + "/agenda").status_code == 404
    assert client.get("/r/short/agenda.ics").status_code == 404
    token = person.manage_token
    from conference.models import utcnow

    person.anonymized_at = utcnow()
    db.session.commit()
    for path in (*PRIVATE_PATHS, "/certificate.pdf"):
        assert client.get(f"/r/{token}{path}").status_code == 404, path


@pytest.mark.parametrize("value", ["²", "١٢", "12\u0660", " 7", "-1", "1e3", "99999999999", "０"])
def test_numbers_that_are_not_plain_ascii_digits_are_ignored(client, edition, person, value):
    for path in (f"/agenda?track={value}&room={value}", f"/awards?edition={value}&year={value}"):
        assert client.get(path).status_code == 200, path
    page = client.get("/register")  # any form of the session gives its CSRF token
    answer = client.post(f"/r/{person.manage_token}/agenda",
                         data={"csrf_token": csrf_from(page.get_data(as_text=True)), "session_id": value})
    assert answer.status_code == 302


def test_whole_number():
    assert whole_number("42") == 42 and whole_number(" 42 ") == 42
    assert [whole_number(v) for v in ("²", "١٢", "", "4_2", "2147483648", None)] == [None] * 6


def test_https_gets_secure_cookies_and_hsts(app, db, edition):
    user = make_user(db, "organizer")
    browser = app.test_client()
    plain = browser.get("/account/login")
    assert "Strict-Transport-Security" not in plain.headers
    assert "Secure" not in plain.headers.get("Set-Cookie", "")
    secure = app.test_client()
    page = secure.get("/account/login", base_url="https://forum.example")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    signed_in = secure.post("/account/login", base_url="https://forum.example",
                            headers={"Referer": "https://forum.example/account/login"},
                            data={"csrf_token": csrf_from(page.get_data(as_text=True)), "email": user.email,
                                  "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    assert "; Secure" in signed_in.headers["Set-Cookie"]
    language = secure.get("/language/en", base_url="https://forum.example")
    assert all("Secure" in c for c in language.headers.getlist("Set-Cookie"))


def test_instance_files_are_private(app, client, edition):
    from tests.registration.test_form import register

    register(client)
    instance = Path(app.instance_path)
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    written = [p for p in instance.rglob("*")]
    assert any(p.suffix == ".eml" for p in written)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_sign_in_hashes_a_password_whether_or_not_the_account_exists(client, db, monkeypatch):
    user = make_user(db, "organizer")
    form_post(client, "/account/login", {"email": "first@test.example", "password": "x"})  # the process makes its dummy hash once
    real, calls = hashlib.scrypt, []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    form_post(client, "/account/login", {"email": "nobody@test.example", "password": "a guess at it"})
    unknown = len(calls)
    form_post(client, "/account/login", {"email": user.email, "password": "a guess at it"})
    assert unknown == len(calls) - unknown == 1
