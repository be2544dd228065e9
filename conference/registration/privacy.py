"""Anonymizing a past edition: names, emails and phones go, everywhere; the counts stay.

Each participant keeps the row (status, category, sector, organization, city, dates),
so the archive's figures do not change, but nothing identifies a person any more. In one
step (one transaction for the database, then the files):
- the personal fields are emptied, the self-service link and badge code replaced by fresh
  random values, the names on their certificates removed;
- the emails to them are deleted, in the database and in the outbox (wherever storage keeps it);
- the audit trail keeps what was done and when, but not their personal values;
- stored import files that mention them and the results of the edition's jobs (bulk badge
  PDFs, certificate mailings) are deleted;
- the call for experiences loses its presenters and contacts (conference/experiences/privacy.py),
  and the feedback its written comments and answers (the ratings stay).
"""

import email
import io
import re
import zipfile

import phonenumbers
from sqlalchemy import delete, func, or_, select, update

from .. import audit, storage
from ..awards import privacy as awards
from ..experiences import privacy as experiences
from ..jobs import result_key
from ..models import AuditLog, Edition, Job, OutgoingEmail, Participant, db, utcnow
from ..models.certificates import Certificate
from ..models.feedback import SessionRating, SurveyAnswer
from ..models.people import new_badge_code, new_manage_token
from ..spreadsheets import SpreadsheetRefused, check_xlsx

REMOVED = "—"
# In audit entries about these people or their submissions, the values under these keys go.
PERSONAL_FIELDS = frozenset({"name_ar", "name_en", "email", "phone", "job_title", "contact_email", "contact_name",
                             "contact_phone", "bio", "presenters", "comment", "text", "committee_comment",
                             "submitter_comment"})
# Storage folders that may hold copies of a person's details.
OUTBOX, IMPORTS = "outbox/", "imports/"


class AnonymizeRefused(ValueError):
    pass


def anonymize_edition(edition: Edition) -> int:
    """Anonymize every participant of a past edition, and the people of its call for experiences
    and award nominations; returns how many participants. Commits, then removes files."""
    if edition.is_current:
        raise AnonymizeRefused("the current edition cannot be anonymized")
    people = db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id, Participant.anonymized_at.is_(None))
    ).all()
    submissions, nominations = experiences.submissions_of(edition), awards.nominations_of(edition)
    emails, needles = _identifying_values(people, submissions, nominations)
    _blank_people(people)

    quoted = _any_of(needles)

    def cut(text: str) -> str:
        return quoted.sub(REMOVED, text) if text and needles else text

    uploads = experiences.blank_submissions(submissions, cut) + awards.blank_nominations(nominations, cut)
    ids = select(Participant.id).where(Participant.edition_id == edition.id)
    _erase_feedback_text(ids)
    db.session.execute(delete(OutgoingEmail).where(
        or_(OutgoingEmail.participant_id.in_(ids), func.lower(OutgoingEmail.to_addr).in_(emails))
    ))
    db.session.execute(
        update(Certificate)
        .where(Certificate.participant_id.in_(ids))
        .values(holder_ar="", holder_en="")
        .execution_options(synchronize_session=False)
    )
    _scrub_audit_trail(needles, {("participant", p.id) for p in people}
                       | {("submission", s.id) for s in submissions}
                       | {("presenter", p.id) for s in submissions for p in s.presenters}
                       | {("nomination", n.id) for n in nominations})
    result_files = _job_results_of(edition)
    audit.record("edition.anonymize", edition, number=edition.number, participants=len(people),
                 submissions=len(submissions), nominations=len(nominations))
    db.session.commit()
    _remove_files(result_files + uploads)
    _remove_files(key for key, data in _stored_files(OUTBOX) if _email_is_to(data, emails))
    _remove_files(key for key, data in _stored_files(IMPORTS) if _mentions(data, needles))
    return len(people)


def _identifying_values(people, submissions, nominations) -> tuple[set[str], set[str]]:
    """(every email of these people, every value that identifies them) across the features."""
    presenters, presenters_emails = experiences.people(submissions)
    contacts, contacts_emails, contacts_phones = awards.people(nominations)
    emails = {p.email.lower() for p in people if p.email} | presenters_emails | contacts_emails
    phones = {form for phone in contacts_phones for form in _phone_forms(phone)}
    return emails, personal_values(people) | _long_enough(presenters | contacts | emails | phones)


