from datetime import date

from conference.i18n import bidi_attrs, hijri_date, text_direction


def test_arabic_is_the_default_and_right_to_left(client, edition):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "ملتقى يوم البلدية الإلكترونية" in html
    assert "نحو مدينة ذكية" in html


def test_language_switch_is_remembered(client, edition):
    response = client.get("/language/en?next=/archive")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/archive")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "Towards a Smart City" in html
    assert "Register" in html or "Agenda" in html or "Archive" in html
    client.get("/language/ar")
    assert '<html lang="ar" dir="rtl">' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_other_sites_and_languages(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert client.get("/language/en?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/language/fr").status_code == 404


def test_every_page_offers_the_other_language(client, edition):
    for url in ("/", "/archive", "/account/login"):
        html = client.get(url).get_data(as_text=True)
        assert "/language/en" in html, url


def test_dates_show_gregorian_and_hijri(client, db):
    from tests.helpers import make_edition

    make_edition(db, starts_on=date(2026, 11, 22), ends_on=date(2026, 11, 22))
    html = client.get("/").get_data(as_text=True)
    assert "جمادى الآخرة 1448" in html
    client.get("/language/en")
    html = client.get("/").get_data(as_text=True)
    assert "November 22, 2026" in html and "Jumada al-Akhirah 1448 AH" in html


def test_hijri_conversion_uses_umm_al_qura():
    assert hijri_date(date(2026, 11, 22), "en") == "12 Jumada al-Akhirah 1448 AH"
    assert hijri_date(date(2025, 3, 1), "ar") == "1 رمضان 1446 هـ"


def test_direction_comes_from_the_first_strong_character():
    assert text_direction("محمد Ali") == "rtl"
    assert text_direction("Ali محمد") == "ltr"
    assert text_direction("123 - محمد") == "rtl"
    assert text_direction("") == "ltr"
    assert str(bidi_attrs("فاطمة")) == 'dir="rtl" lang="ar"'


def test_arabic_catalog_covers_every_foundation_string():
    from babel.messages.pofile import read_po

    from conference.config import PACKAGE_DIR

    for po in PACKAGE_DIR.glob("**/translations/ar/LC_MESSAGES/messages.po"):
        with open(po, "rb") as handle:
            catalog = read_po(handle)
        missing = [m.id for m in catalog if m.id and not m.string]
        assert not missing, f"{po}: untranslated {missing[:5]}"
