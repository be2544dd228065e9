"""The rules of the call for experiences, called by the pages, the API and the demo.

The call: its window and state. Submissions: one cleaning function for the form and the API,
saving and editing while the call is open, presenters confirming. Review: who reviews what,
scores (ranked by the same function as the awards jury), conflicts of interest, progress.
Decisions: held until released, then one email per submitter. The agenda: an accepted
experience becomes a draft session. The library: what was presented, searchable.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from .. import audit
from ..agenda import service as agenda
from ..awards.ranking import Criterion, Ranked, Score, rank_entries
from ..i18n import text_language
from ..mail import queue_notification
from ..models import Edition, User, db, utcnow
from ..models.agenda import AgendaSession, Speaker, Track
from ..models.experiences import (
    CallTrack,
    Decision,
    ExperienceCall,
    Presenter,
    Review,
    ReviewCriterion,
    ReviewerAssignment,
    ReviewScore,
    Stage,
    Submission,
)
from ..models.vocabulary import Sector, StaffRole
from ..registration.validation import clean_email, clean_text, is_consent
from ..search import fold, search_key

MAX_PRESENTERS = 5
SHORT_LIMITS = {"title_ar": 300, "title_en": 300, "entity": 300}
LONG_LIMITS = {"summary": 2000, "problem": 3000, "solution": 3000, "results": 3000, "partners": 1000}
PRESENTER_LIMITS = {"name_ar": 200, "name_en": 200, "job_title": 200, "bio": 2000}
REQUIRED = ("entity", "summary", "problem", "solution", "results")
FIELDS = (*SHORT_LIMITS, *LONG_LIMITS, "stage", "sector", "track_id", "contact_email", "language", "consent", "presenters")
PRESENTER_FIELDS = (*PRESENTER_LIMITS, "email")


class CallNotOpen(Exception):
    """The call takes no submissions (or edits) now; `state` is 'not_open', 'closed' or 'none'."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class ReviewRefused(Exception):
    """`reason`: 'conflict' (declared), 'released' (decisions are out) or 'invalid' (a score out of range)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------- the call


def call_for(edition: Edition | None) -> ExperienceCall | None:
    if edition is None:
        return None
    return db.session.scalar(select(ExperienceCall).where(ExperienceCall.edition_id == edition.id))


def ensure_call(edition: Edition) -> ExperienceCall:
    call = call_for(edition)
    if call is None:
        call = ExperienceCall(edition_id=edition.id, theme_ar=edition.theme_ar, theme_en=edition.theme_en)
        db.session.add(call)
        db.session.flush()
    return call


def call_state(call: ExperienceCall | None, now: datetime | None = None) -> str:
    """'open', 'not_open' or 'closed'; a call without a window takes nothing ('closed')."""
    if call is None or (call.opens_at is None and call.closes_at is None):
        return "closed"
    now = now or utcnow()
    if call.opens_at and now < call.opens_at:
        return "not_open"
    if call.closes_at and now >= call.closes_at:
        return "closed"
    return "open"


def tracks_of(call: ExperienceCall) -> list[Track]:
    """The tracks the call accepts: those the organizers chose, or every track of the edition."""
    tracks = agenda.tracks_of(call.edition)
    chosen = {t.track_id for t in call.accepted_tracks}
    return [t for t in tracks if t.id in chosen] if chosen else tracks


def set_tracks(call: ExperienceCall, track_ids: set[int]) -> None:
    """Accept only these tracks of the edition (none: every track). Existing submissions keep theirs."""
    valid = {t.id for t in agenda.tracks_of(call.edition)}
    if not track_ids <= valid:
        raise ValueError(sorted(track_ids - valid))
    current = {t.track_id: t for t in call.accepted_tracks}
    for track_id, row in current.items():
        if track_id not in track_ids:
            call.accepted_tracks.remove(row)
    call.accepted_tracks.extend(CallTrack(track_id=track_id) for track_id in sorted(track_ids - current.keys()))


def refusal_message(state: str) -> str:
    if state == "not_open":
        return _("The call for experiences has not opened yet.")
    return _("The call for experiences is closed.")


# ---------------------------------------------------------------- cleaning


def _long_text(value) -> str:
    """Free text keeping its paragraphs: each line cleaned, runs of blank lines kept to one."""
    lines = [clean_text(line) for line in str(value or "").replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _clean_presenter(raw, index: int, errors: dict) -> dict | None:
    if not isinstance(raw, dict):
        errors[f"presenters.{index}"] = _("Each presenter must be an object.")
        return None
    person = {name: clean_text(raw.get(name)) for name in ("name_ar", "name_en", "job_title")}
    person["bio"] = _long_text(raw.get("bio"))
    if not any(person.values()) and not clean_text(raw.get("email")):
        return None  # an empty row of the form
    if not person["name_ar"] and not person["name_en"]:
        errors[f"presenters.{index}.name_ar"] = _("Enter the presenter's name in Arabic or English.")
    for name, limit in PRESENTER_LIMITS.items():
        if len(person[name]) > limit:
            errors[f"presenters.{index}.{name}"] = _("At most %(limit)s characters.", limit=limit)
    person["email"], problem = clean_email(raw.get("email"))
    if problem:
        errors[f"presenters.{index}.email"] = problem
    return person


def clean_submission(data: dict, call: ExperienceCall) -> tuple[dict, dict]:
    """(cleaned values, field errors in the current language). Nothing is saved here."""
    cleaned, errors = {}, {}
    for name, limit in SHORT_LIMITS.items():
        cleaned[name] = clean_text(data.get(name))
        if len(cleaned[name]) > limit:
            errors[name] = _("At most %(limit)s characters.", limit=limit)
    for name, limit in LONG_LIMITS.items():
        cleaned[name] = _long_text(data.get(name))
        if len(cleaned[name]) > limit:
            errors[name] = _("At most %(limit)s characters.", limit=limit)
    if not cleaned["title_ar"] and not cleaned["title_en"]:
        errors["title_ar"] = _("Enter the title in Arabic or English.")
    for name in REQUIRED:
        if not cleaned[name]:
            errors.setdefault(name, _("This field is required."))
    cleaned["stage"] = clean_text(data.get("stage"))
    if cleaned["stage"] not in set(Stage):
        errors["stage"] = _("Choose the stage: idea, pilot or in service.")
    cleaned["sector"] = clean_text(data.get("sector")) or "government"
    if cleaned["sector"] not in Sector.values():
        errors["sector"] = _("Choose a sector from the list.")
    cleaned["track_id"] = _track_id(data.get("track_id"), call, errors)
    cleaned["contact_email"], problem = clean_email(data.get("contact_email"))
    if problem:
        errors["contact_email"] = problem
    cleaned["language"] = data.get("language") if data.get("language") in ("ar", "en") else "ar"
    cleaned["consent"] = is_consent(data.get("consent"))
    if not cleaned["consent"]:
        errors["consent"] = _("Please agree that the forum may publish the experience if it is accepted.")
    cleaned["presenters"] = _presenters(data.get("presenters"), errors)
    return cleaned, errors


def _track_id(value, call: ExperienceCall, errors: dict) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    if number is None or number not in {t.id for t in tracks_of(call)}:
        errors["track_id"] = _("Choose a track from the list.")
        return None
    return number


def _presenters(raw, errors: dict) -> list[dict]:
    if not isinstance(raw, list):
        errors["presenters"] = _("Add at least one presenter.")
        return []
    cleaned = (_clean_presenter(row, i, errors) for i, row in enumerate(raw[: MAX_PRESENTERS + 1]))
    people = [p for p in cleaned if p]
    if not people:
        errors.setdefault("presenters", _("Add at least one presenter."))
    elif len(people) > MAX_PRESENTERS:
        errors["presenters"] = _("At most %(limit)s presenters.", limit=MAX_PRESENTERS)
    emails = [p["email"].casefold() for p in people if p["email"]]
    if len(emails) != len(set(emails)):
        errors["presenters"] = _("Each presenter needs their own email address.")
    return people


# ---------------------------------------------------------------- submitting and editing


TEXT_COLUMNS = (*SHORT_LIMITS, *LONG_LIMITS, "stage", "sector", "track_id", "contact_email", "language", "consent")


def index_submission(submission: Submission) -> None:
    submission.search_key = search_key(
        submission.title_ar, submission.title_en, submission.entity, submission.summary, submission.results,
        *(p.name_ar for p in submission.presenters), *(p.name_en for p in submission.presenters),
    )


def submit(call: ExperienceCall, cleaned: dict, attachment_file: str | None = None) -> Submission:
    """Save a new submission while the call is open (the caller commits, then delivers mail)."""
    if (state := call_state(call)) != "open":
        raise CallNotOpen(state)
    submission = Submission(call_id=call.id, attachment_file=attachment_file,
                            **{name: cleaned[name] for name in TEXT_COLUMNS})
    submission.presenters = [Presenter(position=n, **person) for n, person in enumerate(cleaned["presenters"])]
    index_submission(submission)
    db.session.add(submission)
    db.session.flush()
    for presenter in submission.presenters:
        queue_notification(f"experiences.presenter.{presenter.id}", presenter.email, None)
    queue_notification(f"experiences.received.{submission.id}", submission.contact_email, None)
    return submission


def update_submission(submission: Submission, cleaned: dict) -> None:
    """Change a submission until the call closes. Presenters are matched by email: a kept
    presenter keeps their link and confirmation; a new one is asked to confirm."""
    if (state := call_state(submission.call)) != "open":
        raise CallNotOpen(state)
    for name in TEXT_COLUMNS:
        setattr(submission, name, cleaned[name])
    existing = {p.email.casefold(): p for p in submission.presenters}
    kept = []
    for n, person in enumerate(cleaned["presenters"]):
        presenter = existing.get(person["email"].casefold()) or Presenter()
        for name, value in person.items():
            setattr(presenter, name, value)
        presenter.position = n
        kept.append(presenter)
    submission.presenters = kept
    index_submission(submission)
    db.session.flush()
    for presenter in kept:
        if presenter.email.casefold() not in existing:
            queue_notification(f"experiences.presenter.{presenter.id}", presenter.email, None)


def submission_by_token(token: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.manage_token == token)) if token else None


def presenter_by_token(token: str) -> Presenter | None:
    return db.session.scalar(select(Presenter).where(Presenter.confirm_token == token)) if token else None


def confirm_presenter(presenter: Presenter) -> None:
    presenter.confirmed_at = presenter.confirmed_at or utcnow()


def confirm_slot(presenter: Presenter) -> bool:
    """The presenter confirms the session's current times; False when there is no slot to confirm
    (not accepted and released, or no session yet)."""
    submission = presenter.submission
    session = submission.session
    if session is None or not submission.released or submission.decision != Decision.ACCEPTED:
        return False
    presenter.confirmed_at = presenter.confirmed_at or utcnow()
    presenter.slot_starts_at, presenter.slot_ends_at = session.starts_at, session.ends_at
    presenter.slot_confirmed_at = utcnow()
    audit.record("experience.slot_confirmed", submission, presenter=presenter.id)
    return True


def slot_confirmations(submission: Submission) -> tuple[int, int]:
    """(presenters who confirmed the current slot, presenters)."""
    return sum(1 for p in submission.presenters if p.slot_confirmed), len(submission.presenters)


def form_values(submission: Submission) -> dict:
    """A submission as the cleaning function takes it (to fill the edit form)."""
    values = {name: getattr(submission, name) for name in TEXT_COLUMNS}
    values["presenters"] = [{name: getattr(p, name) for name in PRESENTER_FIELDS} for p in submission.presenters]
    return values


# ---------------------------------------------------------------- who reviews what


def is_reviewer_of(user: User, call: ExperienceCall) -> bool:
    return user.role == StaffRole.REVIEWER and any(a.user_id == user.id for a in call.reviewers)


def reviewer_tracks(user: User, call: ExperienceCall) -> set[int | None] | None:
    """The track ids the reviewer is assigned to; None means every track."""
    assigned = {a.track_id for a in call.reviewers if a.user_id == user.id}
    return None if None in assigned else assigned


def may_review(user: User, submission: Submission) -> bool:
    if not is_reviewer_of(user, submission.call):
        return False
    tracks = reviewer_tracks(user, submission.call)
    return tracks is None or submission.track_id in tracks


def submissions_of(call: ExperienceCall) -> list[Submission]:
    return list(db.session.scalars(select(Submission).where(Submission.call_id == call.id).order_by(Submission.id)))


def visible_submissions(user: User, call: ExperienceCall) -> list[Submission]:
    """Every submission for organizers; for a reviewer, those of their tracks."""
    submissions = submissions_of(call)
    if user.has_role("organizer"):
        return submissions
    return [s for s in submissions if may_review(user, s)]


def hides_names(user: User, call: ExperienceCall) -> bool:
    """Blind review: reviewers see neither the entity nor the presenters."""
    return call.blind_review and not user.has_role("organizer")


def set_reviewers(call: ExperienceCall, wanted: set[tuple[int, int | None]]) -> None:
    """Replace the assignments with (user id, track id or None) pairs."""
    current = {(a.user_id, a.track_id): a for a in call.reviewers}
    for key, assignment in current.items():
        if key not in wanted:
            call.reviewers.remove(assignment)
    for user_id, track_id in wanted - current.keys():
        call.reviewers.append(ReviewerAssignment(user_id=user_id, track_id=track_id))
    audit.record("experience_call.reviewers", call, reviewers=sorted(f"{u}:{t or '*'}" for u, t in wanted))


def reviewers_of(call: ExperienceCall) -> list[User]:
    return sorted({a.user for a in call.reviewers}, key=lambda u: u.email)


# ---------------------------------------------------------------- reviews


def review_by(user: User, submission: Submission) -> Review | None:
    return next((r for r in submission.reviews if r.reviewer_id == user.id), None)


def _own_review(user: User, submission: Submission) -> Review:
    review = review_by(user, submission)
    if review is None:
        review = Review(reviewer_id=user.id)
        submission.reviews.append(review)
    return review


def check_scores(call: ExperienceCall, given: dict[int, int]) -> bool:
    criteria = {c.id: c for c in call.criteria}
    return set(given) == set(criteria) and all(0 <= s <= criteria[c].max_score for c, s in given.items())


def save_review(user: User, submission: Submission, given: dict[int, int], *, committee_comment: str = "",
                submitter_comment: str = "") -> Review:
    """The reviewer's scores on every criterion and comments (the caller checked may_review)."""
    review = review_by(user, submission)
    if review is not None and review.conflict:
        raise ReviewRefused("conflict")
    if submission.call.released_at is not None and submission.decision is not None:
        raise ReviewRefused("released")
    if not check_scores(submission.call, given):
        raise ReviewRefused("invalid")
    review = _own_review(user, submission)
    existing = {s.criterion_id: s for s in review.scores}
    for criterion_id, score in given.items():
        if criterion_id in existing:
            existing[criterion_id].score = score
        else:
            review.scores.append(ReviewScore(criterion_id=criterion_id, score=score))
    review.committee_comment = _long_text(committee_comment)[:3000]
    review.submitter_comment = _long_text(submitter_comment)[:3000]
    db.session.flush()
    return review


