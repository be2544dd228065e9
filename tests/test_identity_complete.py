"""The rest of the forum's identity: organizer logo, brand colour, the official's signature and
seal on certificates, partners and sponsors, the FAQ and the privacy notice under the PDPL —
set through the console over HTTP, read back from pages, emails and PDFs."""

import base64
import hashlib
import io
import re

from markupsafe import escape
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from conference import demo_images, storage
from conference.demo import FAQ, PRIVACY
from conference.identity import contrast, load_logo
from conference.models import AuditLog, Edition, Participant
from conference.models.awards import AwardCategory, Nomination
from conference.models.identity import FaqEntry, Partner
from tests.helpers import csrf_from, form_post
from tests.registration.test_email import inbox, parts, with_smtp  # noqa: F401  (the SMTP fixture)
from tests.registration.test_form import register
from tests.test_identity import IDENTITY, post_settings


def png(size=(200, 100), color=(20, 40, 90, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, "PNG")
    return out.getvalue()


def stored_images() -> int:
    return len(storage.keys("uploads/identity/"))


def image_files(**uploads) -> dict:
    return {f"{name}_file": (io.BytesIO(data), f"{name}.png") for name, data in uploads.items()}


def test_organizer_logo_signature_seal_and_colour_are_saved_and_used(client, db, edition, login_as):
    login_as("admin")
    files = image_files(organizer_logo=demo_images.organizer_logo(), signature_image=demo_images.signature(),
                        seal_image=demo_images.seal())
    response = post_settings(client, edition, files=files, brand_color="#1A4F8B")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    edition = db.session.get(Edition, edition.id)
    assert edition.brand_color == "#1a4f8b"
    with Image.open(io.BytesIO(load_logo(edition.signature_image))) as signature:
        assert signature.format == "PNG" and signature.mode == "RGBA"
        assert signature.getpixel((0, 0))[3] == 0  # the transparent background stays transparent
    assert load_logo(edition.seal_image) and load_logo(edition.organizer_logo)

    client.get("/account/logout")
    home = client.get("/").get_data(as_text=True)
    assert f"/identity/{edition.organizer_logo}" in home
    style = re.search(r"<style>(.*?)</style>", home).group(1)
    assert "--brand: #1a4f8b" in style
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = client.get("/").headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy  # that exact style, nothing else inline


def test_an_image_is_removed_when_its_box_is_ticked_and_kept_otherwise(client, db, edition, login_as):
    login_as("admin")
    files = image_files(organizer_logo=demo_images.organizer_logo(), seal_image=demo_images.seal())
    assert post_settings(client, edition, files=files).status_code == 302
    edition = db.session.get(Edition, edition.id)
    seal, logo = edition.seal_image, edition.organizer_logo
    assert f"/identity/{logo}/" in client.get("/").get_data(as_text=True)
    page = client.get("/console/edition").get_data(as_text=True)
    assert 'name="organizer_logo_remove"' in page and 'name="seal_image_remove"' in page
    assert 'name="signature_image_remove"' not in page  # nothing to remove there
    assert post_settings(client, edition, organizer_logo_remove="y").status_code == 302
    db.session.expire_all()
    assert edition.organizer_logo == "" and edition.seal_image == seal
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "edition.update").order_by(AuditLog.id.desc())).first()
    assert entry.details["changes"]["organizer_logo"][1] == ""
    assert f"/identity/{logo}" not in client.get("/").get_data(as_text=True)


def test_a_partners_logo_can_be_removed(client, db, edition, login_as):
    login_as("organizer")
    data = partner_form(logo_file=(io.BytesIO(demo_images.data_centre_logo()), "sahaba.png"))
    assert form_post(client, "/console/partners/new", data, content_type="multipart/form-data").status_code == 302
    partner = db.session.scalar(select(Partner))
    assert partner.logo and 'name="remove_logo"' in client.get(f"/console/partners/{partner.id}").get_data(as_text=True)
    assert form_post(client, f"/console/partners/{partner.id}", partner_form(remove_logo="y")).status_code == 302
    db.session.expire_all()
    assert partner.logo == "" and partner.name_en == "Sahaba Data Centres"
    assert 'alt="سحابة لمراكز البيانات"' not in client.get("/").get_data(as_text=True)


