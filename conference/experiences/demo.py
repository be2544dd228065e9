"""Demo call for experiences: a dozen submissions from Gulf municipalities and partners, two
reviewers' scores, decisions released, the accepted ones on the agenda, and libraries of
past experiences for the two archived editions."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..accounts.service import find_user
from ..demo import demo_account
from ..models import Edition, db, utcnow
from ..models.agenda import Room
from ..models.experiences import ExperienceCall, Presenter, Review, ReviewScore, Submission
from . import service

REVIEWERS = (
    ("reviewer@forum.example", "reviewer", "د. سلمان العتيبي"),
    ("reviewer2@forum.example", "reviewer", "م. نورة القحطاني"),
)
CRITERIA = (
    ("الأثر والنتائج المقاسة", "Impact and measured results", 3),
    ("الابتكار", "Innovation", 2),
    ("قابلية التعميم على البلديات الأخرى", "Can other municipalities adopt it", 2),
    ("وضوح العرض", "Clarity of the presentation", 1),
)

# title_ar, title_en, entity, sector, stage, track (index in the agenda's tracks), summary, problem,
# solution, results, presenters [(name_ar, name_en, email, job title)], decision, reviewer scores.
SUBMISSIONS = (
    ("شهادة الاستضافة السحابية الخضراء", "Green cloud hosting certificate", "أمانة محافظة جدة", "government", "in_service", 1,
     "نقل أنظمة الأمانة إلى مراكز بيانات سحابية موفرة للطاقة، والحصول على شهادة الاستضافة الخضراء.",
     "مراكز بيانات قديمة تستهلك طاقة عالية وتكلفة تشغيل متزايدة.",
     "ترحيل 140 نظامًا إلى سحابة حكومية بمعايير كفاءة الطاقة ومراقبة الاستهلاك لحظيًا.",
     "خفض استهلاك الطاقة 38٪، وتوفير 4.2 مليون ريال سنويًا، وشهادة استضافة خضراء دولية.",
     [("م. فهد الغامدي", "Eng. Fahad Alghamdi", "fahad.alghamdi@jeddah.example", "مدير مركز البيانات")],
     "accepted", ((9, 8, 8, 9), (8, 8, 9, 8))),
    ("الشبكة الحكومية الموحدة للمعلومات", "A government information network for every department",
     "أمانة منطقة الرياض", "government", "in_service", 1,
     "شبكة واحدة آمنة تربط كل إدارات الأمانة وبلدياتها الفرعية.",
     "شبكات متفرقة لكل إدارة وصعوبة في تبادل البيانات وتكرار في التكاليف.",
     "شبكة ألياف موحدة مع مركز عمليات أمني واحد وسياسات وصول مركزية.",
     "ربط 58 إدارة و16 بلدية فرعية، وانخفاض زمن تبادل المعاملات من أيام إلى دقائق.",
     [("م. عبدالله الدوسري", "Eng. Abdullah Aldosari", "a.aldosari@riyadh.example", "مدير البنية التحتية"),
      ("أ. ريم الشهري", "Reem Alshehri", "r.alshehri@riyadh.example", "أخصائية أمن معلومات")],
     "accepted", ((8, 7, 9, 8), (9, 7, 8, 7))),
    ("الخدمات الرقمية في زمن الجائحة", "Digital services that kept government working through the pandemic",
     "هيئة الحكومة الرقمية", "government", "in_service", 2,
     "منصة اجتماعات ومراسلات آمنة أبقت الجهات الحكومية تعمل عن بعد خلال الجائحة.",
     "توقف الاجتماعات الحضورية والحاجة إلى استمرار الأعمال دون انقطاع.",
     "منصة موحدة للاجتماعات المرئية والمراسلات الإلكترونية والتوقيع الرقمي.",
     "62 جهة حكومية، و322 ألف اجتماع، و5 ملايين رسالة خلال عام واحد.",
     [("د. منى الزهراني", "Dr. Mona Alzahrani", "m.alzahrani@dga.example", "مديرة التحول الرقمي")],
     "accepted", ((10, 8, 9, 9), (9, 9, 9, 8))),
    ("المواقف الذكية في وسط المدينة", "Smart parking downtown", "أمانة المنطقة الشرقية", "government", "pilot", 0,
     "حساسات في المواقف وتطبيق يرشد السائق إلى أقرب موقف شاغر.",
     "ازدحام في وسط المدينة بسبب البحث عن المواقف.",
     "3,200 حساس وتطبيق جوال ودفع إلكتروني وربط بلوحات إرشادية.",
     "انخفاض زمن البحث عن موقف 40٪ في منطقة التجربة.",
     [("م. خالد البوعينين", "Eng. Khalid Albuainain", "k.albuainain@eastern.example", "مهندس نقل")],
     "accepted", ((7, 8, 8, 7), (8, 7, 7, 8))),
    ("رخص البناء الإلكترونية خلال 48 ساعة", "Building permits online in 48 hours", "بلدية دبي", "government", "in_service", 2,
     "إصدار رخص البناء آليًا بعد تدقيق المخططات رقميًا.",
     "إجراءات ورقية طويلة تصل إلى أسابيع.",
     "تدقيق آلي لنماذج معلومات البناء وربط مع الجهات المعنية.",
     "تقليص مدة الإصدار من 30 يومًا إلى 48 ساعة، و92٪ رضا المتعاملين.",
     [("م. مريم المهيري", "Eng. Maryam Almheiri", "maryam.almheiri@dm.example", "رئيسة قسم الرخص")],
     "accepted", ((9, 9, 8, 8), (8, 8, 8, 9))),
    ("منصة البيانات المفتوحة البلدية", "Municipal open data portal", "بلدية مسقط", "government", "in_service", 0,
     "نشر بيانات البلدية للباحثين والشركات الناشئة بصيغ مفتوحة.",
     "طلبات بيانات متكررة تعالج يدويًا.",
     "بوابة بيانات مفتوحة بواجهات برمجية وتحديث آلي.",
     "210 مجموعات بيانات، و37 تطبيقًا بنته جهات أخرى عليها.",
     [("أ. سعيد البلوشي", "Saeed Albalushi", "s.albalushi@muscat.example", "مدير البيانات")],
     "waitlisted", ((7, 7, 8, 7), (7, 6, 8, 7))),
    ("البلاغات البلدية بالصورة والموقع", "Municipal reports with photo and location", "بلدية الكويت", "government", "in_service", 2,
     "تطبيق يرسل فيه السكان بلاغات التشوه البصري بالصورة والموقع.",
     "بلاغات هاتفية بلا موقع دقيق وصعوبة المتابعة.",
     "تطبيق جوال وتوجيه آلي للبلاغ إلى الفرقة الأقرب.",
     "معالجة 85٪ من البلاغات خلال 72 ساعة.",
     [("م. بدر العنزي", "Eng. Bader Alenezi", "b.alenezi@kuwait.example", "مدير العمليات الميدانية")],
     "waitlisted", ((7, 6, 7, 7), (6, 7, 7, 7))),
    ("التوأم الرقمي للأحياء", "A digital twin of the neighbourhoods", "جامعة الملك عبدالعزيز", "academic", "pilot", 0,
     "نموذج ثلاثي الأبعاد لحي تجريبي يحاكي المرور والطاقة.",
     "قرارات تخطيط دون محاكاة لأثرها.",
     "توأم رقمي يجمع بيانات الحساسات والمخططات.",
     "محاكاة 12 سيناريو تخطيطيًا قبل التنفيذ.",
     [("د. هالة باعشن", "Dr. Hala Baashen", "h.baashen@kau.example", "أستاذ مشارك")],
     "rejected", ((6, 8, 5, 6), (6, 7, 5, 6))),
    ("الإنارة الذكية للطرق", "Smart street lighting", "شركة الاتصالات السعودية", "private", "pilot", 1,
     "أعمدة إنارة تتحكم في شدتها حسب الحركة وتبلغ عن أعطالها.",
     "استهلاك عال للطاقة وتأخر اكتشاف الأعطال.",
     "وحدات تحكم متصلة بشبكة إنترنت الأشياء.",
     "توفير 30٪ من طاقة الإنارة في المسار التجريبي.",
     [("م. تركي الحربي", "Eng. Turki Alharbi", "t.alharbi@stc.example", "مدير حلول المدن الذكية")],
     "rejected", ((6, 6, 6, 6), (5, 6, 6, 6))),
    ("مساعد المعاملات الذكي", "A smart assistant for municipal services", "أمانة منطقة المدينة المنورة", "government", "idea", 2,
     "مساعد محادثة يجيب عن أسئلة المعاملات البلدية باللغة العربية.",
     "ضغط على مراكز الاتصال بأسئلة متكررة.",
     "مساعد محادثة مدرب على أدلة الخدمات.",
     "نموذج أولي يجيب عن 120 سؤالًا شائعًا.",
     [("أ. عمر الجهني", "Omar Aljuhani", "o.aljuhani@madinah.example", "مشرف خدمة العملاء")],
     "rejected", ((5, 7, 6, 6), (5, 6, 6, 5))),
    ("الدفع الإلكتروني للرسوم البلدية", "Paying municipal fees online", "بلدية المنامة", "government", "in_service", 2,
     "سداد جميع الرسوم البلدية إلكترونيًا من خطوة واحدة.",
     "زيارات متكررة للمراكز للسداد.",
     "ربط أنظمة الرسوم مع بوابة الدفع الوطنية.",
     "97٪ من الرسوم تُسدد إلكترونيًا.",
     [("أ. فاطمة الدوسري", "Fatima Aldoseri", "f.aldoseri@manama.example", "مديرة الإيرادات")],
     "accepted", ((8, 7, 8, 8), (8, 7, 8, 7))),
    ("تطبيق الحدائق والمرافق العامة", "Parks and public facilities app", "أمانة منطقة عسير", "government", "idea", 0,
     "حجز المرافق العامة والإبلاغ عن أعطالها من تطبيق واحد.",
     "لا توجد وسيلة موحدة لحجز المرافق.",
     "تطبيق جوال متصل بنظام الصيانة.",
     "دراسة جدوى على 40 حديقة.",
     [("م. ياسر عسيري", "Eng. Yasser Asiri", "y.asiri@asir.example", "مهندس مرافق")],
     "rejected", ((5, 5, 6, 6), (5, 5, 5, 6))),
)

# Past editions' libraries: (edition number, title_ar, title_en, entity, sector, stage, summary, results, presenter).
PAST = (
    (1, "بوابة الخدمات البلدية الموحدة", "One portal for municipal services", "وزارة الشؤون البلدية والقروية", "government", "in_service",
     "جمع الخدمات البلدية في بوابة إلكترونية واحدة.", "أكثر من 100 خدمة إلكترونية، و1.2 مليون مستخدم في عامها الأول.",
     ("م. سامي الشمري", "Eng. Sami Alshammari", "s.alshammari@momra.example", "مدير البوابة")),
    (1, "الأرشفة الإلكترونية للمعاملات", "Electronic records for every transaction", "أمانة محافظة الطائف", "government", "in_service",
     "تحويل أرشيف المعاملات الورقية إلى أرشيف إلكتروني قابل للبحث.", "رقمنة 3 ملايين وثيقة، وخفض زمن استرجاع الملفات من يوم إلى دقيقة.",
     ("أ. نوف الثبيتي", "Nouf Althubaiti", "n.althubaiti@taif.example", "مديرة الوثائق")),
    (2, "لوحة مؤشرات المدينة", "The city dashboard", "أمانة منطقة الرياض", "government", "in_service",
     "لوحة بيانات لحظية لمؤشرات الخدمات البلدية لمتخذي القرار.", "48 مؤشرًا محدثًا لحظيًا، واستجابة أسرع للبلاغات بنسبة 35٪.",
     ("د. لمى السبيعي", "Dr. Lama Alsubaie", "l.alsubaie@riyadh.example", "مديرة مركز البيانات")),
    (2, "الخرائط الرقمية للبنية التحتية", "Digital maps of the infrastructure", "جامعة الملك فهد للبترول والمعادن", "academic", "pilot",
     "خرائط جغرافية موحدة للشبكات تحت الأرض بالتعاون مع البلديات.", "تقليل حوادث قطع الشبكات أثناء الحفر بنسبة 60٪ في منطقة التجربة.",
     ("د. أحمد الغامدي", "Dr. Ahmed Alghamdi", "a.alghamdi@kfupm.example", "أستاذ نظم المعلومات الجغرافية")),
)


def _reviewers() -> list:
    return [find_user(email) for email, _role, _name in REVIEWERS]


def _local(edition: Edition, day_offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(edition.starts_on + timedelta(days=day_offset), time(hour, minute), edition.tz)


def _new_call(edition: Edition, opens_at: datetime, closes_at: datetime) -> ExperienceCall:
    call = ExperienceCall(edition_id=edition.id, opens_at=opens_at, closes_at=closes_at, theme_ar=edition.theme_ar,
                          theme_en=edition.theme_en, slides_due_at=_local(edition, -2, 23, 59))
    db.session.add(call)
    db.session.flush()
    for name_ar, name_en, weight in CRITERIA:
        service.add_criterion(call, name_ar, name_en, weight, 10)
    return call


def _submission(call: ExperienceCall, values: dict, presenters: list) -> Submission:
    submission = Submission(call_id=call.id, language="ar", consent=True, **values)
    submission.presenters = [
        Presenter(name_ar=ar, name_en=en, email=email, job_title=job, position=n, confirmed_at=utcnow())
        for n, (ar, en, email, job) in enumerate(presenters)
    ]
    submission.contact_email = presenters[0][2]
    service.index_submission(submission)
    db.session.add(submission)
    db.session.flush()
    return submission


def _current(edition: Edition) -> int:
    now = utcnow()
    call = _new_call(edition, now - timedelta(days=45), now - timedelta(days=5))
    reviewers = _reviewers()
    service.set_reviewers(call, {(u.id, None) for u in reviewers})
    tracks = service.tracks_of(call)
    rooms = list(db.session.scalars(select(Room).where(Room.edition_id == edition.id).order_by(Room.position)))
    accepted = []
    for row in SUBMISSIONS:
        title_ar, title_en, entity, sector, stage, track, summary, problem, solution, results, people, decision, scores = row
        submission = _submission(call, dict(
            title_ar=title_ar, title_en=title_en, entity=entity, sector=sector, stage=stage,
            track_id=tracks[track].id if len(tracks) > track else None, summary=summary, problem=problem,
            solution=solution, results=results), people)
        for reviewer, given in zip(reviewers, scores, strict=True):
            review = Review(reviewer_id=reviewer.id, committee_comment="", submitter_comment="")
            review.scores = [ReviewScore(criterion_id=c.id, score=s) for c, s in zip(call.criteria, given, strict=True)]
            submission.reviews.append(review)
        service.decide(submission, decision)
        if decision == "accepted":
            accepted.append(submission)
    db.session.flush()
    service.release_decisions(call, notify=False)  # made-up addresses get no email
    for n, submission in enumerate(accepted):
        slot = {"starts_at": _local(edition, 0, 13) + timedelta(minutes=30 * n), "published": True}
        slot["ends_at"] = slot["starts_at"] + timedelta(minutes=25)
        if len(rooms) > 2:
            slot["room_id"] = rooms[2].id
        service.make_session(submission, slot, force=True)
        # Every presenter has confirmed the time but the last experience's, still waited for.
        for presenter in submission.presenters if n < len(accepted) - 1 else ():
            service.confirm_slot(presenter)
    return len(SUBMISSIONS)


def _past(edition: Edition, rows: list) -> None:
    start = datetime.combine(edition.starts_on - timedelta(days=90), time(8), edition.tz)
    call = _new_call(edition, start, start + timedelta(days=40))
    for _number, title_ar, title_en, entity, sector, stage, summary, results, person in rows:
        submission = _submission(call, dict(
            title_ar=title_ar, title_en=title_en, entity=entity, sector=sector, stage=stage, summary=summary,
            problem="", solution="", results=results), [person])
        service.decide(submission, "accepted")
    db.session.flush()
    service.release_decisions(call, notify=False)  # made-up addresses get no email


SURVEY = (
    ("ما تقييمك العام للملتقى؟", "How would you rate the forum overall?", "rating"),
    ("ما مدى فائدة التجارب المعروضة لجهتك؟", "How useful were the experiences presented for your organization?", "rating"),
    ("ما الذي تقترحه لملتقى العام القادم؟", "What would you suggest for next year's forum?", "text"),
)


PAST_SUGGESTIONS = ("ورش عمل تطبيقية أكثر", "More time for questions after each experience",
                    "نقل الجلسات مباشرة لمن لم يحضر", "")


def _past_survey(edition: Edition) -> None:
    """The survey of an archived edition, answered by those who checked in (for its results page)."""
    from ..feedback import service as feedback
    from ..models import Participant
    from ..models.feedback import SurveyAnswer

    questions = [feedback.add_question(edition, text_ar, text_en, kind=kind) for text_ar, text_en, kind in SURVEY]
    attendees = db.session.scalars(select(Participant.id).where(
        Participant.edition_id == edition.id, Participant.checked_in_at.is_not(None)).order_by(Participant.id))
    for n, participant_id in enumerate(attendees):
        for question in questions:
            rating = (5, 4, 4, 3, 5, 2)[(n + question.position) % 6] if question.kind == "rating" else None
            text = "" if rating else PAST_SUGGESTIONS[n % len(PAST_SUGGESTIONS)]
            db.session.add(SurveyAnswer(question_id=question.id, participant_id=participant_id, rating=rating, text=text))


def load(edition: Edition, participants: int | None = None) -> list[str]:
    from ..feedback import service as feedback

    accounts = [demo_account(*reviewer) for reviewer in REVIEWERS]
    db.session.flush()
    lines = []
    if not feedback.questions_of(edition):
        for text_ar, text_en, kind in SURVEY:
            feedback.add_question(edition, text_ar, text_en, kind=kind)
    if service.call_for(edition) is None:
        count = _current(edition)
        lines.append(f"Experiences: {count} submissions reviewed by two reviewers, decisions released.")
    for number in (1, 2):
        past = db.session.scalar(select(Edition).where(Edition.number == number))
        if past is not None and service.call_for(past) is None:
            _past(past, [row for row in PAST if row[0] == number])
        if past is not None and not feedback.questions_of(past):
            _past_survey(past)
    db.session.flush()
    return lines + accounts
