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


PRIVACY = dict(
    privacy_controller_ar="أمانة محافظة جدة، الجهة المستضيفة للملتقى، هي المتحكم في بياناتك الشخصية. العنوان: طريق الملك عبدالعزيز، جدة.",
    privacy_controller_en=("Jeddah Municipality, the forum's host, is the controller of your personal data. Address: King"
                           " Abdulaziz Road, Jeddah."),
    privacy_purposes_ar=("تسجيلك في الملتقى، وطباعة بطاقتك، والتحقق من دخولك عند البوابة، وإصدار شهادة الحضور، وإرسال "
                         "رسائل تخص الملتقى فقط."),
    privacy_purposes_en=("To register you, print your badge, check you in at the door, issue your certificate of "
                         "attendance and send you messages about the forum only."),
    privacy_legal_basis_ar=("موافقتك الصريحة في نموذج التسجيل وفق نظام حماية البيانات الشخصية ولائحته التنفيذية، ولك "
                            "سحبها في أي وقت بإلغاء تسجيلك."),
    privacy_legal_basis_en=("Your explicit consent on the registration form, under the Personal Data Protection Law and "
                            "its Implementing Regulation; you may withdraw it at any time by cancelling your "
                            "registration."),
    privacy_retention_ar=("نحتفظ ببيانات التسجيل مدة ستة أشهر بعد انتهاء الملتقى لإصدار الشهادات والإحصاءات، ثم تُحذف "
                          "البيانات الشخصية ولا يبقى إلا أرقام حضور مجهولة الهوية."),
    privacy_retention_en=("Registration details are kept for six months after the forum for certificates and statistics; "
                          "then personal details are deleted and only anonymous attendance figures remain."),
    privacy_recipients_ar="فريق التنظيم في الأمانة وموظفو مكتب التسجيل في القاعة فقط. لا نشارك بياناتك مع الرعاة أو الشركاء ولا نبيعها.",
    privacy_recipients_en=("Only the municipality's organizing team and the venue desk staff. We do not share your "
                           "details with sponsors or partners, and never sell them."),
    privacy_rights_ar=("لك الحق في العلم، وفي الوصول إلى بياناتك والحصول على نسخة منها، وفي تصحيحها، وفي طلب إتلافها، وفي"
                       " سحب موافقتك. عدّل تسجيلك أو ألغِه من الرابط الخاص في رسالة التأكيد، أو راسل مسؤول حماية "
                       "البيانات، ولك تقديم شكوى إلى الهيئة السعودية للبيانات والذكاء الاصطناعي (سدايا)."),
    privacy_rights_en=("You have the right to be informed, to access your data and get a copy, to have it corrected, to "
                       "ask for its destruction and to withdraw your consent. Change or cancel your registration from the"
                       " private link in your confirmation email, or write to the data protection officer; you may also "
                       "complain to the Saudi Data and AI Authority (SDAIA)."),
    privacy_dpo_ar="مسؤول حماية البيانات في أمانة محافظة جدة: dpo@jeddah-amana.example — هاتف 0126000000 (تحويلة 210)، ونرد خلال 30 يومًا.",
    privacy_dpo_en=("Jeddah Municipality's data protection officer: dpo@jeddah-amana.example — telephone +966 12 600 0000"
                    " (ext. 210); we answer within 30 days."),
)

PARTNERS = (  # name_ar, name_en, tier, website, logo drawing (conference.demo_images)
    ("مكتب المدينة الذكية بجدة", "Jeddah Smart City Office", "strategic", "https://smartcity.jeddah.example", "smart_city_logo"),
    ("سحابة لمراكز البيانات", "Sahaba Data Centres", "gold", "https://sahaba-dc.example", "data_centre_logo"),
    ("شركة المياه والكهرباء الغربية", "Western Water & Power Company", "silver", "https://wwp.example", "utility_logo"),
)

