"""A full day of the demo forum: halls, tracks, speakers, sessions and some workshop sign-ups."""

from datetime import datetime, time

from sqlalchemy import func, select

from ..models import Edition, Participant, db
from ..models.agenda import AgendaSession, Room, SessionSignup, Speaker, Track
from ..models.vocabulary import RegistrationStatus
from . import service, signups

ROOMS = (
    ("القاعة الرئيسية", "Main Hall", 600),
    ("قاعة الشورى", "Al-Shura Hall", 150),
    ("قاعة البحر الأحمر", "Red Sea Hall", 120),
    ("قاعة الورش التدريبية", "Training Workshop Room", 40),
)

TRACKS = (
    ("المدن الذكية", "Smart Cities", "#0b6e4f"),
    ("البنية الرقمية والحوسبة الخضراء", "Digital Infrastructure and Green Cloud", "#1f6fb2"),
    ("الخدمات الحكومية الرقمية", "Digital Government Services", "#b26a00"),
)

# name_ar, name_en, title_ar, title_en, organization_ar, organization_en, bio_ar, bio_en
SPEAKERS = (
    ("م. عبدالله بن سعد القحطاني", "Eng. Abdullah Saad Al-Qahtani", "وكيل الأمين للتحول الرقمي", "Deputy Mayor for Digital Transformation",
     "أمانة محافظة جدة", "Jeddah Municipality",
     "يقود برنامج التحول الرقمي في الأمانة منذ عام 2019، وأشرف على إطلاق أكثر من ستين خدمة بلدية إلكترونية.",
     "Leads the municipality's digital transformation programme since 2019 and oversaw the launch of more than sixty e-services."),
    ("د. نورة بنت محمد العتيبي", "Dr. Noura Mohammed Al-Otaibi", "أستاذة مشاركة في نظم المعلومات الحضرية",
     "Associate Professor of Urban Information Systems", "جامعة الملك عبدالعزيز", "King Abdulaziz University",
     "تبحث في استخدام بيانات المستشعرات لتحسين التخطيط الحضري وجودة الحياة في المدن السعودية.",
     "Researches how sensor data can improve urban planning and quality of life in Saudi cities."),
    ("م. فيصل عبدالرحمن الغامدي", "Eng. Faisal Abdulrahman Al-Ghamdi", "مدير عام مركز البيانات", "Director General, Data Centre",
     "وزارة الشؤون البلدية والقروية والإسكان", "Ministry of Municipal, Rural Affairs and Housing",
     "أشرف على توحيد مراكز بيانات البلديات ونقل خدماتها إلى السحابة الحكومية.",
     "Oversaw the consolidation of municipal data centres and their move to the government cloud."),
    ("أ. هيفاء خالد الزهراني", "Ms. Haifa Khalid Al-Zahrani", "مديرة تجربة المستفيد", "Head of Customer Experience",
     "منصة بلدي", "Balady Platform",
     "تعمل على قياس رضا المستفيدين وتبسيط رحلة المواطن في الخدمات البلدية.",
     "Works on measuring satisfaction and simplifying the citizen's journey through municipal services."),
    ("د. خالد إبراهيم الشهري", "Dr. Khalid Ibrahim Al-Shehri", "كبير مستشاري الحوسبة السحابية", "Chief Cloud Advisor",
     "شركة الحلول السحابية الخضراء", "Green Cloud Solutions Co.",
     "خبرة عشرين عامًا في تصميم مراكز البيانات الموفرة للطاقة في منطقة الخليج.",
     "Twenty years of experience designing energy-efficient data centres across the Gulf."),
    ("م. ريم عبدالعزيز السبيعي", "Eng. Reem Abdulaziz Al-Subaie", "مهندسة حلول سحابية", "Cloud Solutions Architect",
     "مركز المعلومات الوطني", "National Information Center",
     "متخصصة في استضافة الأنظمة الحكومية وقياس بصمتها الكربونية.",
     "Specialises in hosting government systems and measuring their carbon footprint."),
    ("أ. سلطان ناصر الدوسري", "Mr. Sultan Nasser Al-Dosari", "مدير شبكة الحكومة الآمنة", "Director, Government Secure Network",
     "هيئة الحكومة الرقمية", "Digital Government Authority",
     "يدير شبكة الاتصالات التي تربط الجهات الحكومية ويعمل على رفع جاهزيتها.",
     "Runs the network connecting government agencies and leads its resilience programme."),
    ("د. منى سالم الحربي", "Dr. Mona Salem Al-Harbi", "مستشارة الصحة الرقمية", "Digital Health Advisor",
     "وزارة الصحة", "Ministry of Health",
     "شاركت في إطلاق خدمات المواعيد والتصاريح الإلكترونية خلال الجائحة.",
     "Helped launch the online appointment and permit services during the pandemic."),
    ("م. أحمد يوسف المالكي", "Eng. Ahmed Yousef Al-Malki", "مدير برنامج المدينة الذكية", "Smart City Programme Director",
     "أمانة العاصمة المقدسة", "Makkah Municipality",
     "يقود مشاريع إدارة الحشود والإنارة الذكية ومراقبة جودة الهواء في مكة المكرمة.",
     "Leads crowd management, smart lighting and air-quality monitoring projects in Makkah."),
    ("أ. لطيفة راشد الكعبي", "Ms. Latifa Rashid Al-Kaabi", "مديرة الابتكار الحكومي", "Director of Government Innovation",
     "بلدية دبي", "Dubai Municipality",
     "تشرف على مختبر الابتكار في البلدية وتجارب الخدمات الاستباقية.",
     "Heads the municipality's innovation lab and its proactive-services pilots."),
    ("د. يوسف عبدالله الرشيدي", "Dr. Yousef Abdullah Al-Rashidi", "مدير نظم المعلومات الجغرافية", "Director of GIS",
     "بلدية الكويت", "Kuwait Municipality",
     "قاد مشروع البوابة الجغرافية المفتوحة لبيانات البلدية.",
     "Led the municipality's open geographic data portal."),
    ("م. سارة فهد المطيري", "Eng. Sarah Fahad Al-Mutairi", "قائدة الأمن السيبراني", "Cybersecurity Lead",
     "مركز الأمن السيبراني بأمانة محافظة جدة", "Jeddah Municipality Cybersecurity Centre",
     "تعمل على حماية الخدمات البلدية الرقمية واستمرارية أعمالها.",
     "Protects the municipality's digital services and their continuity."),
    ("أ. عمر حسن باعشن", "Mr. Omar Hassan Baeshen", "مدرب معتمد في تصميم الخدمات", "Certified Service Design Trainer",
     "أكاديمية التحول الرقمي", "Digital Transformation Academy",
     "درّب أكثر من ألف موظف حكومي على تصميم الخدمات مع المستفيدين.",
     "Has trained more than a thousand civil servants to design services with their users."),
    ("د. عبدالرحمن محمد الشمراني", "Dr. Abdulrahman Mohammed Al-Shamrani", "إعلامي ومحاور", "Broadcaster and moderator",
     "هيئة الإذاعة والتلفزيون", "Saudi Broadcasting Authority",
     "قدّم برامج حوارية عن التنمية والاقتصاد الرقمي.",
     "Presents talk shows on development and the digital economy."),
)

