"""The forum's identity from the edition settings: names used everywhere from one place, the host
logo checked and re-encoded, the official contact on pages and in emails."""

import io

from PIL import Image
from sqlalchemy import select

from conference.demo import demo_logo
from conference.identity import load_logo
from conference.models import AuditLog, Edition
from tests.helpers import csrf_from
from tests.registration.test_email import inbox, parts, with_smtp  # noqa: F401  (the SMTP fixture)
from tests.registration.test_form import register
from tests.test_admin import _edition_form

IDENTITY = {
    "forum_name_ar": "ملتقى يوم البلدية الإلكترونية — نحو مدينة ذكية", "forum_name_en": "E-Municipality Day — Towards a Smart City",
    "short_name_ar": "يوم البلدية الإلكترونية", "short_name_en": "E-Municipality Day",
    "contact_email": "forum@amana.example", "contact_phone": "0126000000", "contact_whatsapp": "٠٥٥١٢٣٤٠٠٠",
    "contact_address_ar": "أمانة محافظة جدة، طريق الملك عبدالعزيز", "contact_address_en": "Jeddah Municipality, King Abdulaziz Road",
    "map_url": "https://www.openstreetmap.org/search?query=Jeddah",
    "official_name_ar": "م. صالح التركي", "official_name_en": "Eng. Saleh Al-Turki",
    "official_title_ar": "أمين محافظة جدة", "official_title_en": "Mayor of Jeddah",
}


def png_with_metadata() -> bytes:
    image = Image.open(io.BytesIO(demo_logo()))
    out = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone@example.org")
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def post_settings(client, edition, files=None, **changes):
    page = client.get("/console/edition").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), **_edition_form(edition, **{**IDENTITY, **changes}), **(files or {})}
    return client.post("/console/edition", data=data, content_type="multipart/form-data")


def test_the_admin_sets_the_identity_and_every_page_names_the_forum_the_same_way(client, db, edition, login_as):
    login_as("admin")
    upload = png_with_metadata()
    response = post_settings(client, edition, files={"host_logo_file": (io.BytesIO(upload), "logo.png")})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    edition = db.session.get(Edition, edition.id)
    assert edition.contact_phone == "+966126000000" and edition.contact_whatsapp == "+966551234000"
    stored = load_logo(edition.host_logo)
    assert stored is not None and stored != upload
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and "Author" not in image.info
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "edition.update")) is not None

    client.get("/account/logout")
    for path in ("/", "/register", "/agenda", "/register/privacy"):
        html = client.get(path).get_data(as_text=True)
        assert "يوم البلدية الإلكترونية</span>" in html, path  # the header's short name
        assert f"/identity/{edition.host_logo}" in html, path
        assert "E-Municipality Forum" not in html and "ملتقى البلدية الإلكترونية ·" not in html
    home = client.get("/").get_data(as_text=True)
    assert "forum@amana.example" in home and "https://wa.me/966551234000" in home and "tel:+966126000000" in home
    assert "https://www.openstreetmap.org/search?query=Jeddah" in home
    logo = client.get(f"/identity/{edition.host_logo}")
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert client.get("/identity/../../secret_key").status_code == 404


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(client, db, edition, login_as):
    login_as("admin")
    response = post_settings(client, edition, files={"host_logo_file": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.png")})
    assert response.status_code == 200
    assert "يجب أن يكون الشعار صورة PNG أو JPEG أو WebP." in response.get_data(as_text=True)
    edition = db.session.get(Edition, edition.id)
    assert edition.host_logo == "" and edition.forum_name_ar == ""
    bad_phone = post_settings(client, edition, contact_phone="12")
    assert "أدخل رقم هاتف صحيحًا" in bad_phone.get_data(as_text=True)
    assert db.session.get(Edition, edition.id).contact_email == ""


@with_smtp
def test_emails_carry_the_forum_name_map_and_contact_footer(client, db, edition, inbox):  # noqa: F811
    for name, value in IDENTITY.items():
        setattr(edition, name, value)
    edition.contact_phone, edition.contact_whatsapp = "+966126000000", "+966551234000"
    db.session.commit()
    register(client)
    [message] = inbox.messages
    text, html, _images, _calendars = parts(message)
    assert IDENTITY["forum_name_ar"] in html and IDENTITY["forum_name_ar"] in text
    assert "forum@amana.example" in html and "forum@amana.example" in text
    assert "https://wa.me/966551234000" in html and "+966126000000" in text
    assert 'href="https://www.openstreetmap.org/search?query=Jeddah"' in html


def test_pdfs_carry_the_forum_as_author_in_arabic_and_certificates_the_event_date_and_official(client, db, edition):
    from pypdf import PdfReader

    from conference.checkin.certificates import open_certificates
    from conference.identity import date_in
    from conference.models import Participant

    for name, value in IDENTITY.items():
        setattr(edition, name, value)
    db.session.commit()
    path = register(client).headers["Location"].split("?")[0]
    person = db.session.scalar(select(Participant))
    person.checked_in_at = person.created_at
    open_certificates(edition, None)
    db.session.commit()

    badge = PdfReader(io.BytesIO(client.get(f"{path}/badge.pdf").get_data()))
    assert badge.metadata.author == IDENTITY["forum_name_ar"] and edition.title_ar in badge.metadata.title
    assert badge.trailer["/Root"]["/Lang"] == "ar"
    certificate = PdfReader(io.BytesIO(client.get(f"{path}/certificate.pdf").get_data()))
    assert certificate.metadata.author == IDENTITY["forum_name_ar"]
    text = certificate.pages[0].extract_text()
    assert "Eng. Saleh Al-Turki" in text and "Mayor of Jeddah" in text
    assert date_in(edition.ends_on, "en") in text
