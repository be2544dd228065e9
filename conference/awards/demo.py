# ruff: noqa: E501  (demo data: long Arabic and English names read best one record per line)
"""Demo awards: the host municipality's recognitions and a finished award programme.

Jeddah Municipality's IT sector lists 4 international accreditations and 16 regional and local
awards over several years. The current edition's programme has three categories already judged
by two jury members, with announced winners, and one category still open for nominations.
Idempotent: running it again adds nothing.
"""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from ..accounts.service import find_user
from ..demo import demo_account
from ..models import Edition, db, utcnow
from ..models.awards import Award, AwardCategory, JuryAssignment, JuryScore, Nomination
from . import service

HOST_AR = "أمانة محافظة جدة"
HOST_EN = "Jeddah Municipality"
SECOND_JUROR = ("jury2@forum.example", "jury", "د. نورة الشهري")

# (level, year, name_ar, name_en, body_ar, body_en, category_ar, category_en, description_ar, description_en)
RECOGNITIONS = (
    ("international", 2018, "شهادة الأيزو 9001 لنظام إدارة الجودة", "ISO 9001 Quality Management System",
     "المنظمة الدولية للمعايير (عبر جهة مانحة معتمدة)", "International Organization for Standardization (via an accredited certifier)",
     "إدارة الجودة", "Quality management",
     "اعتماد نظام إدارة الجودة في خدمات الإدارة العامة لتقنية المعلومات.", "Quality management system for the IT department's services."),
    ("international", 2019, "شهادة الأيزو/آي إي سي 27001 لأمن المعلومات", "ISO/IEC 27001 Information Security Management",
     "المنظمة الدولية للمعايير (عبر جهة مانحة معتمدة)", "International Organization for Standardization (via an accredited certifier)",
     "أمن المعلومات", "Information security",
     "نظام إدارة أمن المعلومات لمركز البيانات والخدمات الإلكترونية.", "Information security management for the data centre and e-services."),
    ("international", 2021, "شهادة الأيزو/آي إي سي 20000-1 لإدارة خدمات تقنية المعلومات", "ISO/IEC 20000-1 IT Service Management",
     "المنظمة الدولية للمعايير (عبر جهة مانحة معتمدة)", "International Organization for Standardization (via an accredited certifier)",
     "إدارة خدمات تقنية المعلومات", "IT service management",
     "إدارة خدمات الدعم الفني ومستوى الخدمة للمستفيدين.", "Service desk and service-level management for users."),
    ("international", 2022, "شهادة الأيزو 22301 لاستمرارية الأعمال", "ISO 22301 Business Continuity Management",
     "المنظمة الدولية للمعايير (عبر جهة مانحة معتمدة)", "International Organization for Standardization (via an accredited certifier)",
     "استمرارية الأعمال", "Business continuity",
     "خطط التعافي من الكوارث واستمرارية الخدمات البلدية الإلكترونية.", "Disaster recovery and continuity of municipal e-services."),
    ("regional", 2016, "درع الحكومة الإلكترونية العربية", "Arab e-Government Shield",
     "جامعة الدول العربية", "League of Arab States", "الحكومة الإلكترونية", "E-government", "", ""),
    ("regional", 2019, "جائزة التميز للحكومة الإلكترونية العربية — أفضل خدمة بلدية", "Arab e-Government Excellence Award — Best Municipal Service",
     "جامعة الدول العربية", "League of Arab States", "الخدمات البلدية", "Municipal services",
     "خدمة إصدار رخص البناء إلكترونيًا.", "Online building permits."),
    ("regional", 2023, "جائزة التميز للحكومة الإلكترونية العربية — أفضل تطبيق جوال", "Arab e-Government Excellence Award — Best Mobile App",
     "جامعة الدول العربية", "League of Arab States", "التطبيقات الذكية", "Mobile apps", "", ""),
    ("regional", 2017, "جائزة التميز للحكومة الإلكترونية لدول مجلس التعاون", "GCC e-Government Excellence Award",
     "الأمانة العامة لمجلس التعاون لدول الخليج العربية", "Secretariat General of the Gulf Cooperation Council",
     "أفضل مشروع إلكتروني", "Best e-project", "", ""),
    ("regional", 2021, "جائزة الحكومة الإلكترونية لدول مجلس التعاون — أفضل خدمة إلكترونية", "GCC e-Government Award — Best e-Service",
     "الأمانة العامة لمجلس التعاون لدول الخليج العربية", "Secretariat General of the Gulf Cooperation Council",
     "الخدمات الإلكترونية", "E-services", "منصة البلاغات البلدية «بلدي».", "The municipal reports platform."),
    ("regional", 2024, "جائزة الحكومة الإلكترونية لدول مجلس التعاون — أفضل مبادرة للبيانات المفتوحة", "GCC e-Government Award — Best Open Data Initiative",
     "الأمانة العامة لمجلس التعاون لدول الخليج العربية", "Secretariat General of the Gulf Cooperation Council",
     "البيانات المفتوحة", "Open data", "", ""),
    ("regional", 2018, "جائزة الشرق الأوسط للتميز الحكومي", "Middle East Government Excellence Award",
     "معهد جوائز الشرق الأوسط للتميز", "Middle East Excellence Awards Institute",
     "التميز الحكومي", "Government excellence", "", ""),
    ("regional", 2022, "جائزة الشرق الأوسط للمدن الذكية", "Middle East Smart Cities Award",
     "معهد جوائز الشرق الأوسط للتميز", "Middle East Excellence Awards Institute",
     "المدن الذكية", "Smart cities", "منصة المراقبة الذكية لمشاريع البنية التحتية.", "Smart monitoring of infrastructure projects."),
    ("local", 2015, "جائزة الإنجاز للتعاملات الإلكترونية الحكومية", "e-Government Achievement Award",
     "برنامج التعاملات الإلكترونية الحكومية (يسّر)", "Yesser e-Government Program", "التحول الإلكتروني", "E-transformation", "", ""),
    ("local", 2017, "جائزة الإنجاز للتعاملات الإلكترونية الحكومية — أفضل خدمة", "e-Government Achievement Award — Best Service",
     "برنامج التعاملات الإلكترونية الحكومية (يسّر)", "Yesser e-Government Program", "الخدمات الإلكترونية", "E-services", "", ""),
    ("local", 2019, "جائزة مكة للتميز — فرع التميز الحكومي", "Makkah Excellence Award — Government Excellence",
     "إمارة منطقة مكة المكرمة", "Emirate of Makkah Region", "التميز الحكومي", "Government excellence", "", ""),
    ("local", 2020, "جائزة الإنجاز الوطني في التحول الرقمي", "National Achievement Award in Digital Transformation",
     "هيئة الحكومة الرقمية", "Digital Government Authority", "التحول الرقمي", "Digital transformation",
     "استمرار الخدمات البلدية رقميًا بالكامل خلال الجائحة.", "Fully digital municipal services during the pandemic."),
    ("local", 2022, "جائزة التميز الرقمي — أفضل تجربة مستفيد", "Digital Excellence Award — Best Beneficiary Experience",
     "هيئة الحكومة الرقمية", "Digital Government Authority", "تجربة المستفيد", "Beneficiary experience", "", ""),
    ("local", 2024, "جائزة التميز الرقمي — أفضل منصة حكومية", "Digital Excellence Award — Best Government Platform",
     "هيئة الحكومة الرقمية", "Digital Government Authority", "المنصات الرقمية", "Digital platforms", "", ""),
    ("local", 2021, "جائزة التميز البلدي — أفضل أمانة في التحول الرقمي", "Municipal Excellence Award — Best Municipality in Digital Transformation",
     "وزارة الشؤون البلدية والقروية والإسكان", "Ministry of Municipal, Rural Affairs and Housing", "التحول الرقمي", "Digital transformation", "", ""),
    ("local", 2023, "جائزة التميز البلدي — أفضل مبادرة للمدن الذكية", "Municipal Excellence Award — Best Smart City Initiative",
     "وزارة الشؤون البلدية والقروية والإسكان", "Ministry of Municipal, Rural Affairs and Housing", "المدن الذكية", "Smart cities", "", ""),
)