# kind, start, end, room (index or None), track (index or None), title_ar, title_en, description_ar, description_en,
# speakers (indexes), moderator (index or None), seat limit
SESSIONS = (
    ("break", "08:00", "09:00", None, None, "التسجيل واستقبال الضيوف", "Registration and welcome coffee", "", "", (), None, None),
    ("opening", "09:00", "09:40", 0, None,
     "حفل الافتتاح تحت رعاية صاحب السمو الملكي أمير منطقة مكة المكرمة",
     "Opening ceremony under the patronage of HRH the Governor of Makkah Region",
     "السلام الملكي، وتلاوة من القرآن الكريم، وكلمة الأمانة، وعرض مرئي عن مسيرة الملتقى.",
     "The royal anthem, a Quran recitation, the municipality's address and a film on the forum's journey.",
     (0,), None, None),
    ("keynote", "09:40", "10:20", 0, 0, "نحو مدينة ذكية: من الرؤية إلى الخدمة اليومية",
     "Towards a smart city: from vision to everyday service",
     "كيف تتحول مشاريع المدن الذكية إلى خدمات يلمسها السكان كل يوم.",
     "How smart-city projects become services residents feel every day.", (8,), None, None),
    ("break", "10:20", "10:45", None, None, "استراحة قهوة", "Coffee break", "", "", (), None, None),
    ("panel", "10:45", "12:00", 0, 0, "المدن الذكية في الخليج: من التجارب إلى التوسع",
     "Smart cities in the Gulf: from pilots to scale",
     "تجارب من جدة ودبي والكويت في البيانات المفتوحة والخدمات الاستباقية.",
     "Experience from Jeddah, Dubai and Kuwait with open data and proactive services.", (1, 9, 10), 13, None),
    ("panel", "10:45", "12:00", 1, 1, "الاستضافة السحابية الخضراء للخدمات الحكومية",
     "Green cloud hosting for government services",
     "كفاءة الطاقة في مراكز البيانات، والسحابة الحكومية، ومتطلبات سيادة البيانات.",
     "Energy efficiency in data centres, the government cloud and data sovereignty.", (4, 5, 2), 3, None),
    ("workshop", "10:45", "12:15", 3, 2, "ورشة: تصميم الخدمات البلدية مع المستفيدين",
     "Workshop: designing municipal services with their users",
     "ورشة تطبيقية لرسم رحلة المستفيد وإعادة تصميم خدمة رخصة بناء. المقاعد محدودة.",
     "A hands-on workshop mapping the user journey and redesigning a building-permit service. Limited seats.",
     (12,), None, 30),
    ("break", "12:15", "13:15", None, None, "صلاة الظهر والغداء", "Dhuhr prayer and lunch", "", "", (), None, None),
    ("keynote", "13:15", "13:45", 0, 1, "شبكة الحكومة الآمنة: العمود الفقري للخدمات الرقمية",
     "The government secure network: the backbone of digital services",
     "كيف تربط شبكة المعلومات الحكومية البلديات والوزارات بأمان وموثوقية.",
     "How the government information network connects municipalities and ministries securely and reliably.",
     (6,), None, None),
    ("panel", "13:45", "15:00", 0, 2, "الخدمات الرقمية خلال الجائحة: دروس مستفادة",
     "Digital services during the pandemic: lessons learned",
     "ما الذي نجح حين أُغلقت المكاتب، وما الذي بقي بعد الجائحة.",
     "What worked when offices closed, and what stayed after the pandemic.", (7, 3, 2), 13, None),
    ("workshop", "13:45", "15:15", 3, 0, "ورشة: البيانات الجغرافية المفتوحة للبلديات",
     "Workshop: open geographic data for municipalities",
     "نشر الطبقات الجغرافية للبلدية بصيغ مفتوحة وربطها بالخدمات. أحضر حاسبك المحمول.",
     "Publishing a municipality's map layers in open formats and linking them to services. Bring a laptop.",
     (10,), None, 25),
    ("workshop", "13:45", "15:00", 2, 1, "ورشة: قياس البصمة الكربونية لمراكز البيانات",
     "Workshop: measuring the carbon footprint of data centres",
     "أدوات عملية لقياس استهلاك الطاقة وخفض الانبعاثات في الاستضافة.",
     "Practical tools for measuring energy use and cutting emissions in hosting.", (5,), None, 35),
    ("break", "15:15", "15:35", None, None, "صلاة العصر واستراحة", "Asr prayer and break", "", "", (), None, None),
    ("keynote", "15:35", "16:10", 0, 1, "الأمن السيبراني للخدمات البلدية", "Cybersecurity for municipal services",
     "حماية الخدمات الرقمية من التهديدات وضمان استمراريتها.",
     "Protecting digital services from threats and keeping them running.", (11,), None, None),
    ("awards_ceremony", "16:15", "17:00", 0, None, "حفل تكريم الفائزين بجوائز الملتقى",
     "Awards ceremony for the forum's winners",
     "إعلان الفائزين بجوائز التميز في الخدمات البلدية الإلكترونية وتكريمهم.",
     "Announcing and honouring the winners of the e-municipal service excellence awards.", (0,), None, None),
)


