"""The award rules, called by the pages, the API, the import and the demo.

Listing: filters and counts of recognitions. Programme: nomination windows, nominations,
jury scoring (each juror sees only their own scores until the jury closes), ranking,
announced winners and their certificates.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from .. import audit
from ..certificates import issue_certificate
from ..loaders import whole_number
from ..models import Edition, User, db, utcnow
from ..models.awards import (
    Award,
    AwardCategory,
    AwardCriterion,
    AwardProgramme,
    JuryAssignment,
    JuryScore,
    Nomination,
)
from ..models.certificates import Certificate
from ..models.vocabulary import AwardLevel, CertificateKind, StaffRole
from . import uploads
from .ranking import Criterion, Ranked, Score, rank_entries

# ---------------------------------------------------------------- the listing


@dataclass
class ListingFilter:
    edition_id: int | None = None  # None: the whole archive
    level: str = ""
    year: int | None = None
    body: str = ""
    recipient: str = ""


AWARD_FIELDS = (
    "name_ar", "name_en", "body_ar", "body_en", "level", "year", "recipient_ar", "recipient_en",
    "category_ar", "category_en", "description_ar", "description_en",
)


def save_award(award: Award | None, values: dict, edition_id: int | None,
               *, logo: tuple[bytes, str] | None) -> tuple[Award, str | None]:
    """Create or change a recognition from clean values (and a checked logo), and record what
    changed. Returns the award and the logo it replaced, to delete once the caller has committed."""
    creating = award is None
    award = award or Award()
    texts = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    changes = audit.set_fields(award, {**texts, "edition_id": edition_id})
    replaced = None
    if logo:
        replaced, award.logo_file = award.logo_file, uploads.store(uploads.LOGO_DIR, *logo)
    db.session.add(award)
    db.session.flush()
    audit.record("award.create" if creating else "award.update", award, changes=changes, logo_replaced=bool(logo))
    return award, replaced


def parse_listing_filter(args) -> tuple[ListingFilter, Edition | None]:
    """The listing's filters from a query string, read the same way by the page and the API:
    unknown levels and malformed numbers are ignored, texts bounded."""
    edition = None
    if (number := whole_number(args.get("edition"))) is not None:
        edition = db.session.scalar(select(Edition).where(Edition.number == number))
    level = args.get("level", "")
    return ListingFilter(
        edition_id=edition.id if edition else None,
        level=level if level in AwardLevel.values() else "",
        year=whole_number(args.get("year")),
        body=args.get("body", "").strip()[:300],
        recipient=args.get("recipient", "").strip()[:300],
    ), edition


def find_awards(f: ListingFilter) -> list[Award]:
    query = select(Award).order_by(Award.year.desc(), Award.level, Award.name_en, Award.id)
    if f.edition_id:
        query = query.where(Award.edition_id == f.edition_id)
    if f.level in AwardLevel.values():
        query = query.where(Award.level == f.level)
    if f.year:
        query = query.where(Award.year == f.year)
    if f.body:
        query = query.where(or_(Award.body_ar == f.body, Award.body_en == f.body))
    if f.recipient:
        query = query.where(or_(Award.recipient_ar == f.recipient, Award.recipient_en == f.recipient))
    return list(db.session.scalars(query))


def level_counts(awards: list[Award]) -> dict[str, int]:
    """International accreditations, and regional and local awards together (as they are announced)."""
    international = sum(1 for a in awards if a.level == AwardLevel.INTERNATIONAL)
    return {"international": international, "regional_local": len(awards) - international}


def filter_choices(language: str) -> dict:
    """Years, granting bodies and recipients present in the listing, for the filter menus."""
    awards = list(db.session.scalars(select(Award)))
    return {
        "years": sorted({a.year for a in awards}, reverse=True),
        "bodies": sorted({a.localized("body", language) for a in awards if a.body_ar or a.body_en}),
        "recipients": sorted({a.localized("recipient", language) for a in awards if a.recipient_ar or a.recipient_en}),
    }


def edition_choices() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.number.desc())))


# ---------------------------------------------------------------- the programme


class NominationRefused(Exception):
    """The category does not take nominations now; `state` is 'not_open' or 'closed'."""

    def __init__(self, state: str, window: tuple[datetime | None, datetime | None]):
        super().__init__(state)
        self.state = state
        self.opens_at, self.closes_at = window


class JuryClosed(Exception):
    """The category's jury has closed: its scores and criteria no longer change."""


class ScoringRefused(Exception):
    """A score outside 0..the criterion's highest score, or for a criterion not in the category."""