CRITERIA = {
    "service": (("الأثر على المستفيدين", "Impact on beneficiaries", 30), ("الابتكار", "Innovation", 25),
                ("سهولة الاستخدام وإتاحة الوصول", "Ease of use and accessibility", 25), ("الاستدامة وقابلية التوسع", "Sustainability and scalability", 20)),
    "smart": (("الأثر على جودة الحياة", "Impact on quality of life", 35), ("التكامل واستخدام البيانات", "Integration and use of data", 25),
              ("الابتكار", "Innovation", 20), ("قابلية التطبيق في مدن أخرى", "Replicability in other cities", 20)),
    "green": (("خفض استهلاك الطاقة", "Energy savings", 40), ("قياس الأثر البيئي", "Measured environmental impact", 30),
              ("الاستدامة", "Sustainability", 30)),
    "data": (("جودة البيانات المنشورة", "Quality of the published data", 40), ("إعادة الاستخدام", "Reuse by others", 30),
             ("الالتزام بالمعايير", "Standards and licensing", 30)),
}

# (key, name_ar, name_en, description_ar, description_en, finished)
CATEGORIES = (
    ("service", "أفضل خدمة إلكترونية بلدية", "Best Municipal e-Service",
     "خدمة رقمية تختصر على المستفيد الوقت والجهد.", "A digital service that saves residents time and effort.", True),
    ("smart", "أفضل مبادرة للمدينة الذكية", "Best Smart City Initiative",
     "مبادرة تستخدم التقنية والبيانات لتحسين الحياة في المدينة.", "An initiative using technology and data to improve city life.", True),
    ("green", "تقنية المعلومات الخضراء", "Green IT",
     "مشروع يخفض الأثر البيئي لتقنية المعلومات.", "A project reducing the environmental footprint of IT.", True),
    ("data", "أفضل مبادرة للبيانات المفتوحة", "Best Open Data Initiative",
     "نشر بيانات بلدية مفتوحة يعاد استخدامها.", "Publishing open municipal data that others reuse.", False),
)

