from conference.registration.service import find_participants, register_participant


def test_lookup_by_any_arabic_spelling_email_phone_or_organization(db, edition):
    for n, (ar, en, org, phone) in enumerate([
        ("أحمد الغامدي", "Ahmed Alghamdi", "أمانة محافظة جدة", "+966501234567"),
        ("فاطمة الزهراني", "Fatimah Alzahrani", "وزارة الشؤون البلدية", "+966551112233"),
        ("إبراهيم علي", "", "جامعة الملك عبدالعزيز", "+971501234567"),
    ]):
        register_participant(edition, {"name_ar": ar, "name_en": en, "organization": org, "phone": phone,
                                       "email": f"person{n}@example.org"})
    db.session.commit()

    def names(query):
        return [p.name_ar for p in find_participants(edition, query)]

    assert names("احمد") == ["أحمد الغامدي"]
    assert names("فاطمه") == ["فاطمة الزهراني"]
    assert names("ابراهيم") == ["إبراهيم علي"]
    assert names("ALGHAMDI") == ["أحمد الغامدي"]
    assert names("person1@example") == ["فاطمة الزهراني"]
    assert names("0551112233") == ["فاطمة الزهراني"]
    assert names("امانه جده") == ["أحمد الغامدي"]
    assert names("%") == [] and names("") == [] and names("   ") == []