def refuse_if_jury_closed(category: AwardCategory) -> None:
    if category.jury_closed_at is not None:
        raise JuryClosed()


def programme_for(edition: Edition) -> AwardProgramme | None:
    return db.session.scalar(select(AwardProgramme).where(AwardProgramme.edition_id == edition.id))


def ensure_programme(edition: Edition) -> AwardProgramme:
    programme = programme_for(edition)
    if programme is None:
        programme = AwardProgramme(edition_id=edition.id)
        db.session.add(programme)
        db.session.flush()
    return programme


def categories_of(edition: Edition) -> list[AwardCategory]:
    return list(
        db.session.scalars(
            select(AwardCategory).where(AwardCategory.edition_id == edition.id).order_by(AwardCategory.position, AwardCategory.id)
        )
    )


def nomination_window(category: AwardCategory) -> tuple[datetime | None, datetime | None]:
    """The category's own window when it has one, otherwise the programme's."""
    if category.nominations_open_at or category.nominations_close_at:
        return category.nominations_open_at, category.nominations_close_at
    programme = programme_for(category.edition)
    if programme is None:
        return None, None
    return programme.nominations_open_at, programme.nominations_close_at


def nomination_state(category: AwardCategory, now: datetime | None = None) -> str:
    """'open', 'not_open' or 'closed'. A category with no window at all takes no nominations."""
    now = now or utcnow()
    opens_at, closes_at = nomination_window(category)
    if opens_at is None and closes_at is None:
        return "closed"
    if opens_at and now < opens_at:
        return "not_open"
    if (closes_at and now >= closes_at) or category.jury_closed_at:
        return "closed"
    return "open"


def open_categories(edition: Edition, now: datetime | None = None) -> list[AwardCategory]:
    return [c for c in categories_of(edition) if nomination_state(c, now) == "open"]


NOMINATION_FIELDS = (
    "organization_ar", "organization_en", "title", "description", "contact_name", "contact_email", "contact_phone",
)


def submit_nomination(category: AwardCategory, data: dict, attachment_file: str | None = None) -> Nomination:
    """Record a nomination if the category's window is open now (the caller commits)."""
    state = nomination_state(category)
    if state != "open":
        raise NominationRefused(state, nomination_window(category))
    nomination = Nomination(
        category_id=category.id,
        attachment_file=attachment_file,
        **{name: (data.get(name) or "").strip() for name in NOMINATION_FIELDS},
    )
    db.session.add(nomination)
    db.session.flush()
    return nomination


# ---------------------------------------------------------------- the jury


def is_juror(user: User, category: AwardCategory) -> bool:
    return user.role == StaffRole.JURY and db.session.scalar(
        select(JuryAssignment.id).where(JuryAssignment.category_id == category.id, JuryAssignment.user_id == user.id)
    ) is not None


def juror_categories(user: User) -> list[AwardCategory]:
    return list(
        db.session.scalars(
            select(AwardCategory)
            .join(JuryAssignment, JuryAssignment.category_id == AwardCategory.id)
            .where(JuryAssignment.user_id == user.id)
            .order_by(AwardCategory.edition_id.desc(), AwardCategory.position, AwardCategory.id)
        )
    )


def jurors_of(category: AwardCategory) -> list[User]:
    return [a.user for a in sorted(category.jurors, key=lambda a: a.user.email)]


def set_jurors(category: AwardCategory, user_ids: set[int]) -> None:
    current = {a.user_id: a for a in category.jurors}
    for user_id, assignment in current.items():
        if user_id not in user_ids:
            category.jurors.remove(assignment)
    for user_id in user_ids - current.keys():
        category.jurors.append(JuryAssignment(user_id=user_id))
    audit.record("award_category.jurors", category, jurors=sorted(user_ids))


def scores_by(juror: User, nomination: Nomination) -> dict[int, int]:
    """criterion id -> this juror's score."""
    rows = db.session.scalars(
        select(JuryScore).where(JuryScore.nomination_id == nomination.id, JuryScore.juror_id == juror.id)
    )
    return {s.criterion_id: s.score for s in rows}


def visible_scores(viewer: User, nomination: Nomination) -> list[JuryScore]:
    """Every juror's scores once the jury has closed (or for organizers); before that only the viewer's own."""
    query = select(JuryScore).where(JuryScore.nomination_id == nomination.id).order_by(JuryScore.juror_id, JuryScore.criterion_id)
    if viewer.role == StaffRole.JURY and nomination.category.jury_closed_at is None:
        query = query.where(JuryScore.juror_id == viewer.id)
    return list(db.session.scalars(query))