def still_identified() -> dict[int, int]:
    """Per edition id, how many submissions and nominations still name someone."""
    counts = experiences.identified_by_edition()
    for edition_id, count in awards.identified_by_edition().items():
        counts[edition_id] = counts.get(edition_id, 0) + count
    return counts


def personal_values(people) -> set[str]:
    """The values that identify these people: names, emails, phones (longer than a few letters)."""
    values = set()
    for person in people:
        values.update(v.strip() for v in (person.name_ar, person.name_en, person.email or ""))
        values.update(_phone_forms(person.phone))
    return _long_enough(values)


def _long_enough(values: set[str]) -> set[str]:
    """Values long enough to identify someone (a few letters would match everywhere)."""
    return {v for v in values if len(v) >= 4}


def _any_of(needles: set[str]) -> re.Pattern:
    """One pattern for all the values, whatever their case; the longest first, so a full name
    goes whole rather than leaving a surname behind."""
    return re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)), re.IGNORECASE)


def _phone_forms(phone: str) -> set[str]:
    """+966501234567 as stored, and as people type it: 966501234567, 0501234567, 501234567."""
    try:
        national = str(phonenumbers.parse(phone).national_number)
    except phonenumbers.NumberParseException:
        return {phone}
    return {phone, phone.lstrip("+"), "0" + national, national}


def _blank_people(people) -> None:
    now = utcnow()
    for person in people:
        person.name_ar = person.name_en = person.phone = person.job_title = person.search_text = ""
        person.name_sort_key = b""
        person.email = None
        person.manage_token = new_manage_token()
        person.badge_code = new_badge_code()
        person.anonymized_at = now


def _erase_feedback_text(participant_ids) -> None:
    """What they wrote in session ratings and the survey; the ratings themselves stay for the figures."""
    for model, column in ((SessionRating, "comment"), (SurveyAnswer, "text")):
        db.session.execute(
            update(model).where(model.participant_id.in_(participant_ids)).values({column: ""})
            .execution_options(synchronize_session=False)
        )


def _scrub_audit_trail(needles: set[str], targets: set[tuple[str, int]]) -> None:
    """Keep each entry (who did what, when) but not these people's values: in entries about
    them (or their submissions), every personal field (earlier values too); in any entry, any of
    their current values."""
    about_them = {(kind, str(i)) for kind, i in targets}
    for entry in db.session.scalars(select(AuditLog)):
        personal = (entry.target_type, entry.target_id) in about_them
        scrubbed = _scrub(entry.details, needles, personal)
        if scrubbed != entry.details:
            entry.details = scrubbed


def _scrub(value, needles: set[str], personal: bool):
    if isinstance(value, dict):
        return {k: REMOVED if personal and k in PERSONAL_FIELDS else _scrub(v, needles, personal) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needles, personal) for v in value]
    if isinstance(value, str) and any(needle.lower() in value.lower() for needle in needles):
        return REMOVED
    return value


def _job_results_of(edition: Edition) -> list[str]:
    """The storage keys of the edition's job results, forgotten by their jobs (the files go after commit)."""
    keys = []
    for job in db.session.scalars(select(Job).where(Job.result_file != "")):
        if (job.params or {}).get("edition_id") == edition.id:
            keys.append(result_key(job))
            job.result_file = ""
    return keys


def _stored_files(folder: str):
    for key in storage.keys(folder):
        data = storage.load(key)
        if data is not None:
            yield key, data


def _email_is_to(data: bytes, emails: set[str]) -> bool:
    message = email.message_from_bytes(data)
    recipients = {addr.lower() for _name, addr in email.utils.getaddresses(message.get_all("To", []))}
    return bool(recipients & emails)


def _mentions(data: bytes, needles: set[str]) -> bool:
    """Whether a stored upload (CSV, or XLSX read inside its zip) holds one of the values."""
    texts = [data]
    if data.startswith(b"PK\x03\x04"):
        try:
            check_xlsx(data)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts = [archive.read(member) for member in archive.namelist()]
        except (SpreadsheetRefused, zipfile.BadZipFile, OSError, ValueError):
            return True  # a file we cannot read back may hold anything: it goes
    for text in texts:
        decoded = text.decode("utf-8", "ignore").lower() + text.decode("cp1256", "ignore").lower()
        if any(needle.lower() in decoded for needle in needles):
            return True
    return False


def _remove_files(keys) -> None:
    """Delete stored files, wherever storage keeps them (the one place anonymization removes files)."""
    for key in list(keys):
        storage.delete(key)
    db.session.commit()  # the database storage deletes in the session

