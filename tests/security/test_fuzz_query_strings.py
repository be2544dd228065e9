"""Hypothesis sends hostile query strings to every HTML page that takes no path argument, as
an organizer (who sees every console page) and anonymously: never a server error."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conference.demo import load_demo
from tests.helpers import login, make_user

pytestmark = pytest.mark.security

NAMES = ["track", "room", "kind", "page", "per_page", "q", "status", "sector", "category", "edition", "year", "sort",
         "direction", "checked_in", "organization", "level", "session", "next", "lang", "id", "ids"]
HOSTILE = ["²", "١٢", "٣", "０", "-1", "1e9", "99999999999999999999", "2147483648", "\x00", "%", "'", "<b>", "\u202e1",
           "0x1F", " 3", "3 ", "", "nan", "∞", "1.5", "[]", "{}", "//evil.example"]
value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12), st.integers(-10**12, 10**12).map(str))
query = st.dictionaries(st.sampled_from(NAMES), value, max_size=5)


@pytest.fixture
def pages(app, db):
    load_demo(participants=30)
    db.session.commit()
    return sorted(
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(("/api/", "/static"))
        and not rule.rule.endswith((".pdf", ".ics", ".css", ".csv", ".xlsx"))
    )


@pytest.mark.parametrize("identity", ["anonymous", "organizer"])
def test_hostile_query_strings_never_fail_on_the_server(app, db, pages, identity):
    client = app.test_client()
    if identity == "organizer":
        login(client, make_user(db, "organizer", "fuzz-organizer@test.example"))
    failures = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
    @example(params={"track": "²", "room": "١٢", "page": "²", "per_page": "٣"})
    @given(params=query)
    def run(params):
        for path in pages:
            response = client.get(path, query_string=params)
            if response.status_code >= 500:
                failures.append(f"{path}?{params} → {response.status_code}")

    run()
    assert not failures, "\n".join(failures[:20])
