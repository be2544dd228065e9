"""Feedback rules: who may rate which session, the post-forum survey and its one email per
attendee, and the results the organizers (and each session's presenters) see."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..agenda.service import sessions_of
from ..jobs import job_kind
from ..loaders import whole_number
from ..mail import deliver_soon, queue_notification
from ..models import Edition, Participant, User, db, utcnow
from ..models.agenda import AgendaSession
from ..models.feedback import QuestionKind, SessionRating, SurveyAnswer, SurveyInvitation, SurveyQuestion
from ..registration.service import attendees_taking_bulk_mail
from ..registration.validation import clean_text

RATINGS = range(1, 6)
COMMENT_LIMIT = 2000


class FeedbackRefused(Exception):
    """`reason`: 'not_checked_in', 'not_started' (the session or the forum) or 'invalid'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _comment(value) -> str:
    return "\n".join(clean_text(line) for line in str(value or "").splitlines()).strip()[:COMMENT_LIMIT]


# ---------------------------------------------------------------- session ratings


def rateable_sessions(participant: Participant, now: datetime | None = None) -> list[AgendaSession]:
    """Published sessions of the attendee's edition that have started (nothing before check-in)."""
    if participant.checked_in_at is None:
        return []
    now = now or utcnow()
    return [s for s in sessions_of(participant.edition, published_only=True) if s.starts_at <= now and s.kind != "break"]


def ratings_by(participant: Participant) -> dict[int, SessionRating]:
    rows = db.session.scalars(select(SessionRating).where(SessionRating.participant_id == participant.id))
    return {r.session_id: r for r in rows}


def rate_session(participant: Participant, session: AgendaSession, rating, *, comment: str = "") -> SessionRating:
    """Save (or change) the attendee's rating of a session (the caller commits)."""
    if participant.checked_in_at is None:
        raise FeedbackRefused("not_checked_in")
    if session.edition_id != participant.edition_id or not session.published or session.starts_at > utcnow():
        raise FeedbackRefused("not_started")
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise FeedbackRefused("invalid")
    existing = ratings_by(participant).get(session.id)
    if existing is None:
        existing = SessionRating(session_id=session.id, participant_id=participant.id, rating=rating)
        try:
            with db.session.begin_nested():
                db.session.add(existing)
        except IntegrityError:  # the same attendee's other tab saved first
            existing = ratings_by(participant)[session.id]
    existing.rating, existing.comment = rating, _comment(comment)
    return existing


@dataclass
class Summary:
    count: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    comments: list[str] = field(default_factory=list)


def summarize(ratings: list[int], comments: list[str] = ()) -> Summary:
    summary = Summary(count=len(ratings), comments=[c for c in comments if c])
    for value in ratings:
        summary.distribution[value] += 1
    if ratings:
        summary.average = round(sum(ratings) / len(ratings), 2)
    return summary


def session_summary(session: AgendaSession) -> Summary:
    rows = list(db.session.scalars(select(SessionRating).where(SessionRating.session_id == session.id)
                                   .order_by(SessionRating.id)))
    return summarize([r.rating for r in rows], [r.comment for r in rows])


def edition_overall(edition: Edition) -> Summary:
    ratings = db.session.scalars(select(SessionRating.rating).join(AgendaSession).where(AgendaSession.edition_id == edition.id))
    return summarize(list(ratings))


def edition_summaries(edition: Edition) -> list[tuple[AgendaSession, Summary]]:
    """Every published session with its ratings, best rated first; unrated ones last."""
    rows = db.session.scalars(select(SessionRating).join(AgendaSession).where(AgendaSession.edition_id == edition.id))
    by_session: dict[int, list[SessionRating]] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    result = [(s, summarize([r.rating for r in by_session.get(s.id, [])], [r.comment for r in by_session.get(s.id, [])]))
              for s in sessions_of(edition, published_only=True) if s.kind != "break"]
    return sorted(result, key=lambda pair: (pair[1].average is None, -(pair[1].average or 0), pair[0].starts_at))


