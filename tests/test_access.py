"""Every staff page checks its role: anonymous -> login, wrong role -> 403 page, right role -> not 4xx/5xx."""

import re

import pytest

from conference.auth import role_required  # noqa: F401  (the rule under test)

ROLES = ("desk", "organizer", "admin", "jury")


def staff_routes(app):
    """(url, rule) for every GET route of a page that needs a role, with sample ids filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/static", "/fonts")):
            continue
        view = app.view_functions[rule.endpoint]
        blueprint = rule.endpoint.split(".")[0]
        if blueprint in ("public", "accounts") or not _needs_role(app, view, blueprint):
            continue
        url = re.sub(r"<(?:int:)?[a-z_]+>", "999999", rule.rule)
        routes.append((url, rule.endpoint))
    return routes


def _needs_role(app, view, blueprint):
    return bool(getattr(view, "required_roles", None)) or _blueprint_guarded(app, blueprint)


def _blueprint_guarded(app, blueprint):
    return any(f.__name__ == "check_role" for f in app.before_request_funcs.get(blueprint, []))


def allowed(app, endpoint: str, role: str) -> bool:
    from conference.models import User

    user = User(role=role)
    view = app.view_functions[endpoint]
    blueprint = endpoint.split(".")[0]
    needed = getattr(view, "required_roles", None)
    if needed and not user.has_role(*needed):
        return False
    for guard in app.before_request_funcs.get(blueprint, []):
        roles = getattr(guard, "roles", None)
        if roles and not user.has_role(*roles):
            return False
    return True


def test_there_are_staff_routes(app):
    endpoints = {e for _u, e in staff_routes(app)}
    assert {"admin.dashboard", "admin.users", "admin.audit_log", "admin.edit_edition"} <= endpoints


def test_anonymous_visitors_are_sent_to_login(app, client, edition):
    for url, _endpoint in staff_routes(app):
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert "/account/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_its_pages_and_nothing_else(app, client, edition, login_as, role):
    login_as(role)
    for url, endpoint in staff_routes(app):
        response = client.get(url)
        if allowed(app, endpoint, role):
            assert response.status_code in (200, 302, 404), (role, url, response.status_code)
            if response.status_code == 302:
                assert "/account/login" not in response.headers["Location"], (role, url)
        else:
            assert response.status_code == 403, (role, url, response.status_code)
            assert "ليست لديك صلاحية" in response.get_data(as_text=True)


def test_role_tables_match_expectations(app):
    assert allowed(app, "admin.dashboard", "organizer")
    assert not allowed(app, "admin.dashboard", "desk")
    assert not allowed(app, "admin.users", "organizer")
    assert allowed(app, "admin.users", "admin")
    assert not allowed(app, "admin.dashboard", "jury")
