"""GET /api/v1/agenda (public) and organizers' POST/GET/PATCH /api/v1/sessions."""

from sqlalchemy import func, select

from conference.models import AuditLog
from conference.models.agenda import AgendaSession
from tests.agenda.test_support import at, build_agenda


def body_for(edition, agenda, **extra) -> dict:
    data = {"kind": "panel", "title_ar": "جلسة حوارية", "title_en": "A panel",
            "starts_at": at(edition, 14).isoformat(), "ends_at": at(edition, 15).isoformat(),
            "room_id": agenda["rooms"][1].id, "speaker_ids": [agenda["speakers"][0].id], "published": True}
    data.update(extra)
    return data


def test_public_agenda_lists_published_sessions_with_rooms_tracks_speakers(client, db, edition):
    agenda = build_agenda(db, edition)
    data = client.get("/api/v1/agenda").get_json()
    assert data["edition"]["timezone"] == "Asia/Riyadh"
    assert [s["title_en"] for s in data["sessions"]] == ["Towards a smart city", "Open data workshop"]
    keynote = data["sessions"][0]
    assert keynote["starts_at"] == at(edition, 9).isoformat() and keynote["starts_at"].endswith("+03:00")
    assert keynote["speaker_ids"] == [agenda["speakers"][0].id]
    assert {r["name_en"] for r in data["rooms"]} == {"Main Hall", "Workshop Room"}
    assert data["tracks"][0]["color"] == "#1f6fb2"
    assert {s["name_en"] for s in data["speakers"]} == {"Eng. Abdullah Al-Qahtani", "Dr. Noura Al-Otaibi"}


def test_sessions_need_an_organizer(client, db, edition, api_token):
    agenda = build_agenda(db, edition)
    assert client.post("/api/v1/sessions", json=body_for(edition, agenda)).status_code == 401
    assert client.post("/api/v1/sessions", json=body_for(edition, agenda), headers=api_token("desk")).status_code == 403
    assert client.patch(f"/api/v1/sessions/{agenda['keynote'].id}", json={}, headers=api_token("jury")).status_code == 403


def test_create_then_conflict_then_force(client, db, edition, api_token):
    agenda = build_agenda(db, edition)
    headers = api_token("organizer")
    created = client.post("/api/v1/sessions", json=body_for(edition, agenda), headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["room_id"] == agenda["rooms"][1].id
    # The same room and speaker at an overlapping time.
    clash = body_for(edition, agenda, starts_at=at(edition, 14, 30).isoformat(), ends_at=at(edition, 15, 30).isoformat())
    response = client.post("/api/v1/sessions", json=clash, headers=headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflicts"
    assert {w["code"] for w in error["warnings"]} == {"room_double_booked", "speaker_double_booked"}
    assert all("«جلسة حوارية»" in w["message"] for w in error["warnings"])  # the unsaved session by its title
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 4
    forced = client.post("/api/v1/sessions", json=clash | {"force": True}, headers=headers)
    assert forced.status_code == 201
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 5
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "agenda.session.create").order_by(AuditLog.id.desc()))
    assert entry.details["forced_warnings"] == ["room_double_booked", "speaker_double_booked"]


def test_field_errors_are_422_and_change_nothing(client, db, edition, api_token):
    agenda = build_agenda(db, edition)
    headers = api_token("organizer")
    backwards = body_for(edition, agenda, starts_at=at(edition, 15).isoformat(), ends_at=at(edition, 14).isoformat())
    response = client.post("/api/v1/sessions", json=backwards, headers=headers)
    assert response.status_code == 422 and "ends_at" in response.get_json()["error"]["fields"]
    bad = client.post("/api/v1/sessions", json={"kind": "party", "starts_at": "soon", "room_id": 9999, "seat_limit": True},
                      headers=headers)
    fields = bad.get_json()["error"]["fields"]
    assert bad.status_code == 422 and {"kind", "starts_at", "seat_limit", "ends_at"} <= set(fields)
    wrong_room = client.post("/api/v1/sessions", json=body_for(edition, agenda, room_id=9999), headers=headers)
    assert wrong_room.status_code == 422 and "room_id" in wrong_room.get_json()["error"]["fields"]
    assert client.post("/api/v1/sessions", data="nope", headers=headers).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(AgendaSession)) == 3


def test_a_session_accepts_what_it_returns(client, db, edition, api_token):
    agenda = build_agenda(db, edition)
    headers = api_token("organizer")
    url = f"/api/v1/sessions/{agenda['workshop'].id}"
    current = client.get(url, headers=headers).get_json()
    current["title_en"] = "Open data workshop (hands-on)"
    current["seat_limit"] = 12
    changed = client.patch(url, json=current, headers=headers)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["title_en"] == "Open data workshop (hands-on)"
    assert changed.get_json()["starts_at"] == current["starts_at"]
    # Too many seats for the room: a warning, so 409 until forced.
    too_big = client.patch(url, json={"seat_limit": 50}, headers=headers)
    assert too_big.status_code == 409 and too_big.get_json()["error"]["warnings"][0]["code"] == "room_too_small"
    assert client.patch(url, json={"seat_limit": 50, "force": True}, headers=headers).status_code == 200
    assert client.patch("/api/v1/sessions/99999", json={}, headers=headers).status_code == 404


def test_local_times_without_offset_are_the_edition_zone(client, db, edition, api_token):
    agenda = build_agenda(db, edition)
    day = edition.starts_on.isoformat()
    response = client.post("/api/v1/sessions", json=body_for(edition, agenda, starts_at=f"{day}T16:00", ends_at=f"{day}T17:00"),
                           headers=api_token("organizer"))
    assert response.status_code == 201
    assert response.get_json()["starts_at"] == at(edition, 16).isoformat()
