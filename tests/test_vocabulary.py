"""Every closed set has a label per value in both languages, from the catalogs."""

from flask_babel import force_locale

from conference.models import Participant
from conference.models.vocabulary import VOCABULARIES, ParticipantCategory, RegistrationStatus, Sector


def test_every_member_has_an_arabic_and_an_english_label(app):
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            with force_locale("ar"):
                arabic = member.label
            with force_locale("en"):
                english = member.label
            assert arabic.strip() and english.strip(), f"{vocabulary.__name__}.{member.name}"
            assert arabic != english, f"{vocabulary.__name__}.{member.name} is not translated into Arabic"


def test_members_are_the_stored_strings(app):
    assert RegistrationStatus.CONFIRMED == "confirmed"
    assert Sector.values() == ("government", "private", "academic", "non_profit", "media", "other")
    assert Sector.get("nowhere") is None and Sector.get("media") is Sector.MEDIA
    with force_locale("en"):
        assert Sector.label_of("nowhere") == "nowhere"
        assert ParticipantCategory.label_of("vip") == "VIP"
    assert Participant.__table__.c.status.default.arg == "pending"


def test_the_label_filter_renders_a_stored_value(app):
    with force_locale("ar"):
        rendered = app.jinja_env.from_string('{{ "confirmed"|label("RegistrationStatus") }}').render()
    assert rendered == "مؤكد"
