"""Awards: the public listing, organizer editing and import, nominations, the jury, winners and certificates."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from conference.awards import service, uploads
from conference.models import AuditLog, utcnow
from conference.models.awards import Award, AwardCategory, JuryAssignment, JuryScore, Nomination
from conference.models.certificates import Certificate
from tests.helpers import csrf_from, form_post, login, make_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HOST_AR, HOST_EN = "أمانة محافظة جدة", "Jeddah Municipality"


def add_award(db, edition=None, **values):
    award = Award(
        level=values.pop("level", "regional"), year=values.pop("year", 2023),
        name_ar=values.pop("name_ar", "درع الحكومة الإلكترونية العربية"), name_en=values.pop("name_en", "Arab e-Government Shield"),
        body_ar=values.pop("body_ar", "جامعة الدول العربية"), body_en=values.pop("body_en", "League of Arab States"),
        recipient_ar=values.pop("recipient_ar", HOST_AR), recipient_en=values.pop("recipient_en", HOST_EN),
        edition_id=edition.id if edition else None, **values,
    )
    db.session.add(award)
    db.session.commit()
    return award


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (11, 110, 79)).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- listing


@pytest.fixture
def listing(db, edition):
    for year in (2018, 2019, 2021, 2022):
        add_award(db, level="international", year=year, name_en=f"ISO {year}", name_ar=f"شهادة أيزو {year}",
                  body_en="BSI", body_ar="المؤسسة البريطانية للمعايير")
    for i in range(16):
        add_award(db, edition if i < 5 else None, level="regional" if i % 2 else "local", year=2015 + i % 10,
                  name_en=f"Award {i}", name_ar=f"جائزة {i}")
    add_award(db, level="local", year=2024, recipient_ar="أمانة منطقة الرياض", recipient_en="Riyadh Municipality",
              name_en="Makkah Excellence Award", name_ar="جائزة مكة للتميز")
    return edition


def test_listing_counts_use_arabic_plural_forms(client, listing):
    html = client.get("/awards").get_data(as_text=True)
    assert "4 اعتمادات دولية، و17 جائزة إقليمية ومحلية" in html
    assert "5 جوائز إقليمية ومحلية" in html  # the current edition's own count
    assert "لا توجد اعتمادات دولية" in html
    assert 'dir="rtl" lang="ar">أمانة محافظة جدة' in html
    client.get("/language/en")
    html = client.get("/awards").get_data(as_text=True)
    assert "4 international accreditations, 17 regional and local awards" in html
    assert "0 international accreditations, 5 regional and local awards" in html


def test_listing_filters_by_level_year_body_and_recipient(client, listing):
    client.get("/language/en")
    html = client.get("/awards?level=international").get_data(as_text=True)
    assert "ISO 2019" in html and "Award 1<" not in html
    assert "Shown: 4 international accreditations, 0 regional and local awards" in html
    html = client.get("/awards?year=2019").get_data(as_text=True)
    assert "ISO 2019" in html and "ISO 2018" not in html
    html = client.get("/awards?body=BSI").get_data(as_text=True)
    assert "ISO 2022" in html and "Award 3" not in html
    html = client.get("/awards?recipient=Riyadh Municipality").get_data(as_text=True)
    assert "Makkah Excellence Award" in html and "ISO 2019" not in html
    html = client.get(f"/awards?edition={listing.number}").get_data(as_text=True)
    assert "Award 4" in html and "Award 5<" not in html
    assert client.get("/awards?year=abc&level=<x>&edition=zz").status_code == 200


def test_api_lists_awards_with_counts(client, listing):
    body = client.get("/api/v1/awards?level=international").get_json()
    assert body["counts"] == {"international": 4, "regional_local": 0}
    assert {a["name_en"] for a in body["awards"]} == {"ISO 2018", "ISO 2019", "ISO 2021", "ISO 2022"}
    everything = client.get("/api/v1/awards").get_json()
    assert everything["counts"] == {"international": 4, "regional_local": 17}
    assert "/awards" in client.get("/api/v1/openapi.json").get_json()["paths"]


# ---------------------------------------------------------------- organizer editing


def test_organizer_adds_a_recognition_with_a_logo_and_it_is_audited(client, db, edition, login_as):
    login_as("organizer")
    data = {
        "name_ar": "جائزة التميز الرقمي", "name_en": "Digital Excellence Award", "body_ar": "هيئة الحكومة الرقمية",
        "body_en": "Digital Government Authority", "level": "local", "year": "2024", "recipient_ar": HOST_AR,
        "recipient_en": HOST_EN, "edition_id": str(edition.id),
        "logo": (io.BytesIO(png_bytes()), "logo.png"),
    }
    response = form_post(client, "/console/awards/recognitions/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.rollback()
    award = db.session.scalar(select(Award))
    assert award.name_en == "Digital Excellence Award" and award.edition_id == edition.id
    assert award.logo_file.endswith(".png")
    logo = client.get(f"/awards/logos/{award.logo_file}")
    assert logo.status_code == 200 and logo.data == png_bytes()
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "award.create"))
    assert entry.target_id == str(award.id) and entry.details["changes"]["name_en"][1] == "Digital Excellence Award"


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_saved(client, db, edition, login_as):
    login_as("organizer")
    data = {
        "name_en": "Fake", "body_en": "X", "level": "local", "year": "2024", "recipient_en": "Y", "edition_id": "0",
        "logo": (io.BytesIO(b"<svg onload='alert(1)'></svg>" + b" " * 100), "logo.png"),
    }
    response = form_post(client, "/console/awards/recognitions/new", data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "PNG" in response.get_data(as_text=True)
    big = {**data, "logo": (io.BytesIO(b"\x89PNG" + b"0" * (1024 * 1024 + 10)), "big.png")}
    response = form_post(client, "/console/awards/recognitions/new", big, content_type="multipart/form-data")
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Award)) == 0
    assert client.get("/awards/logos/..%2Fsecret_key").status_code == 404


def test_edit_and_delete_are_audited(client, db, edition, login_as):
    award = add_award(db)
    award_id = award.id
    login_as("organizer")
    page = client.get(f"/console/awards/recognitions/{award.id}")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(f"/console/awards/recognitions/{award.id}", data={
        "csrf_token": token, "name_ar": award.name_ar, "name_en": "Arab e-Government Shield 2023", "body_ar": award.body_ar,
        "body_en": award.body_en, "level": "regional", "year": "2023", "recipient_ar": HOST_AR, "recipient_en": HOST_EN,
        "edition_id": "0",
    })
    assert response.status_code == 302
    assert client.post(f"/console/awards/recognitions/{award.id}/delete", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    actions = [e.action for e in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-2:] == ["award.update", "award.delete"]
    assert db.session.get(Award, award_id) is None


def test_public_visitors_and_jurors_cannot_edit(client, db, edition, login_as):
    assert "/account/login" in client.get("/console/awards").headers["Location"]
    login_as("jury")
    assert client.get("/console/awards").status_code == 403
    assert client.get("/console/awards/recognitions/new").status_code == 403


def xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def test_import_saves_good_rows_and_reports_bad_ones(client, db, edition, login_as):
    login_as("organizer")
    rows = [
        ["name_ar", "name_en", "body_ar", "body_en", "level", "year", "recipient_ar", "recipient_en", "edition"],
        ["شهادة أيزو 9001", "ISO 9001", "", "BSI", "international", 2018, HOST_AR, HOST_EN, None],
        ["جائزة مكة للتميز", "", "إمارة منطقة مكة المكرمة", "", "محلي", "2019", HOST_AR, "", edition.number],
        ["", "", "", "BSI", "local", 2020, HOST_AR, "", None],
        ["جائزة", "Award", "", "X", "galactic", 2020, HOST_AR, "", None],
        ["جائزة", "Award", "", "X", "local", "soon", HOST_AR, "", None],
        ["جائزة", "Award", "", "X", "local", 2020, HOST_AR, "", 77],
    ]
    data = {"file": (xlsx(rows), "awards.xlsx")}
    response = form_post(client, "/console/awards/import", data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "أُضيفت جائزتان." in html
    for row in ("<td>4</td>", "<td>5</td>", "<td>6</td>", "<td>7</td>"):
        assert row in html
    assert "لا توجد دورة رقمها 77" in html
    db.session.rollback()
    saved = db.session.scalars(select(Award).order_by(Award.year)).all()
    assert [(a.name_en, a.level, a.year) for a in saved] == [("ISO 9001", "international", 2018), ("", "local", 2019)]
    assert saved[1].edition_id == edition.id


def test_import_refuses_a_file_that_is_not_xlsx(client, db, edition, login_as):
    login_as("organizer")
    data = {"file": (io.BytesIO(b"name,year\nx,2020\n"), "awards.xlsx")}
    html = form_post(client, "/console/awards/import", data, content_type="multipart/form-data").get_data(as_text=True)
    assert "هذا ليس ملف Excel بصيغة" in html
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Award)) == 0


# ---------------------------------------------------------------- the programme


@pytest.fixture
def programme(db, edition):
    """An open category with two criteria (weights 40/60), two assigned jurors, and an unassigned juror."""
    now = utcnow()
    category = AwardCategory(
        edition_id=edition.id, name_ar="أفضل خدمة إلكترونية", name_en="Best e-Service",
        nominations_open_at=now - timedelta(days=1), nominations_close_at=now + timedelta(days=5),
    )
    db.session.add(category)
    db.session.flush()
    service.add_criterion(category, "الأثر", "Impact", 40, 10)
    service.add_criterion(category, "الابتكار", "Innovation", 60, 10)
    other = AwardCategory(edition_id=edition.id, name_ar="تقنية المعلومات الخضراء", name_en="Green IT")
    db.session.add(other)
    db.session.flush()
    service.add_criterion(other, "الطاقة", "Energy", 1, 10)
    jurors = [make_user(db, "jury", f"juror{i}@test.example") for i in (1, 2, 3)]
    category.jurors.extend([JuryAssignment(user_id=jurors[0].id), JuryAssignment(user_id=jurors[1].id)])
    other.jurors.append(JuryAssignment(user_id=jurors[2].id))
    db.session.commit()
    return category, other, jurors


NOMINATION = {
    "organization_ar": "أمانة منطقة الرياض", "organization_en": "Riyadh Region Municipality",
    "title": "رخصة البناء الفورية",
    "description": "إصدار رخص البناء السكنية آليًا خلال دقائق بعد التحقق من المخططات المعتمدة.",
    "contact_name": "سارة العتيبي", "contact_email": "sara@example.gov.sa", "contact_phone": "+966500000000",
}


def nominate(client, category, **extra):
    data = {**NOMINATION, "category_id": str(category.id), **extra}
    return form_post(client, "/awards/nominate", data, content_type="multipart/form-data")


def test_nomination_with_a_pdf_is_received(client, app, db, programme):
    category, _other, _jurors = programme
    response = nominate(client, category, attachment=(io.BytesIO(PDF_BYTES), "dossier.pdf"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "تم استلام الترشيح" in page and "أفضل خدمة إلكترونية" in page
    db.session.rollback()
    nomination = db.session.scalar(select(Nomination))
    assert nomination.organization_en == "Riyadh Region Municipality"
    from conference import storage

    assert storage.load(uploads.stored_key("nominations", nomination.attachment_file)) == PDF_BYTES


def test_a_fake_pdf_is_refused_and_nothing_is_saved(client, db, programme):
    category, _other, _jurors = programme
    response = nominate(client, category, attachment=(io.BytesIO(b"MZ\x90\x00 not a pdf"), "dossier.pdf"))
    assert response.status_code == 422
    assert "يجب أن يكون المرفق ملف PDF" in response.get_data(as_text=True)
    big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
    response = nominate(client, category, attachment=(io.BytesIO(big), "big.pdf"))
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_nominations_outside_the_window_are_refused_with_a_clear_message(client, db, programme):
    category, _other, _jurors = programme
    category.nominations_open_at = utcnow() - timedelta(days=10)
    category.nominations_close_at = utcnow() - timedelta(days=1)
    db.session.commit()
    page = client.get("/awards/nominate")
    assert "باب الترشيح غير مفتوح حاليًا" in page.get_data(as_text=True)
    token = csrf_from(client.get("/account/login").get_data(as_text=True))
    response = client.post("/awards/nominate", data={**NOMINATION, "category_id": str(category.id), "csrf_token": token})
    assert response.status_code == 409
    assert "أُغلق باب الترشيح لفئة «أفضل خدمة إلكترونية»" in response.get_data(as_text=True)
    category.nominations_open_at = utcnow() + timedelta(days=3)
    category.nominations_close_at = utcnow() + timedelta(days=9)
    db.session.commit()
    client.get("/language/en")
    response = client.post("/awards/nominate", data={**NOMINATION, "category_id": str(category.id), "csrf_token": token})
    assert response.status_code == 409
    assert "Nominations for “Best e-Service” open on" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_the_programme_window_applies_to_categories_without_their_own(db, edition, programme):
    _category, other, _jurors = programme
    assert service.nomination_state(other) == "closed"  # no window anywhere: no nominations
    programme_row = service.ensure_programme(edition)
    programme_row.nominations_open_at = utcnow() - timedelta(hours=1)
    programme_row.nominations_close_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert service.nomination_state(other) == "open"
    assert service.nomination_state(other, utcnow() + timedelta(hours=2)) == "closed"
    assert service.nomination_state(other, utcnow() - timedelta(hours=2)) == "not_open"


def test_nomination_needs_csrf(client, programme):
    category, _other, _jurors = programme
    response = client.post("/awards/nominate", data={**NOMINATION, "category_id": str(category.id)})
    assert response.status_code == 400


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="2 per minute")
def test_nominations_are_rate_limited(client, programme):
    category, _other, _jurors = programme
    token = csrf_from(client.get("/awards/nominate").get_data(as_text=True))
    codes = [
        client.post("/awards/nominate", data={**NOMINATION, "category_id": str(category.id), "csrf_token": token}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


# ---------------------------------------------------------------- the jury


def juror_client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def score(client, nomination, values: dict):
    page = client.get(f"/jury/nominations/{nomination.id}")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.get_data(as_text=True))}
    data.update({f"score-{cid}": str(v) for cid, v in values.items()})
    return client.post(f"/jury/nominations/{nomination.id}", data=data)


def make_nomination(db, category, organization_en="Riyadh Region Municipality", organization_ar="أمانة منطقة الرياض"):
    nomination = Nomination(category_id=category.id, organization_ar=organization_ar, organization_en=organization_en,
                            title="رخصة البناء الفورية", description="وصف " * 20)
    db.session.add(nomination)
    db.session.commit()
    return nomination


def test_jurors_score_privately_until_the_jury_closes(app, db, programme):
    category, _other, (first, second, _outsider) = programme
    nomination = make_nomination(db, category)
    impact, innovation = (c.id for c in category.criteria)
    one, two = juror_client(app, first), juror_client(app, second)
    assert score(one, nomination, {impact: 9, innovation: 7}).status_code == 302
    assert score(two, nomination, {impact: 4, innovation: 3}).status_code == 302
    # Before closing, each sees only their own scores.
    page = two.get(f"/jury/nominations/{nomination.id}").get_data(as_text=True)
    assert 'value="4"' in page and 'value="9"' not in page and first.email not in page
    # The second juror's post changes only their own scores.
    assert score(two, nomination, {impact: 5, innovation: 5}).status_code == 302
    db.session.rollback()
    mine = {s.criterion_id: s.score for s in db.session.scalars(select(JuryScore).where(JuryScore.juror_id == first.id))}
    assert mine == {impact: 9, innovation: 7}
    service.close_jury(db.session.get(AwardCategory, category.id))
    db.session.commit()
    page = two.get(f"/jury/nominations/{nomination.id}").get_data(as_text=True)
    assert first.name in page and "9 / 10" in page
    # After closing, nobody can change a score.
    response = score(two, nomination, {impact: 10, innovation: 10})
    assert response.status_code == 409
    db.session.rollback()
    assert {s.score for s in db.session.scalars(select(JuryScore).where(JuryScore.juror_id == second.id))} == {5}


def test_once_the_jury_closes_its_criteria_no_longer_change(client, db, programme, login_as):
    category, _other, _jurors = programme
    service.close_jury(category)
    db.session.commit()
    with pytest.raises(service.JuryClosed):
        service.add_criterion(category, "الاستدامة", "Sustainability", 10, 10)
    db.session.rollback()
    login_as("organizer")
    page = client.get(f"/console/awards/categories/{category.id}")
    token = csrf_from(page.get_data(as_text=True))
    added = client.post(f"/console/awards/categories/{category.id}/criteria", data={
        "csrf_token": token, "name_ar": "الاستدامة", "name_en": "Sustainability", "weight": "10", "max_score": "10"})
    removed = client.post(f"/console/awards/criteria/{category.criteria[0].id}/delete", data={"csrf_token": token})
    assert added.status_code == removed.status_code == 302
    db.session.rollback()
    names = [c.name_en for c in db.session.get(AwardCategory, category.id).criteria]
    assert names == ["Impact", "Innovation"]
    flashed = client.get(f"/console/awards/categories/{category.id}").get_data(as_text=True)
    assert "أُغلق التحكيم؛ لا يمكن تعديل المعايير." in flashed


def test_a_juror_cannot_reach_categories_they_are_not_assigned_to(app, db, programme):
    category, other, (first, _second, outsider) = programme
    nomination = make_nomination(db, category)
    intruder = juror_client(app, outsider)
    assert intruder.get(f"/jury/nominations/{nomination.id}").status_code == 404
    token = csrf_from(intruder.get("/jury").get_data(as_text=True))
    criterion = category.criteria[0].id
    response = intruder.post(f"/jury/nominations/{nomination.id}", data={"csrf_token": token, f"score-{criterion}": "10"})
    assert response.status_code == 404
    assert intruder.get(f"/awards/nominations/{nomination.id}/attachment.pdf").status_code == 404
    home = intruder.get("/jury").get_data(as_text=True)
    assert "Green IT" in home or "تقنية المعلومات الخضراء" in home
    assert "أفضل خدمة إلكترونية" not in home
    # Nor can a juror open the organizers' view of a nomination with everyone's scores.
    assert juror_client(app, first).get(f"/console/awards/nominations/{nomination.id}").status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(JuryScore)) == 0


def test_scores_outside_the_scale_are_refused(app, db, programme):
    category, _other, (first, _second, _outsider) = programme
    nomination = make_nomination(db, category)
    impact, innovation = (c.id for c in category.criteria)
    client = juror_client(app, first)
    response = score(client, nomination, {impact: 11, innovation: -1})
    assert response.status_code == 422
    assert "أدخل عددًا صحيحًا من 0 إلى 10" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(JuryScore)) == 0


# ---------------------------------------------------------------- the whole journey


def read_qr(pdf: bytes) -> str:
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found on the certificate"
    return results[0].text


def test_nominate_score_announce_list_and_verify_the_certificate(app, client, db, programme, login_as):
    from pypdf import PdfReader

    category, _other, (first, second, _outsider) = programme
    assert nominate(client, category).status_code == 302
    assert nominate(client, category, organization_ar="أمانة محافظة الطائف", organization_en="Taif Municipality").status_code == 302
    db.session.rollback()
    riyadh, taif = db.session.scalars(select(Nomination).order_by(Nomination.id)).all()
    impact, innovation = (c.id for c in category.criteria)
    one, two = juror_client(app, first), juror_client(app, second)
    score(one, riyadh, {impact: 9, innovation: 9})
    score(two, riyadh, {impact: 8, innovation: 9})
    score(one, taif, {impact: 7, innovation: 6})
    score(two, taif, {impact: 7, innovation: 8})

    organizer = login_as("organizer")
    page = client.get(f"/console/awards/categories/{category.id}").get_data(as_text=True)
    assert "88.00" in page and "70.00" in page, re.findall(r"\d+\.\d\d", page)  # 8.5/10*40 + 9/10*60; 7/10*40 + 7/10*60
    token = csrf_from(page)
    refused = client.post(f"/console/awards/categories/{category.id}/announce", data={"csrf_token": token, "winner": str(riyadh.id)})
    assert refused.status_code == 302
    db.session.rollback()
    assert not db.session.get(Nomination, riyadh.id).is_winner
    client.post(f"/console/awards/categories/{category.id}/close", data={"csrf_token": token})
    client.post(f"/console/awards/categories/{category.id}/announce", data={"csrf_token": token, "winner": str(riyadh.id)})
    db.session.rollback()
    assert db.session.get(Nomination, riyadh.id).is_winner and not db.session.get(Nomination, taif.id).is_winner
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "award_category.announce")).user_id == organizer.id

    public = app.test_client()
    html = public.get("/awards").get_data(as_text=True)
    assert "الفائزون بجوائز الملتقى" in html and "أمانة منطقة الرياض" in html and "أمانة محافظة الطائف" not in html
    assert public.get("/api/v1/awards").get_json()["winners"][0]["organization_en"] == "Riyadh Region Municipality"
    assert public.get(f"/awards/winners/{taif.id}/certificate.pdf").status_code == 404

    response = public.get(f"/awards/winners/{riyadh.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    certificate = db.session.scalar(select(Certificate).where(Certificate.subject == f"nomination:{riyadh.id}"))
    assert certificate.kind == "award" and certificate.holder_ar == "أمانة منطقة الرياض"
    assert certificate.code in text and "Riyadh Region Municipality" in text and "Best e-Service" in text
    url = read_qr(response.data)
    assert url == f"http://localhost/verify/{certificate.code}"
    verify = public.get(f"/verify/{certificate.code}")
    assert verify.status_code == 200
    assert "أمانة منطقة الرياض" in verify.get_data(as_text=True)
    assert "الفائز بجائزة أفضل خدمة إلكترونية" in verify.get_data(as_text=True)


def test_ceremony_template_lists_announced_winners(app, db, programme):
    from flask import render_template

    category, _other, _jurors = programme
    nomination = make_nomination(db, category)
    service.close_jury(category)
    service.announce_winners(category, {nomination.id})
    db.session.commit()
    with app.test_request_context("/"):
        html = render_template("awards/_ceremony_winners.html", edition=category.edition)
    assert "أفضل خدمة إلكترونية" in html and 'dir="rtl" lang="ar">أمانة منطقة الرياض' in html


def test_demo_awards_are_realistic_and_idempotent(app, db):
    from conference.demo import load_demo

    load_demo(participants=0)
    load_demo(participants=0)
    counts = service.level_counts(service.find_awards(service.ListingFilter(recipient=HOST_EN)))
    assert counts == {"international": 4, "regional_local": 16}
    winners = service.announced_winners(service.Edition.current())
    assert len(winners) == 3
    scores = db.session.scalar(select(func.count(func.distinct(JuryScore.juror_id))))
    assert scores == 2
    assert service.nomination_state(service.categories_of(service.Edition.current())[-1]) == "open"
