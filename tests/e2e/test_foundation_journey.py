from tests.e2e.conftest import DESKTOP
from tests.helpers import TEST_PASSWORD, make_user


def test_home_is_arabic_rtl_and_switches_to_english(journey, edition):
    j = journey()
    j.goto("/")
    assert j.page.locator("html").get_attribute("dir") == "rtl"
    assert "نحو مدينة ذكية" in j.page.content()
    j.shot("home arabic")
    j.page.click(".lang-switch")
    assert j.page.locator("html").get_attribute("lang") == "en"
    assert j.page.locator("html").get_attribute("dir") == "ltr"
    j.shot("home english")
    assert j.console_errors == []


def test_admin_changes_capacity_in_the_console(journey, db, edition):
    admin = make_user(db, "admin", "chief@test.example")
    j = journey(viewport=DESKTOP, language="en")
    j.sign_in(admin.email, TEST_PASSWORD)
    j.shot("dashboard")
    j.goto("/console/edition")
    j.page.fill("#capacity", "321")
    j.shot("edition form")
    j.page.click("main button[type=submit]")
    assert "Saved." in j.page.content()
    j.shot("saved")
    db.session.rollback()
    db.session.refresh(edition)
    assert edition.capacity == 321
