from conference.certificates import find_valid_certificate, issue_certificate, normalize_code
from conference.models import utcnow


def _issue(db, edition, subject="attendance"):
    certificate = issue_certificate(
        edition, "attendance", subject, holder_ar="سارة العتيبي", holder_en="Sara Alotaibi",
        title_ar="شهادة حضور", title_en="Certificate of attendance",
    )
    db.session.commit()
    return certificate


def test_issuing_twice_gives_the_same_certificate(db, edition):
    first = _issue(db, edition)
    assert _issue(db, edition).id == first.id
    assert len(first.code) == 14 and first.code.count("-") == 2


def test_public_verification_shows_name_and_event_only(client, db, edition):
    certificate = _issue(db, edition)
    response = client.get(f"/verify/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "سارة العتيبي" in html and "ملتقى يوم البلدية الإلكترونية" in html
    assert 'dir="rtl" lang="ar">سارة العتيبي' in html
    typed = client.get("/verify?code=" + certificate.code.lower().replace("-", " "))
    assert typed.status_code == 302 and typed.headers["Location"].endswith(certificate.code)


def test_made_up_or_revoked_codes_are_refused(client, db, edition):
    certificate = _issue(db, edition)
    assert client.get("/verify/AAAA-BBBB-CCCC").status_code == 404
    assert client.get("/verify/<script>").status_code == 404
    certificate.revoked_at = utcnow()
    db.session.commit()
    response = client.get(f"/verify/{certificate.code}")
    assert response.status_code == 404
    assert "سارة" not in response.get_data(as_text=True)
    assert find_valid_certificate(certificate.code) is None
    assert normalize_code("abcd efgh-jkmn") == "ABCD-EFGH-JKMN"
