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
    assert any("demo-admin-2026" in line for line in second)
    assert first[-4:] == second[-4:]
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    assert admin.check_password("demo-admin-2026")
