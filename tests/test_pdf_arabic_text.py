"""Every PDF the app makes reads its Arabic back exactly: badges, the agenda, certificates.

The PDFs are real (WeasyPrint), the text comes back through pypdf, and the comparison is
letter for letter over names with every letter form, hamza seat, taa marbuta, alef maqsura
and lam-alef (tests/pdf_text.py).
"""

import re
from datetime import date, timedelta

from conference.agenda import service
from conference.badges.service import render_badges
from conference.checkin.certificates import attendance_certificate, certificate_pdf
from conference.models import utcnow
from conference.models.agenda import Speaker
from tests.agenda.test_support import at
from tests.checkin.test_checkin import add_person
from tests.helpers import make_edition
from tests.pdf_text import ARABIC_NAMES, ARABIC_TITLES, missing, pdf_pages, pdf_text, structure


def test_badges_read_back_every_arabic_name_exactly(db, edition):
    people = [add_person(db, edition, name_ar=name, name_en=f"Person {n}") for n, name in enumerate(ARABIC_NAMES)]
    db.session.commit()
    for layout in ("a6", "a4-2x5"):
        text = pdf_text(render_badges(edition, people, layout))
        assert missing(text, ARABIC_NAMES) == [], layout


def test_agenda_pdf_reads_back_titles_and_speakers_exactly(client, db):
    edition = make_edition(db, starts_on=date(2026, 12, 13), ends_on=date(2026, 12, 13))
    speakers = [Speaker(edition_id=edition.id, name_ar=name, name_en=f"Speaker {n}") for n, name in enumerate(ARABIC_NAMES[:6])]
    db.session.add_all(speakers)
    db.session.flush()
    for n, title in enumerate(ARABIC_TITLES):
        service.save_session(edition, None, {
            "kind": "panel", "title_ar": title, "title_en": f"Session {n}", "starts_at": at(edition, 8 + n),
            "ends_at": at(edition, 9 + n), "speaker_ids": [speakers[n].id], "published": True})
    db.session.commit()
    text = pdf_text(client.get("/agenda.pdf").data)
    assert missing(text, ARABIC_TITLES + ARABIC_NAMES[:6] + [edition.title_ar]) == [], text


def test_certificates_read_back_the_holder_exactly(app, db):
    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, starts_on=ended, ends_on=ended)
    for name in ARABIC_NAMES[:8]:
        person = add_person(db, edition, name_ar=name, name_en="Holder", checked_in_at=utcnow())
        certificate = attendance_certificate(person)
        db.session.commit()
        with app.test_request_context():
            [page] = pdf_pages(certificate_pdf(person, certificate))
        assert missing(page, [name, edition.title_ar]) == [], page


def test_certificates_are_tagged_pdf_ua_and_archival_pdf_a_3b(app, db):
    ended = date.today() - timedelta(days=2)
    edition = make_edition(db, starts_on=ended, ends_on=ended)
    person = add_person(db, edition, name_ar="عائشة بنت ثامر الدوسري", name_en="Aisha Aldosari", checked_in_at=utcnow())
    certificate = attendance_certificate(person)
    db.session.commit()
    with app.test_request_context():
        found = structure(certificate_pdf(person, certificate))
    assert found["marked"] and found["lang"] == "ar"
    assert certificate.title_ar in found["title"] and certificate.title_en in found["title"]
    assert found["outline"] == ["شهادة حضور"]
    assert 'pdfuaid:part="1"' in found["xmp"]
    assert re.search(r'pdfaid:part(="|>)3', found["xmp"]) and re.search(r'pdfaid:conformance(="|>)B', found["xmp"])
    assert {"/Document", "/H1", "/P"} <= found["tags"], found["tags"]


def test_agenda_pdf_is_tagged_pdf_ua(client, db, edition):
    service.save_session(edition, None, {"kind": "keynote", "title_ar": ARABIC_TITLES[0], "title_en": "Keynote",
                                         "starts_at": at(edition, 9), "ends_at": at(edition, 10), "published": True})
    db.session.commit()
    found = structure(client.get("/agenda.pdf").data)
    assert found["marked"] and found["lang"] == "ar" and edition.title_ar in found["title"]
    assert len(found["outline"]) == 1 and found["outline"][0].startswith("البرنامج")
    assert 'pdfuaid:part="1"' in found["xmp"] or "<pdfuaid:part>1</pdfuaid:part>" in found["xmp"]
    assert {"/Document", "/H1", "/P"} <= found["tags"], found["tags"]
