"""Finding participants for the organizers' list, the API and exports: filters, sorting, pages.

Each page costs two indexed queries whatever the edition's size: one COUNT that loads no
rows, and one LIMIT/OFFSET query for the rows shown.
"""

from dataclasses import dataclass, field, fields
from math import ceil

from sqlalchemy import Select, func, select

from ..models import Edition, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus, Sector
from ..search import fold
from .service import search_condition

# Sort keys offered to organizers and API clients; each ends on the id so pages never overlap.
SORTS = {
    "name": (Participant.name_sort_key,),
    "name_en": (Participant.name_en, Participant.name_ar),
    "created": (Participant.created_at,),
    "organization": (Participant.organization_sort_key, Participant.name_sort_key),
    "status": (Participant.status, Participant.name_sort_key),
    "badge": (Participant.badge_number,),
}
DEFAULT_SORT = "created"
PER_PAGE_CHOICES = (25, 50, 100, 200)
DEFAULT_PER_PAGE = 50


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    sector: str = ""
    category: str = ""
    organization: str = ""
    checked_in: str = ""  # "yes", "no" or "" for either
    sort: str = DEFAULT_SORT
    direction: str = "desc"

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Filters from a query string; values that are not recognised are ignored."""

        def pick(name, allowed):
            value = (args.get(name) or "").strip()
            return value if value in allowed else ""

        return cls(
            q=(args.get("q") or "").strip()[:200],
            status=pick("status", RegistrationStatus.values()),
            sector=pick("sector", Sector.values()),
            category=pick("category", ParticipantCategory.values()),
            organization=(args.get("organization") or "").strip()[:200],
            checked_in=pick("checked_in", ("yes", "no")),
            sort=pick("sort", SORTS) or DEFAULT_SORT,
            direction="asc" if args.get("direction") == "asc" else "desc",
        )

    def as_args(self, **changes) -> dict:
        """The query-string arguments that reproduce these filters (defaults left out)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        defaults = Filters()
        return {k: v for k, v in values.items() if v and v != getattr(defaults, k, None)}

    @property
    def active(self) -> bool:
        return any((self.q, self.status, self.sector, self.category, self.organization, self.checked_in))


def filtered(edition: Edition, filters: Filters) -> Select:
    """Participants of an edition matching the filters, in the requested order."""
    statement = select(Participant).where(Participant.edition_id == edition.id)
    if filters.q and (condition := search_condition(filters.q)) is not None:
        statement = statement.where(condition)
    for name in ("status", "sector", "category"):
        if value := getattr(filters, name):
            statement = statement.where(getattr(Participant, name) == value)
    if filters.organization:
        statement = statement.where(Participant.organization_key == fold(filters.organization))
    if filters.checked_in == "yes":
        statement = statement.where(Participant.checked_in_at.is_not(None))
    elif filters.checked_in == "no":
        statement = statement.where(Participant.checked_in_at.is_(None))
    columns = (*SORTS[filters.sort], Participant.id)
    order = [c.asc() if filters.direction == "asc" else c.desc() for c in columns]
    return statement.order_by(*order)


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def paginate(statement: Select, page: int, per_page: int) -> Page:
    """One COUNT without loading rows, then only the rows of the page."""
    per_page = per_page if per_page in PER_PAGE_CHOICES else DEFAULT_PER_PAGE
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = max(ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


def organizations(edition: Edition, limit: int = 500) -> list[str]:
    """The organizations named in an edition, for the filter's suggestions."""
    return list(
        db.session.scalars(
            select(Participant.organization)
            .where(Participant.edition_id == edition.id, Participant.organization != "")
            .group_by(Participant.organization, Participant.organization_sort_key)
            .order_by(Participant.organization_sort_key)
            .limit(limit)
        )
    )
