"""GET /api/v1/participants (filters, pages, links), GET one, POST cancel, GET /api/v1/stats."""

from datetime import timedelta

from sqlalchemy import func, select

from conference.models import AuditLog, Participant, utcnow
from conference.registration.service import register_participant


def add(db, edition, n, **extra):
    data = {"name_ar": extra.pop("name_ar", f"مشارك {'أبجد'[n % 4]}"), "email": f"p{n}@example.org", **extra}
    participant = register_participant(edition, data, source="organizer", check_window=False, notify=False).participant
    db.session.commit()
    return participant


def test_list_needs_an_organizer(client, edition, api_token):
    assert client.get("/api/v1/participants").status_code == 401
    for role in ("desk", "jury"):
        response = client.get("/api/v1/participants", headers=api_token(role))
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert client.post("/api/v1/participants/1/cancel", headers=api_token("desk")).status_code == 403
    assert client.get("/api/v1/stats", headers=api_token("desk")).status_code == 403


def test_list_filters_pages_and_links(db, client, edition, api_token):
    edition.capacity = 5
    db.session.commit()
    for n in range(30):
        add(db, edition, n, sector="academic" if n % 3 == 0 else "government", name_ar="فاطمة" if n == 7 else f"خالد {'ابجد'[n % 4]}")
    headers = api_token("organizer")
    page = client.get("/api/v1/participants?per_page=25&sort=created&direction=asc", headers=headers).json
    assert page["total"] == 30 and page["pages"] == 2 and len(page["items"]) == 25
    assert page["items"][0]["email"] == "p0@example.org"
    assert "next" in page["links"] and "prev" not in page["links"]
    second = client.get(page["links"]["next"], headers=headers).json
    assert len(second["items"]) == 5 and "prev" in second["links"]
    assert not {i["id"] for i in page["items"]} & {i["id"] for i in second["items"]}

    academic = client.get("/api/v1/participants?sector=academic", headers=headers).json
    assert academic["total"] == 10 and {i["sector"] for i in academic["items"]} == {"academic"}
    waitlisted = client.get("/api/v1/participants?status=waitlisted", headers=headers).json
    assert waitlisted["total"] == 25
    found = client.get("/api/v1/participants", query_string={"q": "فاطمه"}, headers=headers).json
    assert [i["email"] for i in found["items"]] == ["p7@example.org"]


def test_get_one_and_cancel_promotes_the_waitlist(db, client, edition, api_token):
    edition.capacity = 1
    db.session.commit()
    first, second = add(db, edition, 1), add(db, edition, 2)
    headers = api_token("organizer")
    one = client.get(f"/api/v1/participants/{first.id}", headers=headers).json
    assert one["status"] == "confirmed" and one["name_ar"] == first.name_ar and one["links"]["self"].endswith(str(first.id))
    assert client.get("/api/v1/participants/999999", headers=headers).status_code == 404

    cancelled = client.post(f"/api/v1/participants/{first.id}/cancel", headers=headers)
    assert cancelled.status_code == 200
    assert cancelled.json["participant"]["status"] == "cancelled" and cancelled.json["promoted"] == [second.id]
    again = client.post(f"/api/v1/participants/{first.id}/cancel", headers=headers)
    assert again.status_code == 409
    db.session.rollback()
    assert db.session.get(Participant, second.id).status == "confirmed"
    assert db.session.scalar(select(func.count()).where(AuditLog.action == "participant.cancel")) == 1


def test_session_callers_need_the_csrf_header_to_cancel(db, client, edition, login_as):
    person = add(db, edition, 1)
    login_as("organizer")
    response = client.post(f"/api/v1/participants/{person.id}/cancel")
    assert response.status_code == 400 and response.json["error"]["code"] == "csrf"


def test_stats(db, client, edition, api_token):
    for n in range(6):
        person = add(db, edition, n, sector="private" if n < 2 else "government", organization="شركة علم" if n < 4 else "أمانة جدة",
                     category="speaker" if n == 0 else "participant")
        person.created_at = utcnow() - timedelta(days=3 if n < 3 else 1)
    db.session.commit()
    stats = client.get("/api/v1/stats", headers=api_token("organizer")).json
    assert stats["total"] == 6 and stats["by_status"]["confirmed"] == 6 and stats["by_status"]["cancelled"] == 0
    assert stats["by_sector"]["private"] == 2 and stats["by_sector"]["government"] == 4
    assert stats["by_category"]["speaker"] == 1
    assert stats["top_organizations"][0] == {"organization": "شركة علم", "count": 4}
    assert [d["count"] for d in stats["per_day"]] == [3, 0, 3]  # every day, the quiet one too
    assert client.get("/api/v1/stats?edition=77", headers=api_token("organizer")).status_code == 404


def test_dashboard_shows_figures_and_an_svg_chart(db, client, edition, login_as):
    for n in range(4):
        add(db, edition, n, organization="أمانة محافظة جدة")
    login_as("organizer")
    html = client.get("/console/").get_data(as_text=True)
    assert '<svg class="chart"' in html and html.count('class="chart__bar"') == 1
    assert "أمانة محافظة جدة" in html
    assert "style=" not in html.split("<main", 1)[1]