def test_the_default_colour_needs_no_inline_style(client, edition):
    response = client.get("/")
    assert "<style>" not in response.get_data(as_text=True)
    assert "style-src 'self';" in response.headers["Content-Security-Policy"]


def test_a_colour_text_cannot_be_read_on_is_refused_in_the_visitors_language(client, db, edition, login_as):
    login_as("admin")
    assert contrast("#ffd700", "#ffffff") < 4.5
    page = post_settings(client, edition, brand_color="#ffd700").get_data(as_text=True)
    assert "هذا اللون فاتح" in page and "4.5:1" in page
    assert db.session.get(Edition, edition.id).brand_color == ""
    client.get("/language/en")
    page = post_settings(client, edition, brand_color="#ffd700").get_data(as_text=True)
    assert "This colour is too light" in page
    assert "six hexadecimal digits" in post_settings(client, edition, brand_color="green").get_data(as_text=True)
    assert db.session.get(Edition, edition.id).forum_name_ar == ""  # nothing else was saved either


def test_bad_images_are_refused_with_a_message_and_nothing_is_stored(client, db, edition, login_as):
    login_as("admin")
    before = stored_images()
    # A good organizer logo in the same post is not stored either: a refused form changes nothing.
    files = image_files(organizer_logo=png(), signature_image=b"GIF89a not really an image")
    page = post_settings(client, edition, files=files).get_data(as_text=True)
    assert "يجب أن تكون الصورة ملف PNG أو JPEG أو WebP." in page
    huge = png(size=(6000, 6000))  # 36 million pixels in a small file
    assert len(huge) < 2 * 1024 * 1024
    page = post_settings(client, edition, files=image_files(seal_image=huge)).get_data(as_text=True)
    assert "الصورة كبيرة جدًا" in page
    client.get("/language/en")
    page = post_settings(client, edition, files=image_files(organizer_logo=b"%PDF-1.4")).get_data(as_text=True)
    assert "The logo must be a PNG, JPEG or WebP image." in page
    assert stored_images() == before
    edition = db.session.get(Edition, edition.id)
    assert (edition.organizer_logo, edition.signature_image, edition.seal_image, edition.forum_name_ar) == ("", "", "", "")


def partner_form(**changes) -> dict:
    return {"name_ar": "سحابة لمراكز البيانات", "name_en": "Sahaba Data Centres", "tier": "gold",
            "website": "https://sahaba-dc.example", **changes}


def test_organizers_add_edit_reorder_and_delete_partners_and_the_landing_page_groups_them(app, client, db, edition,
                                                                                          login_as):
    login_as("organizer")
    data = partner_form(logo_file=(io.BytesIO(demo_images.data_centre_logo()), "sahaba.png"))
    assert form_post(client, "/console/partners/new", data, content_type="multipart/form-data").status_code == 302
    for name_ar, name_en, tier in (("مكتب المدينة الذكية", "Smart City Office", "strategic"),
                                   ("شركة المياه الغربية", "Western Water", "gold")):
        form_post(client, "/console/partners/new", partner_form(name_ar=name_ar, name_en=name_en, tier=tier, website=""))
    refused = form_post(client, "/console/partners/new", partner_form(website="http://insecure.example"))
    assert refused.status_code == 200 and "يبدأ رابط الموقع بـ \u2066https://\u2069" in refused.get_data(as_text=True)
    bad_logo = form_post(client, "/console/partners/new", partner_form(logo_file=(io.BytesIO(b"<svg/>"), "x.svg")),
                         content_type="multipart/form-data")
    assert "يجب أن يكون الشعار صورة PNG أو JPEG أو WebP." in bad_logo.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Partner)) == 3

    sahaba, office, water = db.session.scalars(select(Partner).order_by(Partner.id)).all()
    assert load_logo(sahaba.logo) and sahaba.position == 1
    page = client.get("/console/partners").get_data(as_text=True)
    token = csrf_from(page)
    client.post(f"/console/partners/{water.id}/move", data={"csrf_token": token, "direction": "up"})
    db.session.expire_all()
    assert water.position < sahaba.position  # Western Water now first among the gold sponsors
    form_post(client, f"/console/partners/{office.id}", partner_form(name_ar="مكتب المدينة الذكية بجدة",
                                                                     name_en="Jeddah Smart City Office", tier="strategic"))

    home = app.test_client().get("/").get_data(as_text=True)
    assert home.index("الشركاء الاستراتيجيون") < home.index("مكتب المدينة الذكية بجدة") < home.index("الرعاة الذهبيون")
    assert home.index("شركة المياه الغربية") < home.index('alt="سحابة لمراكز البيانات"')
    # The gold tier's logos are shown 64 px high: the page takes the copy made for that height.
    assert re.search(rf'src="/identity/{sahaba.logo}/64/[0-9a-f]{{16}}\.png" alt="سحابة لمراكز البيانات" '
                     r'width="179" height="64" loading="lazy"', home)
    assert 'href="https://sahaba-dc.example"' in home

    token = csrf_from(client.get("/console/partners").get_data(as_text=True))
    ask = client.post(f"/console/partners/{sahaba.id}/delete", data={"csrf_token": token})
    assert ask.status_code == 200 and 'name="confirm" value="yes"' in ask.get_data(as_text=True)
    assert db.session.get(Partner, sahaba.id) is not None
    sahaba_id = sahaba.id
    client.post(f"/console/partners/{sahaba_id}/delete", data={"csrf_token": token, "confirm": "yes"})
    db.session.expire_all()
    assert db.session.get(Partner, sahaba_id) is None
    actions = set(db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("partner.%"))))
    assert actions == {"partner.create", "partner.update", "partner.move", "partner.delete"}


