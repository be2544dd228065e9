"""Badge jobs through the API: started by an organizer, followed, downloaded from the storage every server shares."""

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from conference.models.storage import StoredFile
from tests.badges.test_badges import add_person, qr_codes


def follow(client, url: str, headers: dict, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(url, headers=headers).get_json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


@pytest.mark.app_config(STORAGE_URL="database")
def test_an_organizer_prints_badges_through_the_api(app, client, db, edition, api_token):
    speakers = [add_person(edition, n, category="speaker") for n in range(3)]
    add_person(edition, 9, category="participant")
    db.session.commit()
    organizer = api_token("organizer")

    started = client.post("/api/v1/badges/print-jobs", headers=organizer,
                          json={"layout": "a4-4xa6", "category": "speaker", "sort": "name"})
    assert started.status_code == 202, started.get_json()
    body = started.get_json()
    assert body["status"] == "queued" and body["status_url"].endswith(f"/api/v1/jobs/{body['id']}")

    state = follow(client, body["status_url"], organizer)
    assert state == {"id": body["id"], "kind": "badges.print", "status": "done", "done": 3, "total": 3,
                     "result_url": f"http://localhost/api/v1/jobs/{body['id']}/result"}
    download = client.get(state["result_url"], headers=organizer)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert sorted(qr_codes(download.data, 0, scale=2)) == sorted(p.badge_code for p in speakers)
    # Kept in the database every server shares, not on this server's disk.
    assert db.session.scalar(select(StoredFile.size).where(StoredFile.key == f"jobs/badges-{body['id']}.pdf")) == len(download.data)
    assert list((Path(app.instance_path) / "jobs").glob("*.pdf")) == []


def test_bad_filters_and_roles_change_nothing(client, db, edition, api_token):
    add_person(edition, 1)
    db.session.commit()
    organizer, desk = api_token("organizer"), api_token("desk")
    bad = client.post("/api/v1/badges/print-jobs", headers=organizer,
                      json={"layout": "poster", "sector": "space", "only_unprinted": "yes", "organization": 5})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"layout", "sector", "only_unprinted", "organization"}
    assert client.post("/api/v1/badges/print-jobs", headers=organizer, json=[1]).status_code == 400
    nobody = client.post("/api/v1/badges/print-jobs", headers=organizer, json={"category": "vip"})
    assert nobody.status_code == 422 and nobody.get_json()["error"]["code"] == "empty"
    assert client.post("/api/v1/badges/print-jobs", headers=desk, json={}).status_code == 403
    assert client.post("/api/v1/badges/print-jobs", json={}).status_code == 401
    assert client.get("/api/v1/jobs/nope", headers=desk).status_code == 404
    assert client.get("/api/v1/jobs/nope/result", headers=organizer).status_code == 404
    from conference.models import Job

    assert db.session.scalars(select(Job)).all() == []


def test_errors_speak_the_callers_language(client, db, edition, api_token):
    headers = api_token("organizer")
    arabic = client.post("/api/v1/badges/print-jobs", headers=headers, json={"layout": "poster"})
    assert "اختر" in arabic.get_json()["error"]["fields"]["layout"]
    client.set_cookie("lang", "en")
    english = client.post("/api/v1/badges/print-jobs", headers=headers, json={"layout": "poster"})
    assert "Choose" in english.get_json()["error"]["fields"]["layout"]