def declare_conflict(user: User, submission: Submission) -> Review:
    """The reviewer belongs to the entity (or is otherwise involved): their scores are dropped
    and they no longer count for this submission."""
    review = _own_review(user, submission)
    review.conflict = True
    review.scores.clear()
    audit.record("experience.conflict", submission, reviewer=user.email)
    db.session.flush()
    return review


@dataclass(frozen=True)
class Progress:
    reviewer: User
    done: int
    total: int
    conflicts: int


def progress(call: ExperienceCall) -> list[Progress]:
    """Per reviewer: submissions scored on every criterion, of those they should review."""
    needed = len(call.criteria)
    submissions = submissions_of(call)
    result = []
    for user in reviewers_of(call):
        mine = [s for s in submissions if may_review(user, s)]
        reviews = [review_by(user, s) for s in mine]
        conflicts = sum(1 for r in reviews if r is not None and r.conflict)
        done = sum(1 for r in reviews if r is not None and not r.conflict and needed and len(r.scores) >= needed)
        result.append(Progress(user, done, len(mine) - conflicts, conflicts))
    return result


def ranking(call: ExperienceCall) -> list[tuple[Submission, Ranked]]:
    """Submissions best first by the weighted review scores; conflicted reviews never count."""
    submissions = {s.id: s for s in submissions_of(call)}
    criteria = [Criterion(c.id, c.weight, c.max_score) for c in call.criteria]
    scores = [
        Score(s.id, score.criterion_id, review.reviewer_id, score.score)
        for s in submissions.values() for review in s.reviews if not review.conflict for score in review.scores
    ]
    return [(submissions[r.entry_id], r) for r in rank_entries(list(submissions), criteria, scores)]