def test_desk_staff_and_visitors_cannot_change_partners_or_the_faq(client, db, edition, login_as):
    partner = Partner(edition_id=edition.id, name_ar="شريك", name_en="Partner", tier="partner")
    db.session.add(partner)
    db.session.commit()
    anonymous = client.post(f"/console/partners/{partner.id}/delete", data={"confirm": "yes"})
    assert anonymous.status_code in (302, 400) and db.session.get(Partner, partner.id)
    assert "/account/login" in client.get("/console/faq/new").headers["Location"]
    login_as("desk")
    token = csrf_from(client.get("/register").get_data(as_text=True))
    assert client.get("/console/partners").status_code == 403
    assert client.post(f"/console/partners/{partner.id}/delete", data={"csrf_token": token, "confirm": "yes"}).status_code == 403
    assert client.post("/console/faq/new", data={"csrf_token": token, "question_ar": "س"}).status_code == 403
    assert db.session.get(Partner, partner.id) is not None


def test_the_faq_is_kept_in_order_and_shown_as_an_accordion(client, db, edition, login_as):
    login_as("organizer")
    for question_ar, question_en, answer_ar, answer_en in FAQ[:3]:
        response = form_post(client, "/console/faq/new", {"question_ar": question_ar, "question_en": question_en,
                                                          "answer_ar": answer_ar, "answer_en": answer_en})
        assert response.status_code == 302
    missing = form_post(client, "/console/faq/new", {"question_ar": "سؤال بلا جواب"})
    assert missing.status_code == 200 and db.session.scalar(select(func.count()).select_from(FaqEntry)) == 3
    parking, dress, certificates = db.session.scalars(select(FaqEntry).order_by(FaqEntry.id)).all()
    token = csrf_from(client.get("/console/faq").get_data(as_text=True))
    client.post(f"/console/faq/{certificates.id}/move", data={"csrf_token": token, "direction": "up"})

    client.get("/account/logout")
    for path in ("/", "/faq"):
        html = client.get(path).get_data(as_text=True)
        assert f'<summary dir="rtl" lang="ar">{FAQ[0][0]}</summary>' in html, path
        assert html.index(FAQ[0][0]) < html.index(FAQ[2][0]) < html.index(FAQ[1][0]), path
    client.get("/language/en")
    html = client.get("/faq").get_data(as_text=True)
    assert "Where can I park?" in html and "<details" in html and FAQ[0][0] not in html


