"""Badges: real PDFs read back (pypdf text, QR decoded from a rendered page), desk reprints and
reissues, bulk printing from the console and the command line, and the locked-down renderer."""

import io
import math
import time

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from conference.badges.layouts import GEOMETRY, LAYOUTS
from conference.badges.render import badges_html
from conference.models import AuditLog, Job, Participant
from conference.models.people import RevokedBadgeCode
from conference.registration.service import cancel_registration, register_participant
from tests.helpers import csrf_from
from tests.pdf_text import unwrapped

LONG_AR = "عبدالرحمن بن عبدالعزيز بن محمد بن سليمان بن عبدالله آل الشيخ القحطاني الدوسري"
LONG_EN = "Abdulrahman bin Abdulaziz bin Mohammed bin Sulaiman Al-Sheikh Al-Qahtani Al-Dosari"


def add_person(edition, n: int, **fields) -> Participant:
    data = {"name_ar": f"مشارك رقم {n}", "name_en": f"Participant {n}", "email": f"p{n}@example.org",
            "organization": "أمانة منطقة الرياض", **fields}
    outcome = register_participant(edition, data, source="organizer", check_window=False, notify=False)
    return outcome.participant


def shows(text: str, wanted: str) -> bool:
    """`wanted` is in the extracted text, letter for letter, wherever the badge wrapped its lines."""
    return unwrapped(wanted) in unwrapped(text)


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, page: int = 0, scale: float = 4) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=scale).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def desk_csrf(client) -> str:
    return csrf_from(client.get("/").get_data(as_text=True))


def test_participant_downloads_own_badge_with_both_names(client, db, edition):
    person = add_person(edition, 1, name_ar="فاطمة بنت ناصر الزهراني", name_en="Fatimah Al-Zahrani",
                        category="speaker", organization="جامعة الملك عبدالعزيز")
    db.session.commit()
    response = client.get(f"/r/{person.manage_token}/badge.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = response.get_data()
    text = pdf_text(pdf)[0]
    assert shows(text, "فاطمة بنت ناصر الزهراني"), text
    assert shows(text, "Fatimah Al-Zahrani")
    assert shows(text, "جامعة الملك عبدالعزيز")
    assert shows(text, "Speaker") and shows(text, "متحدث")
    assert qr_codes(pdf) == [person.badge_code]

    assert client.get("/r/not-a-token/badge.pdf").status_code == 404
    cancel_registration(person, notify=False)
    db.session.commit()
    assert client.get(f"/r/{person.manage_token}/badge.pdf").status_code == 404


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_prints_long_names_inside_and_a_readable_qr(app, db, edition, layout):
    people = [
        add_person(edition, 1, name_ar=LONG_AR, name_en="Abdulrahman Al-Qahtani", category="vip"),
        add_person(edition, 2, name_ar="سارة العتيبي", name_en=LONG_EN, category="media",
                   organization="Ministry of Municipal and Rural Affairs and Housing — Digital Transformation Agency"),
        add_person(edition, 3, name_ar="نورة بنت سعد الشهري", name_en="", category="organizer"),
    ]
    db.session.commit()
    g = GEOMETRY[layout]
    from conference.badges.service import render_badges

    pdf = render_badges(edition, people, layout)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == math.ceil(len(people) / g.per_page)
    width_pt, height_pt = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width_pt - g.page_width * 72 / 25.4) < 1 and abs(height_pt - g.page_height * 72 / 25.4) < 1

    found = [code for page in range(len(reader.pages)) for code in qr_codes(pdf, page)]
    assert sorted(found) == sorted(p.badge_code for p in people)
    text = "".join(pdf_text(pdf))
    assert shows(text, "Abdulrahman Al-Qahtani") and shows(text, "نورة بنت سعد الشهري") and shows(text, "سارة العتيبي")

    assert_names_fit(badges_html(edition, people, layout))


def assert_names_fit(html: str):
    """Every line of every name and organization lies inside its block and the badge (no overflow)."""
    from weasyprint import HTML

    from conference.pdf import BASE_URL, SafeFetcher, font_configuration, fonts_css

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).render(
        stylesheets=[fonts_css()], font_config=font_configuration())
    checked = 0
    for page in document.pages:
        for badge in descendants(page._page_box, "badge"):
            for names in descendants(badge, "names"):
                inside(names, badge)
                for block in [*descendants(names, "name"), *descendants(names, "org")]:
                    for line in block.children:
                        inside(line, names)
                        checked += 1
    assert checked


def descendants(box, css_class):
    for child in getattr(box, "children", []):
        if css_class in (child.element.get("class", "").split() if child.element is not None else []):
            yield child
        else:
            yield from descendants(child, css_class)


def inside(box, outer, slack=0.5):
    x, y = box.position_x, box.position_y
    ox, oy = outer.position_x, outer.position_y
    assert x >= ox - slack and y >= oy - slack, (box, outer)
    assert x + box.margin_width() <= ox + outer.margin_width() + slack, (box, outer)
    assert y + box.margin_height() <= oy + outer.margin_height() + slack, (box, outer)