def save_scores(juror: User, nomination: Nomination, given: dict[int, int]) -> None:
    """Store this juror's scores (only theirs) for the criteria given. The caller checked the assignment."""
    category = nomination.category
    refuse_if_jury_closed(category)
    criteria = {c.id: c for c in category.criteria}
    if any(cid not in criteria or not 0 <= score <= criteria[cid].max_score for cid, score in given.items()):
        raise ScoringRefused()
    existing = {
        s.criterion_id: s
        for s in db.session.scalars(
            select(JuryScore).where(JuryScore.nomination_id == nomination.id, JuryScore.juror_id == juror.id)
        )
    }
    for cid, score in given.items():
        if cid in existing:
            existing[cid].score = score
        else:
            db.session.add(JuryScore(nomination_id=nomination.id, criterion_id=cid, juror_id=juror.id, score=score))


def jury_progress(category: AwardCategory, juror: User) -> tuple[int, int]:
    """(nominations this juror scored on every criterion, nominations in the category)."""
    needed = len(category.criteria)
    done = 0
    for nomination in category.nominations:
        if needed and len(scores_by(juror, nomination)) >= needed:
            done += 1
    return done, len(category.nominations)


def close_jury(category: AwardCategory) -> None:
    category.jury_closed_at = category.jury_closed_at or utcnow()
    audit.record("award_category.close_jury", category)


def reopen_jury(category: AwardCategory) -> None:
    category.jury_closed_at = None
    audit.record("award_category.reopen_jury", category)


def category_ranking(category: AwardCategory) -> list[tuple[Nomination, Ranked]]:
    nominations = {n.id: n for n in category.nominations}
    criteria = [Criterion(c.id, c.weight, c.max_score) for c in category.criteria]
    scores = [
        Score(s.nomination_id, s.criterion_id, s.juror_id, s.score)
        for s in db.session.scalars(select(JuryScore).where(JuryScore.nomination_id.in_(list(nominations))))
    ] if nominations else []
    return [(nominations[r.entry_id], r) for r in rank_entries(list(nominations), criteria, scores)]


# ---------------------------------------------------------------- winners


def announce_winners(category: AwardCategory, nomination_ids: set[int]) -> list[Nomination]:
    """Mark the winners, make them public and issue their certificates (the caller commits)."""
    winners = [n for n in category.nominations if n.id in nomination_ids]
    for nomination in category.nominations:
        nomination.is_winner = nomination.id in nomination_ids
    category.announced_at = utcnow() if winners else None
    for nomination in winners:
        winner_certificate(nomination)
    audit.record("award_category.announce", category, winners=sorted(n.id for n in winners))
    return winners


def winner_certificate(nomination: Nomination) -> Certificate:
    category = nomination.category
    return issue_certificate(
        category.edition, CertificateKind.AWARD, f"nomination:{nomination.id}",
        holder_ar=nomination.organization_ar or nomination.organization_en,
        holder_en=nomination.organization_en or nomination.organization_ar,
        title_ar=f"الفائز بجائزة {category.name_ar or category.name_en}",
        title_en=f"Winner of the award for {category.name_en or category.name_ar}",
    )


def is_public_winner(nomination: Nomination) -> bool:
    return nomination.is_winner and nomination.category.announced_at is not None


def announced_winners(edition: Edition | None) -> list[tuple[AwardCategory, list[Nomination]]]:
    """Each announced category of the edition with its winners, in the programme's order."""
    if edition is None:
        return []
    result = []
    for category in categories_of(edition):
        if category.announced_at is None:
            continue
        winners = [n for n in category.nominations if n.is_winner]
        if winners:
            result.append((category, winners))
    return result


def add_criterion(category: AwardCategory, name_ar: str, name_en: str, weight: int, max_score: int) -> AwardCriterion:
    refuse_if_jury_closed(category)
    criterion = AwardCriterion(
        name_ar=name_ar.strip(), name_en=name_en.strip(), weight=weight, max_score=max_score,
        position=len(category.criteria),
    )
    category.criteria.append(criterion)
    db.session.flush()
    audit.record("award_criterion.create", criterion, category=category.id, weight=weight, max_score=max_score)
    return criterion


def delete_criterion(criterion: AwardCriterion) -> None:
    refuse_if_jury_closed(criterion.category)
    audit.record("award_criterion.delete", criterion, name_en=criterion.name_en)
    db.session.delete(criterion)