def _at(edition: Edition, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(edition.starts_on, time(hour, minute), edition.tz)


def _build_agenda(edition: Edition) -> int:
    rooms = [Room(edition_id=edition.id, name_ar=ar, name_en=en, capacity=cap, position=i)
             for i, (ar, en, cap) in enumerate(ROOMS)]
    tracks = [Track(edition_id=edition.id, name_ar=ar, name_en=en, color=color) for ar, en, color in TRACKS]
    fields = ("name_ar", "name_en", "title_ar", "title_en", "organization_ar", "organization_en", "bio_ar", "bio_en")
    speakers = [Speaker(edition_id=edition.id, **dict(zip(fields, row, strict=True))) for row in SPEAKERS]
    db.session.add_all([*rooms, *tracks, *speakers])
    db.session.flush()
    for (kind, start, end, room, track, t_ar, t_en, d_ar, d_en, people, moderator, limit) in SESSIONS:
        service.save_session(edition, None, {
            "kind": kind, "title_ar": t_ar, "title_en": t_en, "description_ar": d_ar, "description_en": d_en,
            "starts_at": _at(edition, start), "ends_at": _at(edition, end),
            "room_id": rooms[room].id if room is not None else None,
            "track_id": tracks[track].id if track is not None else None,
            "speaker_ids": [speakers[i].id for i in people],
            "moderator_id": speakers[moderator].id if moderator is not None else None,
            "seat_limit": limit, "published": True,
        })
    return len(SESSIONS)


def _demo_signups(edition: Edition) -> int:
    """A few confirmed participants reserve workshop seats (only once, only if there are participants)."""
    already = db.session.scalar(
        select(func.count()).select_from(SessionSignup).join(AgendaSession).where(AgendaSession.edition_id == edition.id))
    if already:
        return 0
    people = list(db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id, Participant.status == RegistrationStatus.CONFIRMED)
        .order_by(Participant.id).limit(60)))
    workshops = [s for s in service.sessions_of(edition) if s.kind == "workshop"]
    count = 0
    for n, person in enumerate(people):
        session = workshops[n % len(workshops)] if workshops else None
        if session is None or n >= len(workshops) * 12:
            break
        try:
            count += signups.sign_up(person, session)
        except signups.SignupRefused:
            continue
    return count


def load(edition: Edition, participants: int | None = None) -> list[str]:
    lines = []
    for past in Edition.archive():  # the archive shows each past edition's programme
        if not db.session.scalar(select(func.count()).where(AgendaSession.edition_id == past.id)):
            _build_agenda(past)
    has_agenda = db.session.scalar(select(func.count()).where(AgendaSession.edition_id == edition.id))
    if not has_agenda:
        count = _build_agenda(edition)
        lines.append(f"Agenda: {count} sessions in {len(ROOMS)} halls with {len(SPEAKERS)} speakers.")
    if taken := _demo_signups(edition):
        lines.append(f"Agenda: {taken} workshop seats reserved by demo participants.")
    db.session.flush()
    return lines