# category key -> (organization ar, organization en, title, description, scores of juror 1, scores of juror 2)
NOMINATIONS = {
    "service": (
        ("أمانة منطقة الرياض", "Riyadh Region Municipality", "رخصة البناء الفورية",
         "إصدار رخص البناء السكنية آليًا خلال دقائق بعد التحقق من المخططات المعتمدة وربطها بنظام الأراضي، مما خفّض مدة الإصدار من أسابيع إلى يوم واحد.",
         (9, 8, 8, 7), (9, 9, 8, 8)),
        ("أمانة العاصمة المقدسة", "Holy Makkah Municipality", "بوابة خدمات الحجاج والزوار البلدية",
         "بوابة موحدة بعدة لغات تتيح لأصحاب المنشآت في المنطقة المركزية إصدار التصاريح الموسمية وتجديدها إلكترونيًا.",
         (8, 8, 9, 7), (8, 7, 9, 8)),
        ("أمانة المنطقة الشرقية", "Eastern Province Municipality", "تطبيق الشهادات الصحية",
         "إصدار الشهادات الصحية للعاملين في المنشآت الغذائية عبر الجوال مع ربطها بمنصة الفحص الطبي.",
         (7, 6, 8, 7), (7, 7, 7, 6)),
    ),
    "smart": (
        ("أمانة محافظة الطائف", "Taif Municipality", "الإنارة الذكية لشوارع الطائف",
         "استبدال ٤٠ ألف وحدة إنارة بوحدات موفرة متصلة بمنصة تحكم مركزية تضبط الإضاءة حسب الحركة وتبلغ عن الأعطال تلقائيًا.",
         (8, 9, 8, 9), (9, 8, 8, 8)),
        ("أمانة منطقة المدينة المنورة", "Madinah Region Municipality", "منصة إدارة الحشود حول المسجد النبوي",
         "حساسات وكاميرات تحليلية تقدّر كثافة الحشود في الساحات وتوجّه الزوار والفرق الميدانية لحظيًا.",
         (9, 9, 9, 7), (8, 9, 8, 8)),
        ("أمانة منطقة عسير", "Asir Region Municipality", "التوأم الرقمي لمدينة أبها",
         "نموذج ثلاثي الأبعاد للمدينة يجمع بيانات المرافق والتخطيط لدعم قرارات المشاريع.",
         (7, 8, 9, 6), (7, 8, 8, 7)),
    ),
    "green": (
        ("أمانة منطقة القصيم", "Qassim Region Municipality", "مركز بيانات منخفض الانبعاثات",
         "دمج الخوادم وتبريد الممرات الباردة والطاقة الشمسية لمركز البيانات، مع خفض استهلاك الكهرباء بنسبة ٣٨٪.",
         (9, 8, 8), (9, 9, 8)),
        ("أمانة محافظة الأحساء", "Al-Ahsa Municipality", "معاملات بلا ورق",
         "تحويل جميع المعاملات الداخلية إلى مسارات إلكترونية، ووقف طباعة أكثر من مليون ورقة سنويًا.",
         (8, 7, 8), (8, 8, 7)),
    ),
}
WINNERS = {"service": 0, "smart": 1, "green": 0}


