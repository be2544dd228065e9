"""What anonymizing a past edition removes from its call for experiences.

The experiences stay in the library (title, entity, stage, track, decision, scores), but not
the people behind them: presenters' names, emails, job titles, biographies and photos, the
contact address, the agenda speakers made from the presenters, the uploaded attachment and
slides, and any of their names or emails quoted in the texts or in the reviewers' comments.
The links sent to them are replaced by fresh random ones. Called by
conference/registration/privacy.py, which does the whole edition in one step.
"""

from sqlalchemy import delete, func, select

from ..agenda.photos import photo_key
from ..awards.uploads import stored_key
from ..models import Edition, db
from ..models.agenda import Speaker
from ..models.experiences import ExperienceCall, Review, Submission, new_token
from .service import index_submission

UPLOAD_DIR = "experiences"
# Texts kept for the library, from which only quoted names and emails are cut.
SUBMISSION_TEXTS = ("title_ar", "title_en", "entity", "summary", "problem", "solution", "results", "partners")
REVIEW_TEXTS = ("committee_comment", "submitter_comment")
SESSION_TEXTS = ("title_ar", "title_en", "description_ar", "description_en")


def submissions_of(edition: Edition) -> list[Submission]:
    return list(db.session.scalars(
        select(Submission).join(ExperienceCall).where(ExperienceCall.edition_id == edition.id)
    ))


def identified_by_edition() -> dict[int, int]:
    """Per edition id, how many submissions still name their people (anonymized ones have no contact)."""
    return dict(db.session.execute(
        select(ExperienceCall.edition_id, func.count()).join(Submission)
        .where(Submission.contact_email != "").group_by(ExperienceCall.edition_id)
    ).all())


def people(submissions: list[Submission]) -> tuple[set[str], set[str]]:
    """(names, emails) of the people behind these submissions: presenters and contacts."""
    emails = {s.contact_email.strip().lower() for s in submissions if s.contact_email}
    names = set()
    for presenter in (p for s in submissions for p in s.presenters):
        names.update(v.strip() for v in (presenter.name_ar, presenter.name_en) if v)
        if presenter.email:
            emails.add(presenter.email.strip().lower())
    return names, emails


def blank_submissions(submissions: list[Submission], cut) -> list[str]:
    """Empty the people's fields and cut their values from the texts with cut(text); returns the
    storage keys of their files, deleted by the caller once the transaction is committed."""
    files, speaker_ids = [], set()
    for submission in submissions:
        for presenter in submission.presenters:
            files.append(photo_key(presenter.photo))
            if presenter.speaker is not None:
                files.append(photo_key(presenter.speaker.photo))
                speaker_ids.add(presenter.speaker.id)
            presenter.name_ar = presenter.name_en = presenter.email = presenter.job_title = ""
            presenter.bio = presenter.photo = ""
            presenter.speaker = None
            presenter.confirm_token = new_token()
        files += [stored_key(UPLOAD_DIR, submission.attachment_file), stored_key(UPLOAD_DIR, submission.slides_file)]
        submission.attachment_file = submission.slides_file = None
        submission.contact_email = ""
        submission.manage_token = new_token()
        _cut(submission, SUBMISSION_TEXTS, cut)
        if submission.session is not None:
            _cut(submission.session, SESSION_TEXTS, cut)
        for review in db.session.scalars(select(Review).where(Review.submission_id == submission.id)):
            _cut(review, REVIEW_TEXTS, cut)
        index_submission(submission)
    db.session.flush()
    if speaker_ids:  # the agenda keeps the session, without the speakers who were these people
        db.session.execute(delete(Speaker).where(Speaker.id.in_(speaker_ids)).execution_options(synchronize_session=False))
    return sorted({key for key in files if key})


def _cut(record, columns: tuple[str, ...], cut) -> None:
    for column in columns:
        setattr(record, column, cut(getattr(record, column)))