# ---------------------------------------------------------------- the survey


def questions_of(edition: Edition) -> list[SurveyQuestion]:
    return list(db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.edition_id == edition.id)
                                   .order_by(SurveyQuestion.position, SurveyQuestion.id)))


def add_question(edition: Edition, text_ar: str, text_en: str, *, kind: str) -> SurveyQuestion:
    if kind not in set(QuestionKind):
        raise ValueError(kind)
    question = SurveyQuestion(edition_id=edition.id, text_ar=text_ar.strip(), text_en=text_en.strip(), kind=kind,
                              position=len(questions_of(edition)))
    db.session.add(question)
    db.session.flush()
    audit.record("survey_question.create", question, kind=kind)
    return question


def survey_open(participant: Participant, now: datetime | None = None) -> bool:
    """After the forum has begun, for attendees who checked in."""
    edition = participant.edition
    today = (now or utcnow()).astimezone(edition.tz).date()
    return participant.checked_in_at is not None and today >= edition.starts_on


def answers_of(participant: Participant) -> dict[int, SurveyAnswer]:
    rows = db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.participant_id == participant.id))
    return {a.question_id: a for a in rows}


def save_answers(participant: Participant, given: dict[int, str]) -> dict[int, str]:
    """Store the attendee's answers; returns errors by question id (nothing saved when any)."""
    if not survey_open(participant):
        raise FeedbackRefused("not_started")
    questions = questions_of(participant.edition)
    errors, values = {}, {}
    for question in questions:
        raw = (given.get(question.id) or "").strip()
        if question.kind == QuestionKind.RATING:
            rating = whole_number(raw)
            if raw and rating not in RATINGS:
                errors[question.id] = "invalid"
            values[question.id] = (rating, "")
        else:
            values[question.id] = (None, _comment(raw))
    if errors:
        return errors
    existing = answers_of(participant)
    for question_id, (rating, text) in values.items():
        answer = existing.get(question_id) or SurveyAnswer(question_id=question_id, participant_id=participant.id)
        answer.rating, answer.text = rating, text
        db.session.add(answer)
    return {}


def survey_results(edition: Edition) -> list[tuple[SurveyQuestion, Summary]]:
    results = []
    for question in questions_of(edition):
        answers = list(db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.question_id == question.id)
                                          .order_by(SurveyAnswer.id)))
        results.append((question, summarize([a.rating for a in answers if a.rating], [a.text for a in answers])))
    return results


def survey_recipients(edition: Edition) -> list[int]:
    """Ids of the attendees who checked in, still take bulk mail and have not been invited."""
    invited = select(SurveyInvitation.participant_id).where(SurveyInvitation.edition_id == edition.id)
    return attendees_taking_bulk_mail(edition, invited)


def invite_one(edition: Edition, participant_id: int) -> bool:
    """Queue the survey email for one attendee unless someone already did (the caller commits).

    The invitation row is unique per attendee and inserted before the email is queued, in the
    same transaction: two jobs (two organizers pressing at once, on any server) email nobody twice.
    """
    participant = db.session.get(Participant, participant_id)
    try:
        with db.session.begin_nested():
            db.session.add(SurveyInvitation(edition_id=edition.id, participant_id=participant_id))
    except IntegrityError:
        return False
    queue_notification("feedback.survey", participant.email, participant.id)
    return True


@job_kind("feedback.email_survey")
def email_survey(job, progress):
    """Email the survey link once to every attendee who checked in, one committed step each."""
    edition = db.session.get(Edition, job.params["edition_id"])
    if edition is None:
        return None
    ids = survey_recipients(edition)
    progress(0, len(ids))
    sent = 0
    for done, participant_id in enumerate(ids, start=1):
        sent += invite_one(edition, participant_id)
        progress(done, len(ids))  # commits the invitation and its email together
    organizer = db.session.get(User, job.created_by_id) if job.created_by_id else None
    audit.record("survey.invite", edition, actor=organizer, emails=sent)
    db.session.commit()
    deliver_soon()
    return None