def submitter_comments(submission: Submission) -> list[str]:
    """The comments reviewers wrote for the submitter, once the decision is released."""
    if not submission.released:
        return []
    return [r.submitter_comment for r in submission.reviews if r.submitter_comment and not r.conflict]


def add_criterion(call: ExperienceCall, name_ar: str, name_en: str, weight: int, max_score: int) -> ReviewCriterion:
    criterion = ReviewCriterion(name_ar=name_ar.strip(), name_en=name_en.strip(), weight=weight,
                                max_score=max_score, position=len(call.criteria))
    call.criteria.append(criterion)
    db.session.flush()
    audit.record("review_criterion.create", criterion, call=call.id, weight=weight, max_score=max_score)
    return criterion


# ---------------------------------------------------------------- decisions


def decide(submission: Submission, decision: str) -> None:
    """Record a decision; the submitter sees it only once the organizers release the decisions."""
    if decision not in set(Decision):
        raise ValueError(decision)
    if submission.decision != decision:
        submission.decision, submission.decided_at = decision, utcnow()
        audit.record("experience.decision", submission, decision=decision)


def pending_release(call: ExperienceCall) -> list[Submission]:
    """Decided submissions whose submitters have not yet been told this decision."""
    return [s for s in submissions_of(call) if s.decision and (
        s.decision_emailed_at is None or s.decided_at > s.decision_emailed_at)]