def test_hostile_text_is_printed_and_nothing_is_fetched(client, db, edition, request_trap):
    base, hits = request_trap
    url = f"{base}/logo.png"
    person = add_person(edition, 1, name_ar='<img src="file:///etc/passwd">', name_en=f'<img src="{url}">',
                        organization=f"<link rel=stylesheet href={url}> {url}")
    db.session.commit()
    pdf = client.get(f"/r/{person.manage_token}/badge.pdf").get_data()
    assert hits == []
    text = pdf_text(pdf)[0]
    assert shows(text, '<img src="file:///etc/passwd">')
    assert shows(text, url)
    assert "root:" not in text


def test_desk_reprint_is_one_click_counted_and_audited(app, client, db, edition, login_as):
    person = add_person(edition, 1)
    db.session.commit()
    login_as("desk")
    token = desk_csrf(client)
    for expected in (1, 2):
        response = client.post(f"/badges/{person.id}/print", data={"csrf_token": token})
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert qr_codes(response.get_data()) == [person.badge_code]
        db.session.rollback()
        fresh = db.session.get(Participant, person.id)
        assert fresh.badge_print_count == expected and fresh.badge_printed_at is not None
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.target_id == str(person.id))).all()
    assert actions.count("badge.reprint") == 2
    assert client.post(f"/badges/{person.id}/print").status_code == 400  # no CSRF token
    assert client.post("/badges/999999/print", data={"csrf_token": token}).status_code == 404


def test_reissue_rotates_the_code_and_revokes_the_old_one(client, db, edition, login_as):
    person = add_person(edition, 1)
    db.session.commit()
    old_code = person.badge_code
    login_as("desk")
    asked = client.get(f"/badges/{person.id}/reissue")
    assert asked.status_code == 200 and "#0001" in asked.get_data(as_text=True)
    unconfirmed = client.post(f"/badges/{person.id}/reissue", data={"csrf_token": desk_csrf(client)})
    assert unconfirmed.mimetype == "text/html"
    db.session.refresh(person)
    assert person.badge_code == old_code
    response = client.post(f"/badges/{person.id}/reissue", data={"csrf_token": desk_csrf(client), "confirm": "yes"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    db.session.rollback()
    fresh = db.session.get(Participant, person.id)
    assert fresh.badge_code != old_code and len(fresh.badge_code) == 32
    assert qr_codes(response.get_data()) == [fresh.badge_code]
    revoked = db.session.get(RevokedBadgeCode, old_code)
    assert revoked is not None and revoked.participant_id == person.id
    assert fresh.badge_print_count == 1
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "badge.reissue")) is not None


def test_cancelled_registration_gets_no_reprint(client, db, edition, login_as):
    person = add_person(edition, 1)
    cancel_registration(person, notify=False)
    db.session.commit()
    login_as("desk")
    response = client.post(f"/badges/{person.id}/print", data={"csrf_token": desk_csrf(client)})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Participant, person.id).badge_print_count == 0


def test_reprint_and_reissue_need_desk_or_above(client, db, edition, login_as):
    person = add_person(edition, 1)
    db.session.commit()
    response = client.post(f"/badges/{person.id}/print")
    assert response.status_code in (302, 400)
    login_as("jury")
    token = desk_csrf(client)
    assert client.post(f"/badges/{person.id}/print", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/badges/{person.id}/reissue", data={"csrf_token": token}).status_code == 403
    db.session.rollback()
    fresh = db.session.get(Participant, person.id)
    assert fresh.badge_print_count == 0 and db.session.get(RevokedBadgeCode, person.badge_code) is None


def test_api_badge_pdf_for_desk_and_organizers(client, db, edition, api_token):
    person = add_person(edition, 1, name_en="Khalid Al-Otaibi")
    cancelled = add_person(edition, 2)
    cancel_registration(cancelled, notify=False)
    db.session.commit()
    url = f"/api/v1/participants/{person.id}/badge.pdf"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=api_token("jury")).status_code == 403
    for role in ("desk", "organizer"):
        response = client.get(url, headers=api_token(role))
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert shows(pdf_text(response.get_data())[0], "Khalid Al-Otaibi")
    response = client.get(url + "?layout=id1", headers=api_token("desk"))
    width = float(PdfReader(io.BytesIO(response.get_data())).pages[0].mediabox.width)
    assert abs(width - 85.6 * 72 / 25.4) < 1
    assert client.get(url + "?layout=poster", headers=api_token("desk")).status_code == 422
    missing = client.get(f"/api/v1/participants/{cancelled.id}/badge.pdf", headers=api_token("desk"))
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    db.session.rollback()
    assert db.session.get(Participant, person.id).badge_print_count == 0  # a download is not a print