def _local(edition: Edition, days: int) -> datetime:
    """Nine in the morning, `days` from today, in the edition's time zone, as UTC."""
    day = utcnow().astimezone(edition.tz).date() + timedelta(days=days)
    return datetime.combine(day, time(9), edition.tz).astimezone(UTC)


def _ensure_recognitions(edition: Edition) -> int:
    """The host's record, listed under the current edition where the host presents it."""
    added = 0
    for level, year, name_ar, name_en, body_ar, body_en, cat_ar, cat_en, desc_ar, desc_en in RECOGNITIONS:
        exists = db.session.scalar(
            select(Award.id).where(Award.name_en == name_en, Award.year == year, Award.recipient_en == HOST_EN)
        )
        if exists:
            continue
        db.session.add(Award(
            level=level, year=year, edition_id=edition.id,
            name_ar=name_ar, name_en=name_en, body_ar=body_ar, body_en=body_en,
            recipient_ar=HOST_AR, recipient_en=HOST_EN, category_ar=cat_ar, category_en=cat_en,
            description_ar=desc_ar, description_en=desc_en,
        ))
        added += 1
    return added


def _jurors() -> tuple[list, str]:
    """The two demo jurors, and the line showing the second one's fresh password."""
    line = demo_account(*SECOND_JUROR)
    db.session.flush()
    jurors = [find_user("jury@forum.example"), find_user(SECOND_JUROR[0])]
    return [u for u in jurors if u is not None], line


def _ensure_programme(edition: Edition, jurors: list) -> None:
    programme = service.ensure_programme(edition)
    if programme.nominations_open_at is None:
        programme.nominations_open_at = _local(edition, -20)
        programme.nominations_close_at = _local(edition, 14)
    existing = {c.name_en for c in service.categories_of(edition)}
    for position, (key, name_ar, name_en, desc_ar, desc_en, finished) in enumerate(CATEGORIES):
        if name_en in existing:
            continue
        category = AwardCategory(
            edition_id=edition.id, position=position, name_ar=name_ar, name_en=name_en,
            description_ar=desc_ar, description_en=desc_en,
        )
        if finished:
            category.nominations_open_at = _local(edition, -60)
            category.nominations_close_at = _local(edition, -25)
        db.session.add(category)
        db.session.flush()
        for c_ar, c_en, weight in CRITERIA[key]:
            service.add_criterion(category, c_ar, c_en, weight, 10)
        for user in jurors:
            category.jurors.append(JuryAssignment(user_id=user.id))
        if finished:
            _judge(category, key, jurors)


def _judge(category: AwardCategory, key: str, jurors: list) -> None:
    nominations = []
    for org_ar, org_en, title, description, *scores in NOMINATIONS[key]:
        nomination = Nomination(
            category_id=category.id, organization_ar=org_ar, organization_en=org_en, title=title,
            description=description, contact_name="إدارة التحول الرقمي", contact_email="digital@example.gov.sa",
            created_at=_local(category.edition, -40),
        )
        db.session.add(nomination)
        db.session.flush()
        nominations.append(nomination)
        for juror, juror_scores in zip(jurors, scores, strict=False):
            for criterion, score in zip(category.criteria, juror_scores, strict=True):
                db.session.add(JuryScore(nomination_id=nomination.id, criterion_id=criterion.id, juror_id=juror.id, score=score))
    db.session.flush()
    db.session.refresh(category)
    service.close_jury(category)
    service.announce_winners(category, {nominations[WINNERS[key]].id})


def load(edition: Edition, participants: int | None = None) -> list[str]:
    added = _ensure_recognitions(edition)
    jurors, juror_line = _jurors()
    _ensure_programme(edition, jurors)
    db.session.commit()
    lines = [f"Awards: {len(RECOGNITIONS)} recognitions for {HOST_EN} ({added} added); award programme with {len(CATEGORIES)} categories."]
    lines.append(juror_line)
    return lines
