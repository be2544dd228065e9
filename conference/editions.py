"""Edition rules: what can be changed, how a new edition starts, how one is shown to the API."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update

from . import audit
from .models import Edition, db
from .models.identity import FaqEntry, Partner

EDITABLE_FIELDS = (
    "number", "year", "title_ar", "title_en", "theme_ar", "theme_en", "venue_ar", "venue_en",
    "city_ar", "city_en", "patron_ar", "patron_en", "starts_on", "ends_on", "timezone",
    "capacity", "waitlist_enabled", "approval_required", "registration_opens_at",
    "registration_closes_at", "badge_layout",
)


class EditionError(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__("invalid edition")
        self.fields = fields


def local_to_utc(value: datetime | None, tz: str) -> datetime | None:
    """A wall-clock time at the venue, as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return value.astimezone(ZoneInfo("UTC"))


def utc_to_local_naive(value: datetime | None, tz: str) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def check_edition(values: dict) -> dict[str, str]:
    """Field errors for a complete set of edition values (untranslated keys for the API)."""
    errors = {}
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError, KeyError):
        errors["timezone"] = "unknown time zone"
    if values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = "ends before it starts"
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = "closes before it opens"
    if values["capacity"] < 1:
        errors["capacity"] = "must be at least 1"
    return errors


def apply_changes(edition: Edition, changes: dict) -> dict:
    """Apply validated changes, audit them, and return what changed as {field: [old, new]}."""
    values = {f: getattr(edition, f) for f in EDITABLE_FIELDS} | changes
    if errors := check_edition(values):
        raise EditionError(errors)
    diff = audit.update("edition.update", edition, changes)
    if "capacity" in diff and diff["capacity"][1] > diff["capacity"][0]:
        from .registration.service import fill_free_seats

        fill_free_seats(edition)  # the waitlist takes the new seats and is emailed
    return diff


def start_new_edition(values: dict) -> Edition:
    """Create the next edition and make it current; the previous one joins the archive."""
    if errors := check_edition(values):
        raise EditionError(errors)
    db.session.execute(update(Edition).values(is_current=False))
    db.session.flush()
    edition = Edition(**values, is_current=True)
    db.session.add(edition)
    db.session.flush()
    audit.record("edition.create", edition, number=edition.number, year=edition.year)
    return edition


def carry_over_showcase(previous: Edition, edition: Edition) -> int:
    """Copy the previous edition's partners and FAQ into the new one, as a start the organizers
    then edit (the logos are shared: stored images are never deleted)."""
    copied = 0
    for model in (Partner, FaqEntry):
        columns = [c.key for c in model.__table__.columns if c.key not in ("id", "edition_id")]
        for row in db.session.scalars(select(model).where(model.edition_id == previous.id).order_by(model.id)):
            db.session.add(model(edition_id=edition.id, **{c: getattr(row, c) for c in columns}))
            copied += 1
    if copied:
        audit.record("edition.carry_over", edition, from_number=previous.number, rows=copied)
    return copied


def edition_to_dict(edition: Edition) -> dict:
    def plain(value):
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, (date, time)):
            return value.isoformat()
        return value

    data = {"id": edition.id} | {f: plain(getattr(edition, f)) for f in EDITABLE_FIELDS}
    data.update(
        seats_taken=edition.seats_taken,
        seats_left=edition.seats_left,
        registration_state=edition.registration_state(),
        is_current=edition.is_current,
    )
    return data