def test_the_privacy_page_shows_the_edited_notice_in_both_languages_and_defaults_otherwise(client, db, edition, login_as):
    register_page = client.get("/register").get_data(as_text=True)
    assert 'href="/register/privacy"' in register_page
    default = client.get("/register/privacy").get_data(as_text=True)
    assert "المتحكم في البيانات" in default and "Data controller" in default
    assert "نظام حماية البيانات الشخصية" in default and "Personal Data Protection Law" in default

    login_as("admin")
    assert post_settings(client, edition, **PRIVACY).status_code == 302
    client.get("/account/logout")
    page = client.get("/register/privacy").get_data(as_text=True)
    for field in ("privacy_controller", "privacy_retention", "privacy_rights", "privacy_dpo"):
        assert escape(PRIVACY[f"{field}_ar"]) in page and escape(PRIVACY[f"{field}_en"]) in page, field
    assert page.index(escape(PRIVACY["privacy_dpo_ar"])) < page.index(escape(PRIVACY["privacy_dpo_en"]))


def set_identity(db, edition, **images):
    for name, value in IDENTITY.items():
        setattr(edition, name, value)
    from conference.identity import store_logo

    for name, draw in images.items():
        setattr(edition, name, store_logo(draw()))
    db.session.commit()


def pdf_images(data: bytes) -> list:
    return list(PdfReader(io.BytesIO(data)).pages[0].images)


def test_every_certificate_carries_the_signature_and_seal_above_the_signature_line(client, db, edition):
    from conference.checkin.certificates import open_certificates

    set_identity(db, edition)
    path = register(client).headers["Location"].split("?")[0]
    person = db.session.scalar(select(Participant))
    person.checked_in_at = person.created_at
    open_certificates(edition, None)
    db.session.commit()
    without = pdf_images(client.get(f"{path}/certificate.pdf").get_data())

    set_identity(db, edition, signature_image=demo_images.signature, seal_image=demo_images.seal)
    attendance = client.get(f"{path}/certificate.pdf").get_data()
    with_marks = pdf_images(attendance)
    assert len(with_marks) == len(without) + 2
    sizes = {image.image.size for image in with_marks}
    assert (600, 200) in sizes and (400, 400) in sizes  # the signature and the seal, as stored
    assert "Eng. Saleh Al-Turki" in PdfReader(io.BytesIO(attendance)).pages[0].extract_text()

    category = AwardCategory(edition_id=edition.id, name_ar="أفضل خدمة إلكترونية", name_en="Best e-Service",
                             announced_at=person.created_at)
    db.session.add(category)
    db.session.flush()
    winner = Nomination(category_id=category.id, organization_ar="أمانة منطقة الرياض",
                        organization_en="Riyadh Region Municipality", is_winner=True)
    db.session.add(winner)
    db.session.commit()
    award = client.get(f"/awards/winners/{winner.id}/certificate.pdf")
    assert award.status_code == 200
    assert {(600, 200), (400, 400)} <= {image.image.size for image in pdf_images(award.data)}


@with_smtp
def test_emails_carry_both_logos_the_times_and_the_partners(client, db, edition, inbox):  # noqa: F811
    set_identity(db, edition, organizer_logo=demo_images.organizer_logo)
    db.session.add(Partner(edition_id=edition.id, name_ar="سحابة لمراكز البيانات", name_en="Sahaba Data Centres",
                           tier="gold"))
    db.session.commit()
    register(client)
    [message] = inbox.messages
    text, html, _images, _calendars = parts(message)
    assert re.search(rf'src="http://localhost/identity/{edition.organizer_logo}"', html)
    assert "سحابة لمراكز البيانات" in html and "سحابة لمراكز البيانات" in text
    assert "forum@amana.example" in html


def test_badges_carry_the_host_logo_and_keep_the_heading_clear_of_it(client, db, edition):
    from conference.badges.render import badges_html
    from conference.badges.service import render_badges

    register(client)
    person = db.session.scalar(select(Participant))
    set_identity(db, edition)
    assert pdf_images(render_badges(edition, [person], "a6")) == []
    set_identity(db, edition, host_logo=lambda: png((300, 300)))
    for layout in ("a6", "id1", "62mm"):
        logos = pdf_images(render_badges(edition, [person], layout))
        assert len(logos) == 1 and logos[0].image.size == (300, 300), layout
    assert 'class="logo"' in badges_html(edition, [person], "a6")