def release_decisions(call: ExperienceCall, *, notify: bool = True) -> int:
    """Make every decision visible and queue one email per submitter not yet told.

    The caller commits; `notify=False` marks them told without email (the demo). Each
    submission is claimed by a conditional UPDATE, so two organizers releasing at the same
    moment send each message once. Returns how many submitters were told.
    """
    now = utcnow()
    call.released_at = now
    queued = 0
    for submission in pending_release(call):
        claimed = db.session.execute(
            update(Submission)
            .where(Submission.id == submission.id,
                   or_(Submission.decision_emailed_at.is_(None), Submission.decision_emailed_at < Submission.decided_at))
            .values(decision_emailed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed and notify:
            queue_notification(f"experiences.decision.{submission.id}", submission.contact_email, None)
        queued += claimed
    audit.record("experience_call.release", call, emails=queued)
    db.session.flush()
    db.session.expire_all()
    return queued


# ---------------------------------------------------------------- into the agenda


def default_slot(edition: Edition) -> tuple[datetime, datetime]:
    """Where a new draft sits until the organizer schedules it: 09:00–09:30 on the first day."""
    start = datetime.combine(edition.starts_on, time(9), edition.tz)
    return start, start + timedelta(minutes=30)


def _by_language(text: str) -> dict[str, str]:
    """Free text filed under Arabic or English by its first strong character."""
    return {text_language(text): text, "en" if text_language(text) == "ar" else "ar": ""}


def _speaker_for(presenter: Presenter, submission: Submission) -> Speaker:
    if presenter.speaker is not None:
        return presenter.speaker
    organization, bio = _by_language(submission.entity), _by_language(presenter.bio)
    title = _by_language(presenter.job_title)
    speaker = Speaker(
        edition_id=submission.call.edition_id, name_ar=presenter.name_ar, name_en=presenter.name_en,
        title_ar=title["ar"], title_en=title["en"], organization_ar=organization["ar"],
        organization_en=organization["en"], bio_ar=bio["ar"], bio_en=bio["en"], photo=presenter.photo,
    )
    db.session.add(speaker)
    db.session.flush()
    presenter.speaker = speaker
    return speaker


def make_session(submission: Submission, changes: dict, *, force: bool = False) -> tuple[AgendaSession, list]:
    """The accepted experience as a draft session (or its session, rescheduled). Raises
    agenda.SessionInvalid or agenda.ConflictsFound as the agenda editor does."""
    if submission.decision != Decision.ACCEPTED:
        raise agenda.SessionInvalid({"decision": "only an accepted experience becomes a session"})
    edition = submission.call.edition
    speaker_ids = [_speaker_for(p, submission).id for p in submission.presenters]
    starts_at, ends_at = default_slot(edition)
    values = {
        "kind": "experience",
        "title_ar": submission.title_ar, "title_en": submission.title_en,
        **{f"description_{lang}": text for lang, text in _by_language(submission.summary).items()},
        "track_id": submission.track_id, "speaker_ids": speaker_ids,
        "starts_at": starts_at, "ends_at": ends_at,
    } if submission.session is None else {}
    session, found = agenda.save_session(edition, submission.session, values | changes, force=force)
    submission.session = session
    db.session.flush()
    return session, found


def slides_open(submission: Submission, now: datetime | None = None) -> bool:
    """Final slides are taken once the experience has a session, until the call's deadline."""
    due = submission.call.slides_due_at
    return submission.session is not None and (due is None or (now or utcnow()) < due)


# ---------------------------------------------------------------- the library


@dataclass
class LibraryFilter:
    year: int | None = None
    track: str = ""
    entity: str = ""
    stage: str = ""
    sector: str = ""
    q: str = ""


def _presented(submission: Submission, now: datetime) -> bool:
    """Accepted, released, and its session has started or its edition is over."""
    if not submission.released or submission.decision != Decision.ACCEPTED:
        return False
    edition = submission.call.edition
    if submission.session is not None and submission.session.published and submission.session.starts_at <= now:
        return True
    return edition.ends_on < now.astimezone(edition.tz).date()


def library(f: LibraryFilter, locale: str = "ar") -> list[Submission]:
    now = utcnow()
    query = (select(Submission).join(ExperienceCall).join(Edition)
             .where(Submission.decision == Decision.ACCEPTED.value)
             .order_by(Edition.year.desc(), Submission.id))
    if f.year:
        query = query.where(Edition.year == f.year)
    if f.stage in set(Stage):
        query = query.where(Submission.stage == f.stage)
    if f.sector in Sector.values():
        query = query.where(Submission.sector == f.sector)
    if f.entity:
        query = query.where(Submission.entity == f.entity)
    found = [s for s in db.session.scalars(query) if _presented(s, now)]
    if f.track:
        found = [s for s in found if s.track and f.track in (s.track.name_ar, s.track.name_en)]
    if key := fold(f.q):
        found = [s for s in found if all(word in s.search_key for word in key.split())]
    return found


def library_choices(locale: str) -> dict:
    everything = library(LibraryFilter(), locale)
    return {
        "years": sorted({s.call.edition.year for s in everything}, reverse=True),
        "tracks": sorted({s.track.localized("name", locale) for s in everything if s.track}),
        "entities": sorted({s.entity for s in everything}),
    }


def in_library(submission: Submission) -> bool:
    return _presented(submission, utcnow())
