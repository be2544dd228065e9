"""Schemathesis drives every operation in /api/v1/openapi.json: no 5xx, every response as documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conference.demo import load_demo
from conference.models import db

pytestmark = pytest.mark.fuzz

# Derandomized: the same examples on every run, so a red run is a real regression to reproduce.
FUZZ_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                         derandomize=True)


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation, check) -> str | None:
    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def run(case):
        # Requests here share the test's app context; start each one on a fresh session, as a
        # served request does (a session left in an old read would be a stale SQLite snapshot).
        db.session.remove()
        check(case)

    try:
        run()
    except Exception as exc:  # noqa: BLE001  (report every operation, not just the first)
        return f"{operation.method.upper()} {operation.path}: {exc}"[:2000]
    return None


@pytest.fixture
def demo_forum(app, db):
    load_demo(participants=20)


# The WSGI transport hands back the body as sent; compression is HTTP's business, not the schema's.
IDENTITY = {"Accept-Encoding": "identity"}


def test_api_matches_its_document(app, demo_forum, api_token):
    headers = {**api_token("admin"), **IDENTITY}

    def conforms(case):
        # A schema-valid request may still be refused for domain reasons (an unknown session id).
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    failures = [f for op in _operations(app) if (f := _fuzz(op, conforms))]
    assert not failures, "\n\n".join(failures)


def test_api_without_credentials_never_fails_on_the_server(app, demo_forum):
    def no_server_error(case):
        response = case.call(headers=IDENTITY)
        assert response.status_code < 500, (response.status_code, response.text[:300])

    failures = [f for op in _operations(app) if (f := _fuzz(op, no_server_error))]
    assert not failures, "\n\n".join(failures)
