"""Behind trusted proxies the app sees each visitor's own address; logins are throttled per account too."""

import pytest

from tests.helpers import csrf_from, make_user


def register(client, n: int, client_address: str):
    return client.post("/api/v1/registrations", headers={"X-Forwarded-For": client_address}, json={
        "name_en": f"Visitor {chr(97 + n)}", "email": f"visitor{n}@example.org", "phone": f"+96650{n:07d}",
        "organization": "Dammam Municipality", "sector": "government", "consent": True,
    }, environ_base={"REMOTE_ADDR": "10.0.0.1"})  # every request arrives from the proxy


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_each_visitor_has_their_own_budget(client, edition):
    assert [register(client, n, "203.0.113.5").status_code for n in range(3)] == [201, 201, 429]
    assert register(client, 3, "198.51.100.7").status_code == 201  # another visitor is not held back


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="2 per minute")
def test_without_trusted_proxies_forwarded_addresses_are_ignored(client, edition):
    """Anyone can send X-Forwarded-For: trusting it by default would let a bot pick a fresh address each time."""
    assert [register(client, n, f"203.0.113.{n}").status_code for n in range(3)] == [201, 201, 429]


def sign_in(client, email: str, client_address: str) -> int:
    headers = {"X-Forwarded-For": client_address}
    page = client.get("/account/login", headers=headers)
    return client.post("/account/login", headers=headers, data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "email": email, "password": "wrong"}).status_code


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="3 per 10 minutes", TRUSTED_PROXIES=1)
def test_password_guesses_for_one_account_are_throttled_from_any_address(client, db):
    user, other = make_user(db, "admin"), make_user(db, "desk")
    answers = [sign_in(client, user.email.upper() if n % 2 else user.email, f"203.0.113.{n}") for n in range(4)]
    assert answers == [200, 200, 200, 429]
    assert sign_in(client, other.email, "203.0.113.99") == 200
