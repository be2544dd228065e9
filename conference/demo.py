"""The demo forum: three editions of E-Municipality Day in Jeddah and an account per role.

Dates are set relative to today, so the current edition is always upcoming and open for
registration. Each feature adds its own demo data in its demo.py (`load(edition, participants)`).
"""

import secrets
from datetime import date, datetime, time, timedelta
from importlib import import_module
from importlib.util import find_spec
from zoneinfo import ZoneInfo

from sqlalchemy import select

from .accounts.service import change_password, create_user, find_user
from .models import Edition, db

DEMO_ACCOUNTS = (
    ("admin@forum.example", "admin", "مدير النظام"),
    ("organizer@forum.example", "organizer", "منسقة الملتقى"),
    ("desk@forum.example", "desk", "موظف مكتب التسجيل"),
    ("jury@forum.example", "jury", "عضو لجنة التحكيم"),
)

TITLE_AR = "ملتقى يوم البلدية الإلكترونية"
TITLE_EN = "E-Municipality Day"
VENUE_AR = "مركز جدة للمنتديات والفعاليات"
VENUE_EN = "Jeddah Center for Forums and Events"
PATRON_AR = "تحت رعاية صاحب السمو الملكي أمير منطقة مكة المكرمة"
PATRON_EN = "Under the patronage of HRH the Governor of Makkah Region"

PAST_THEMES = (
    ("الخدمات الرقمية للمواطن", "Digital Services for Citizens"),
    ("البلديات في عصر البيانات", "Municipalities in the Age of Data"),
)


IDENTITY = dict(
    forum_name_ar="ملتقى يوم البلدية الإلكترونية — نحو مدينة ذكية",
    forum_name_en="E-Municipality Day — Towards a Smart City",
    short_name_ar="يوم البلدية الإلكترونية",
    short_name_en="E-Municipality Day",
    contact_email="forum@jeddah-amana.example",
    contact_phone="+966126000000",
    contact_whatsapp="+966551234000",
    contact_address_ar="أمانة محافظة جدة، طريق الملك عبدالعزيز، جدة",
    contact_address_en="Jeddah Municipality, King Abdulaziz Road, Jeddah",
    map_url="https://www.openstreetmap.org/search?query=Jeddah%20Center%20for%20Forums%20and%20Events",
    official_name_ar="م. صالح بن علي التركي",
    official_name_en="Eng. Saleh bin Ali Al-Turki",
    official_title_ar="أمين محافظة جدة",
    official_title_en="Mayor of Jeddah",
)


def demo_logo() -> bytes:
    """The demo host's emblem, drawn here (no real logo is used): a green roundel with a
    gold city skyline and a data grid."""
    import io

    from PIL import Image, ImageDraw

    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(11, 110, 79, 255))
    draw.ellipse((36, 36, size - 36, size - 36), outline=(200, 162, 60, 255), width=10)
    for x, height in ((110, 120), (150, 180), (190, 230), (230, 160), (270, 130)):
        draw.rectangle((x, 290 - height, x + 32, 290), fill=(200, 162, 60, 255))
    for x in range(120, 300, 30):
        draw.line((x, 300, x, 320), fill=(255, 255, 255, 255), width=6)
    draw.line((100, 310, 300, 310), fill=(255, 255, 255, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _ensure_identity(edition: Edition) -> None:
    from .identity import load_logo, store_logo

    for name, value in IDENTITY.items():
        if not getattr(edition, name):
            setattr(edition, name, value)
    if not load_logo(edition.host_logo):
        edition.host_logo = store_logo(demo_logo())


def _edition_values(number: int, starts_on: date, theme: tuple[str, str]) -> dict:
    riyadh = ZoneInfo("Asia/Riyadh")
    return dict(
        number=number,
        year=starts_on.year,
        title_ar=TITLE_AR,
        title_en=TITLE_EN,
        theme_ar=theme[0],
        theme_en=theme[1],
        venue_ar=VENUE_AR,
        venue_en=VENUE_EN,
        city_ar="جدة",
        city_en="Jeddah",
        patron_ar=PATRON_AR,
        patron_en=PATRON_EN,
        starts_on=starts_on,
        ends_on=starts_on,
        timezone="Asia/Riyadh",
        capacity=400,
        waitlist_enabled=True,
        approval_required=False,
        registration_opens_at=datetime.combine(starts_on - timedelta(days=60), time(8), riyadh),
        registration_closes_at=datetime.combine(starts_on - timedelta(days=1), time(23, 59), riyadh),
        badge_layout="a6",
    )


def _ensure_editions(today: date) -> Edition:
    for number, theme in enumerate(PAST_THEMES, start=1):
        if not db.session.scalar(select(Edition).where(Edition.number == number)):
            past_day = today.replace(year=today.year - (3 - number)) - timedelta(days=30)
            db.session.add(Edition(**_edition_values(number, past_day, theme), is_current=False))
    current = db.session.scalar(select(Edition).where(Edition.number == 3))
    if current is None:
        current = Edition(
            **_edition_values(3, today + timedelta(days=21), ("نحو مدينة ذكية", "Towards a Smart City")),
            is_current=not Edition.current(),
        )
        db.session.add(current)
    db.session.flush()
    return current


def demo_account(email: str, role: str, name: str) -> str:
    """Create the demo account or give it a fresh password; the line that shows the password once.

    Every run draws new passwords, so none is written anywhere but on this terminal."""
    password = secrets.token_urlsafe(12)
    user = find_user(email)
    if user is None:
        create_user(email, role, password, name=name)
    else:
        change_password(user, password)
    return f"  {role:<10} {email:<26} password: {password}"


def _ensure_accounts() -> list[str]:
    return [demo_account(email, role, name) for email, role, name in DEMO_ACCOUNTS]


def load_demo(participants: int | None = None, today: date | None = None) -> list[str]:
    from .features import FEATURES

    edition = _ensure_editions(today or date.today())
    _ensure_identity(edition)
    accounts = _ensure_accounts()
    db.session.commit()
    lines = [f"Demo forum: edition {edition.number} ({edition.title_en}, {edition.starts_on})."]
    for feature in FEATURES:
        if find_spec(f"conference.{feature}.demo"):
            lines.extend(import_module(f"conference.{feature}.demo").load(edition, participants) or [])
            db.session.commit()
    return lines + [
        "Demo accounts (new passwords at each run, shown only here; the admin sets up two-factor sign-in at first sign-in):",
        *accounts,
    ]