FAQ = (
    ("أين أوقف سيارتي؟", "Where can I park?",
     ("يتوفر موقف مجاني للزوار عند البوابة الشمالية لمركز جدة للمنتديات والفعاليات، ويُفتح من الساعة السابعة صباحًا. "
      "مواقف ذوي الإعاقة بجوار المدخل الرئيسي."),
     ("Free visitor parking is at the north gate of the Jeddah Center for Forums and Events, open from 7:00. Accessible "
      "bays are beside the main entrance.")),
    ("ما اللباس المناسب؟", "What is the dress code?",
     "اللباس الرسمي أو الوطني. يُرجى مراعاة طبيعة المناسبة الحكومية.",
     "Formal or national dress, as suits a government event."),
    ("كيف أحصل على شهادة الحضور؟", "How do I get my certificate of attendance?",
     "بعد الملتقى نرسل إلى كل من سجّل حضوره عند البوابة رابطًا لتنزيل شهادته بالعربية والإنجليزية، ويمكن لأي جهة التحقق منها برمز الشهادة.",
     ("After the forum, everyone checked in at the door receives a link to their certificate in Arabic and English; "
      "anyone can verify it with its code.")),
    ("هل أحتاج إلى طباعة بطاقتي؟", "Do I need to print my badge?",
     "لا. اعرض رمز QR من رسالة التأكيد على جوالك عند البوابة، وتُطبع بطاقتك في مكتب التسجيل خلال ثوانٍ.",
     "No. Show the QR code from your confirmation email on your phone at the door; the desk prints your badge in seconds."),
    ("هل يمكنني تسجيل زميل في مكاني؟", "Can a colleague come in my place?",
     "البطاقة شخصية. ألغِ تسجيلك من الرابط الخاص في رسالة التأكيد ليعود المقعد متاحًا، ثم يسجّل زميلك باسمه.",
     ("Badges are personal. Cancel your registration from your private link so the seat is free again, then your "
      "colleague registers in their own name.")),
    ("كيف أتواصل مع المنظمين؟", "How do I contact the organizers?",
     ("راسلنا عبر واتساب على الرقم 0551234000 أو بالبريد forum@jeddah-amana.example، من الأحد إلى الخميس من الثامنة "
      "صباحًا حتى الرابعة عصرًا."),
     "Message us on WhatsApp at +966 55 123 4000 or email forum@jeddah-amana.example, Sunday to Thursday, 8:00 to 16:00."),
)


def _ensure_identity(edition: Edition) -> None:
    from . import demo_images
    from .identity import load_logo, store_logo

    for name, value in (IDENTITY | PRIVACY).items():
        if not getattr(edition, name):
            setattr(edition, name, value)
    images = {"host_logo": demo_logo, "organizer_logo": demo_images.organizer_logo,
              "signature_image": demo_images.signature, "seal_image": demo_images.seal}
    for name, draw in images.items():
        if not load_logo(getattr(edition, name)):
            setattr(edition, name, store_logo(draw()))
    _ensure_partners_and_faq(edition)


def _ensure_partners_and_faq(edition: Edition) -> None:
    from . import demo_images
    from .identity import store_logo
    from .models.identity import FaqEntry, Partner

    if not db.session.scalar(select(Partner.id).where(Partner.edition_id == edition.id).limit(1)):
        for position, (name_ar, name_en, tier, website, drawing) in enumerate(PARTNERS, start=1):
            db.session.add(Partner(edition_id=edition.id, name_ar=name_ar, name_en=name_en, tier=tier, website=website,
                                   logo=store_logo(getattr(demo_images, drawing)()), position=position))
    if not db.session.scalar(select(FaqEntry.id).where(FaqEntry.edition_id == edition.id).limit(1)):
        for position, (question_ar, question_en, answer_ar, answer_en) in enumerate(FAQ, start=1):
            db.session.add(FaqEntry(edition_id=edition.id, question_ar=question_ar, question_en=question_en,
                                    answer_ar=answer_ar, answer_en=answer_en, position=position))


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