def wait_for_job(db, job_id: str, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_console_bulk_print_runs_as_a_job_with_filters(app, client, db, edition, login_as):
    speakers = [add_person(edition, i, category="speaker", name_ar=f"متحدث {i}", name_en=f"Speaker {i}") for i in range(5)]
    add_person(edition, 50, category="participant")
    db.session.commit()
    edition.capacity = edition.seats_taken  # the next one waits
    waiting = add_person(edition, 51, category="speaker")
    db.session.commit()
    assert waiting.status == "waitlisted"

    login_as("organizer")
    page = client.get("/badges/")
    assert page.status_code == 200
    assert "flask --app" not in page.get_data(as_text=True)  # organizers are not shown a developer command line
    token = csrf_from(page.get_data(as_text=True))
    fields = {"csrf_token": token, "layout": "a4-4xa6", "category": "speaker", "sector": "", "organization": "",
              "registered_since": "", "sort": "name"}
    counted = client.post("/badges/", data={**fields, "action": "count"})
    assert "5" in counted.get_data(as_text=True)
    response = client.post("/badges/", data={**fields, "action": "print"})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = wait_for_job(db, response.headers["Location"].rstrip("/").split("/")[-1])
    assert job.status == "done", job.error
    assert job.done == job.total == 5
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200, download.get_data(as_text=True)[-3000:]
    pdf = download.get_data()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2  # 5 badges, 4 per A4 sheet
    assert sorted(qr_codes(pdf, 0, scale=2)) == sorted(p.badge_code for p in speakers[:4])
    db.session.rollback()
    counts = {p.id: p.badge_print_count for p in db.session.scalars(select(Participant))}
    assert [counts[p.id] for p in speakers] == [1] * 5
    assert counts[waiting.id] == 0  # only confirmed participants get badges in bulk

    again = client.post("/badges/", data={**fields, "only_unprinted": "y", "action": "print"})
    assert again.status_code == 200 and "/jobs/" not in again.headers.get("Location", "")


def test_cli_renders_in_worker_processes_and_marks_printed(app, db, edition, tmp_path):
    edition.capacity = 200
    people = [add_person(edition, i, name_ar=f"مشارك {i:03d}", name_en=f"Participant {i:03d}") for i in range(45)]
    db.session.commit()
    out = tmp_path / "badges.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["badges", "render", "--out", str(out), "--layout", "a4-2x5", "--only-unprinted"])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 5  # 45 badges, 10 per sheet, in name order
    ordered = sorted(people, key=lambda p: p.name_ar)
    assert shows(reader.pages[4].extract_text(), ordered[40].name_en)
    assert sorted(qr_codes(pdf, 4, scale=2)) == sorted(p.badge_code for p in ordered[40:])
    db.session.rollback()
    assert all(p.badge_print_count == 1 for p in db.session.scalars(select(Participant)))
    result = runner.invoke(args=["badges", "render", "--out", str(out), "--only-unprinted"])
    assert result.exit_code != 0 and "no confirmed participant" in result.output


def test_preview_shows_every_layout_with_real_data(client, db, edition, login_as):
    add_person(edition, 1, name_ar=LONG_AR, name_en="")
    add_person(edition, 2, name_ar="", name_en=LONG_EN)
    db.session.commit()
    login_as("organizer")
    page = client.get("/badges/preview").get_data(as_text=True)
    for name in LAYOUTS:
        assert f"/badges/preview/{name}.pdf" in page
        response = client.get(f"/badges/preview/{name}.pdf")
        assert response.status_code == 200
        text = "".join(pdf_text(response.get_data()))
        assert shows(text, LONG_EN[:20])
    assert client.get("/badges/preview/poster.pdf").status_code == 404


@pytest.mark.slow
def test_demo_forum_prints_all_its_badges_on_a4_sheets_from_the_console(app, client, db, login_as):
    """The demo's 400 confirmed participants: one job from the console, 40 A4 sheets of 2 × 5,
    every page's QR codes decode to exactly the confirmed badge codes, every name is in the text."""
    from conference.demo import load_demo
    from conference.models import Edition

    load_demo()
    edition = Edition.current()
    confirmed = {p.badge_code: p for p in db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id, Participant.status == "confirmed"))}
    assert len(confirmed) == 400
    login_as("organizer")
    token = csrf_from(client.get("/badges/").get_data(as_text=True))
    response = client.post("/badges/", data={"csrf_token": token, "layout": "a4-2x5", "sort": "organization",
                                             "action": "print"})
    job = wait_for_job(db, response.headers["Location"].rstrip("/").split("/")[-1], seconds=600)
    assert job.status == "done", job.error
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200, download.get_data(as_text=True)[-3000:]
    pdf = download.get_data()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 40
    decoded = []
    for number, page in enumerate(reader.pages):
        codes = qr_codes(pdf, number, scale=3)
        assert len(codes) == 10, number
        decoded += codes
        text = page.extract_text()
        for code in codes:
            person = confirmed[code]
            for name in (person.name_ar, person.name_en):
                assert not name or shows(text, name), (number, name)
    assert sorted(decoded) == sorted(confirmed)
