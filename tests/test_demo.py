from sqlalchemy import func, select

from conference.demo import load_demo
from conference.models import Edition, User


def test_demo_is_idempotent_and_realistic(app, db):
    first = load_demo(participants=0)
    second = load_demo(participants=0)
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 3
    # One per role, a second jury member (awards) and a second reviewer (call for experiences).
    assert db.session.scalar(select(func.count()).select_from(User)) == 7
    current = Edition.current()
    assert current.number == 3
    assert current.title_ar == "ملتقى يوم البلدية الإلكترونية"
    assert current.theme_ar == "نحو مدينة ذكية" and current.theme_en == "Towards a Smart City"
    assert current.city_en == "Jeddah"
    assert current.registration_state() == "open"
    assert current.waitlist_enabled
    assert [e.number for e in Edition.archive()] == [2, 1]
    assert _passwords(first).keys() == _passwords(second).keys() == {
        "admin@forum.example", "organizer@forum.example", "desk@forum.example", "jury@forum.example", "jury2@forum.example",
        "reviewer@forum.example", "reviewer2@forum.example"}
    for email, password in _passwords(second).items():
        assert password != _passwords(first)[email]  # drawn afresh at each run, written nowhere
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.check_password(password) and not user.check_password(_passwords(first)[email])


def _passwords(lines: list[str]) -> dict[str, str]:
    """email → password from the demo's printed account lines."""
    found = {}
    for line in lines:
        if " password: " in line:
            _role, email, _label, password = line.split()
            found[email] = password
    return found
