from sqlalchemy import select

from conference.models import AuditLog


def test_get_current_edition_is_public(client, edition):
    response = client.get("/api/v1/editions/current")
    assert response.status_code == 200
    body = response.get_json()
    assert body["title_ar"] == "ملتقى يوم البلدية الإلكترونية"
    assert body["capacity"] == 100 and body["registration_state"] == "open"


def test_no_current_edition_is_a_json_404(client):
    response = client.get("/api/v1/editions/current")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_patch_with_admin_token_changes_capacity(client, db, edition, api_token):
    response = client.patch("/api/v1/editions/current", json={"capacity": 450}, headers=api_token("admin"))
    assert response.status_code == 200
    assert response.get_json()["capacity"] == 450
    db.session.refresh(edition)
    assert edition.capacity == 450
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "edition.update")).actor.startswith("api-admin")


def test_patch_accepts_what_get_returns(client, edition, api_token):
    headers = api_token("admin")
    body = client.get("/api/v1/editions/current").get_json()
    body["approval_required"] = True
    response = client.patch("/api/v1/editions/current", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["approval_required"] is True


def test_patch_with_desk_token_is_403_json(client, edition, api_token):
    response = client.patch("/api/v1/editions/current", json={"capacity": 1}, headers=api_token("desk"))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_patch_with_organizer_token_is_403_json(client, edition, api_token):
    response = client.patch("/api/v1/editions/current", json={"capacity": 1}, headers=api_token("organizer"))
    assert response.status_code == 403


def test_patch_without_token_is_401_json(client, edition):
    response = client.patch("/api/v1/editions/current", json={"capacity": 1})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_patch_with_a_bad_token_is_401_json(client, edition):
    response = client.patch("/api/v1/editions/current", json={"capacity": 1}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_patch_with_invalid_fields_is_422_and_changes_nothing(client, db, edition, api_token):
    headers = api_token("admin")
    response = client.patch(
        "/api/v1/editions/current",
        json={"capacity": -5, "starts_on": "soon", "title_ar": "", "colour": "red", "approval_required": "yes"},
        headers=headers,
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"capacity", "starts_on", "title_ar", "colour", "approval_required"}
    ends_before = client.patch("/api/v1/editions/current", json={"ends_on": "2000-01-01"}, headers=headers)
    assert ends_before.status_code == 422 and "ends_on" in ends_before.get_json()["error"]["fields"]
    db.session.refresh(edition)
    assert edition.capacity == 100 and edition.title_ar


def test_patch_body_must_be_an_object(client, edition, api_token):
    headers = api_token("admin")
    for body in ("[1, 2]", "not json", '"text"'):
        response = client.patch("/api/v1/editions/current", data=body, headers=headers | {"Content-Type": "application/json"})
        assert response.status_code == 400
        assert "error" in response.get_json()


def test_session_callers_need_csrf_for_unsafe_api_calls(client, edition, login_as):
    login_as("admin")
    response = client.patch("/api/v1/editions/current", json={"capacity": 5})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"


def test_unknown_api_path_is_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
