"""Demo participants: Saudi and Gulf names and organizations, spread over the registration window.

The current edition gets about 430 people for its 400 seats (400 confirmed, about 20
waitlisted, about 10 cancelled); the two archived editions get fewer, most of them
checked in. Everyone is registered through register_participant, so seats are counted
by the one seat rule. Emails are deterministic, so loading the demo again adds nobody.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ..models import Edition, Participant, db
from ..models.vocabulary import RegistrationStatus
from .service import cancel_registration, register_participant

DEFAULT_CURRENT = 430
ARCHIVE_SHARE = {1: 0.42, 2: 0.6}  # of the current edition's count, by edition number

MEN = [
    ("أحمد", "Ahmed"), ("محمد", "Mohammed"), ("عبدالله", "Abdullah"), ("خالد", "Khalid"), ("فهد", "Fahad"),
    ("سلطان", "Sultan"), ("عبدالرحمن", "Abdulrahman"), ("فيصل", "Faisal"), ("ماجد", "Majed"), ("نايف", "Naif"),
    ("سعود", "Saud"), ("تركي", "Turki"), ("يوسف", "Yousef"), ("إبراهيم", "Ibrahim"), ("عمر", "Omar"),
    ("علي", "Ali"), ("حسن", "Hassan"), ("بندر", "Bandar"), ("مشعل", "Mishal"), ("وليد", "Waleed"),
    ("هشام", "Hisham"), ("ياسر", "Yasser"), ("مصطفى", "Mustafa"), ("أنس", "Anas"), ("راشد", "Rashid"),
]
WOMEN = [
    ("فاطمة", "Fatimah"), ("نورة", "Noura"), ("سارة", "Sarah"), ("ريم", "Reem"), ("هيفاء", "Haifa"),
    ("منيرة", "Munirah"), ("لمى", "Lama"), ("عبير", "Abeer"), ("أمل", "Amal"), ("هند", "Hind"),
    ("مها", "Maha"), ("دانة", "Dana"), ("جواهر", "Jawaher"), ("أسماء", "Asma"), ("رهف", "Rahaf"),
    ("شهد", "Shahad"), ("العنود", "Alanoud"), ("خلود", "Kholoud"),
]
FAMILIES = [
    ("الغامدي", "Alghamdi"), ("الزهراني", "Alzahrani"), ("القحطاني", "Alqahtani"), ("العتيبي", "Alotaibi"),
    ("الحربي", "Alharbi"), ("الشهري", "Alshehri"), ("الدوسري", "Aldossari"), ("المالكي", "Almalki"),
    ("السبيعي", "Alsubaie"), ("العمري", "Alomari"), ("الشمري", "Alshammari"), ("المطيري", "Almutairi"),
    ("الجهني", "Aljohani"), ("باعشن", "Baeshen"), ("بن لادن", "Binladin"), ("الصايغ", "Alsayegh"),
    ("النعيمي", "Alnuaimi"), ("الكعبي", "Alkaabi"), ("الصباح", "Alsabah"), ("البلوشي", "Albalushi"),
    ("الأنصاري", "Alansari"), ("الخالدي", "Alkhalidi"), ("الرشيد", "Alrasheed"), ("فلمبان", "Filimban"),
]
# (organization, sector, city, email slug, phone country code)
ORGANIZATIONS = [
    ("أمانة محافظة جدة", "government", "جدة", "jeddah-amana", "966"),
    ("أمانة منطقة الرياض", "government", "الرياض", "riyadh-amana", "966"),
    ("أمانة العاصمة المقدسة", "government", "مكة المكرمة", "makkah-amana", "966"),
    ("أمانة المنطقة الشرقية", "government", "الدمام", "eastern-amana", "966"),
    ("أمانة منطقة المدينة المنورة", "government", "المدينة المنورة", "madinah-amana", "966"),
    ("أمانة منطقة عسير", "government", "أبها", "asir-amana", "966"),
    ("أمانة محافظة الطائف", "government", "الطائف", "taif-amana", "966"),
    ("بلدية محافظة رابغ", "government", "رابغ", "rabigh-municipality", "966"),
    ("بلدية محافظة الليث", "government", "الليث", "allith-municipality", "966"),
    ("وزارة البلديات والإسكان", "government", "الرياض", "momah", "966"),
    ("هيئة الحكومة الرقمية", "government", "الرياض", "dga", "966"),
    ("الهيئة السعودية للبيانات والذكاء الاصطناعي", "government", "الرياض", "sdaia", "966"),
    ("وزارة الاتصالات وتقنية المعلومات", "government", "الرياض", "mcit", "966"),
    ("بلدية دبي", "government", "دبي", "dubai-municipality", "971"),
    ("بلدية الكويت", "government", "الكويت", "kuwait-municipality", "965"),
    ("وزارة شؤون البلديات والزراعة — البحرين", "government", "المنامة", "mma-bahrain", "973"),
    ("بلدية مسقط", "government", "مسقط", "muscat-municipality", "968"),
    ("وزارة البلدية — قطر", "government", "الدوحة", "mm-qatar", "974"),
    ("جامعة الملك عبدالعزيز", "academic", "جدة", "kau", "966"),
    ("جامعة الملك سعود", "academic", "الرياض", "ksu", "966"),
    ("جامعة الملك فهد للبترول والمعادن", "academic", "الظهران", "kfupm", "966"),
    ("جامعة أم القرى", "academic", "مكة المكرمة", "uqu", "966"),
    ("جامعة الملك عبدالله للعلوم والتقنية", "academic", "ثول", "kaust", "966"),
    ("مدينة الملك عبدالعزيز للعلوم والتقنية", "academic", "الرياض", "kacst", "966"),
    ("شركة الاتصالات السعودية", "private", "الرياض", "stc", "966"),
    ("شركة علم", "private", "الرياض", "elm", "966"),
    ("شركة موبايلي", "private", "الرياض", "mobily", "966"),
    ("Smart Cities Arabia", "private", "دبي", "smartcities-arabia", "971"),
    ("شركة تطوير المدن الذكية", "private", "جدة", "smartcity-dev", "966"),
    ("مجموعة بن لادن السعودية", "private", "جدة", "sbg", "966"),
    ("شركة الحلول الرقمية المتقدمة", "private", "الخبر", "adsolutions", "966"),
    ("GeoData Gulf", "private", "الدوحة", "geodata-gulf", "974"),
    ("جمعية المدن الصحية", "non_profit", "الرياض", "healthy-cities", "966"),
    ("الجمعية السعودية للحكومة الإلكترونية", "non_profit", "جدة", "egov-society", "966"),
    ("جريدة عكاظ", "media", "جدة", "okaz", "966"),
    ("قناة الإخبارية", "media", "الرياض", "alekhbariya", "966"),
    ("وكالة الأنباء السعودية", "media", "الرياض", "spa", "966"),
    ("صحيفة سبق الإلكترونية", "media", "الرياض", "sabq", "966"),
]
# How often each organization appears: amanas, ministries and universities send the most people.
WEIGHTS = [14, 12, 10, 9, 8, 6, 6, 3, 3, 12, 6, 5, 5, 3, 2, 2, 2, 2, 8, 6, 4, 4, 2, 3, 5, 4, 3, 2, 3, 2, 3, 2, 2, 2, 2, 2, 2, 2]
JOBS_AR = [
    "مدير إدارة التحول الرقمي", "مهندس نظم معلومات", "أخصائي خدمات إلكترونية", "مدير مشروع", "محلل بيانات",
    "وكيل الأمين للخدمات", "مستشار تقنية", "مهندس مدني", "مدير الاتصال المؤسسي", "أستاذ مشارك",
    "رئيس قسم التخطيط العمراني", "مطور تطبيقات", "مدير تجربة المستفيد", "باحث", "صحفي",
]
JOBS_EN = [
    "Digital Transformation Director", "Information Systems Engineer", "E-Services Specialist", "Project Manager",
    "Data Analyst", "Technology Advisor", "Urban Planner", "Associate Professor", "Software Developer",
    "Customer Experience Manager", "Journalist", "GIS Specialist",
]
MOBILE_PREFIX = {"966": "5", "971": "5", "965": "6", "973": "3", "968": "9", "974": "5"}
SPECIAL_CATEGORIES = (("speaker", 0.06), ("vip", 0.035), ("organizer", 0.025), ("exhibitor", 0.035))


def load(edition: Edition, participants: int | None) -> list[str]:
    count = DEFAULT_CURRENT if participants is None else participants
    if count == 0:
        return []
    lines = []
    for past in Edition.archive():
        share = ARCHIVE_SHARE.get(past.number, 0.4)
        added = _populate(past, round(count * share), seed=past.number)
        lines.append(f"  edition {past.number}: {added} demo participants added")
    added = _populate(edition, count, seed=edition.number)
    lines.append(f"  edition {edition.number}: {added} demo participants added "
                 f"({edition.seats_taken} of {edition.capacity} seats taken)")
    return lines


def _populate(edition: Edition, count: int, seed: int) -> int:
    rng = random.Random(f"forum-demo-{seed}")
    people = [_person(rng, index, edition.number) for index in range(count)]
    if not people or _already_loaded(edition, people[0]["email"]):
        return 0
    moments = _registration_moments(rng, edition, count)
    registered = []
    for data, moment in zip(people, moments, strict=True):
        participant = register_participant(edition, data, source="online", check_window=False, notify=False).participant
        participant.created_at = participant.updated_at = participant.consent_at = moment
        if participant.confirmed_at:
            participant.confirmed_at = moment
        registered.append(participant)
    db.session.flush()
    # About one in forty-three cancels; their seats go to the waitlist, first come first served.
    for participant in registered[7::43]:
        cancel_registration(participant, notify=False)
    if edition.starts_on < datetime.now(UTC).date():
        _check_in_most(rng, edition, registered)
    db.session.flush()
    return len(registered)


def _already_loaded(edition: Edition, email: str) -> bool:
    return bool(db.session.scalar(
        select(func.count()).where(Participant.edition_id == edition.id, func.lower(Participant.email) == email)
    ))


def _person(rng: random.Random, index: int, edition_number: int) -> dict:
    first_ar, first_en = rng.choice(MEN if rng.random() < 0.7 else WOMEN)
    family_ar, family_en = rng.choice(FAMILIES)
    organization, sector, city, slug, country = rng.choices(ORGANIZATIONS, weights=WEIGHTS)[0]
    english = rng.random() < 0.15 or country != "966" and rng.random() < 0.4
    category = "media" if sector == "media" else "participant"
    roll = rng.random()
    for name, share in SPECIAL_CATEGORIES:
        if roll < share:
            category = name
            break
        roll -= share
    digits = "".join(str(rng.randrange(10)) for _ in range(7 if country != "966" else 8))
    return {
        "name_ar": f"{first_ar} {family_ar}",
        "name_en": f"{first_en} {family_en}" if english or rng.random() < 0.75 else "",
        "email": f"{first_en}.{family_en}.{edition_number}{index:03d}@{slug}.example".lower(),
        "phone": f"+{country}{MOBILE_PREFIX[country]}{digits}",
        "organization": organization,
        "job_title": rng.choice(JOBS_EN) if english else rng.choice(JOBS_AR),
        "sector": sector,
        "city": city,
        "category": category,
        "language": "en" if english else "ar",
    }


def _registration_moments(rng: random.Random, edition: Edition, count: int) -> list[datetime]:
    """Times over the window so far: a rush when registration opens, a bump after the reminder
    halfway through, and a rise in the last days."""
    opens = edition.registration_opens_at or datetime.now(UTC) - timedelta(days=30)
    closes = min(edition.registration_closes_at or datetime.now(UTC), datetime.now(UTC) - timedelta(minutes=5))
    days = max((closes - opens).days, 1)
    weights = []
    for day in range(days):
        weight = 1.0 + 6.0 * 0.6 ** day  # the announcement
        weight += 3.0 * 0.5 ** abs(day - days // 2)  # the reminder
        weight += 2.5 * day / days  # the approaching event
        weights.append(weight * (0.6 if (opens + timedelta(days=day)).weekday() in (4, 5) else 1.0))  # Fri/Sat
    moments = []
    for day in rng.choices(range(days), weights=weights, k=count):
        start = opens + timedelta(days=day)
        moment = start + timedelta(seconds=rng.randrange(9 * 3600, 23 * 3600))
        moments.append(min(moment, closes))
    return sorted(moments)


def _check_in_most(rng: random.Random, edition: Edition, people: list[Participant]) -> None:
    doors = datetime.combine(edition.starts_on, datetime.min.time(), edition.tz) + timedelta(hours=7, minutes=30)
    for participant in people:
        if participant.status == RegistrationStatus.CONFIRMED and rng.random() < 0.82:
            participant.checked_in_at = doors + timedelta(seconds=rng.randrange(0, 3 * 3600))
