"""Import recognitions from an XLSX sheet: good rows are saved, bad rows are reported and skipped.

The first row holds the column names (the API's field names): name_ar, name_en, body_ar,
body_en, level, year, recipient_ar, recipient_en, category_ar, category_en, description_ar,
description_en, edition (an edition number, optional). `level` may be written in English or
Arabic (international/دولي, regional/إقليمي, local/محلي).
"""

from dataclasses import dataclass, field
from zipfile import BadZipFile

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..models import Edition, db
from ..models.awards import Award
from ..spreadsheets import SpreadsheetRefused, open_xlsx

COLUMNS = (
    "name_ar", "name_en", "body_ar", "body_en", "level", "year", "recipient_ar", "recipient_en",
    "category_ar", "category_en", "description_ar", "description_en", "edition",
)
TEXT_LIMITS = {"name": 300, "body": 300, "recipient": 300, "category": 200, "description": 3000}
LEVEL_WORDS = {
    "international": "international", "دولي": "international", "دولية": "international", "اعتماد دولي": "international",
    "regional": "regional", "إقليمي": "regional", "إقليمية": "regional", "اقليمي": "regional",
    "local": "local", "محلي": "local", "محلية": "local",
}
MAX_ROWS = 5000


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)
    file_error: str = ""


def import_awards(data: bytes) -> ImportResult:
    """Read the sheet and add its valid rows (the caller commits)."""
    result = ImportResult()
    try:
        workbook = open_xlsx(data)
    except SpreadsheetRefused as refusal:
        result.file_error = str(refusal)
        return result
    except (BadZipFile, KeyError, ValueError, OSError):
        result.file_error = _("This is not an XLSX spreadsheet.")
        return result
    rows = workbook.active.iter_rows(values_only=True)
    header = [str(c or "").strip().lower() for c in next(rows, ())]
    missing = [c for c in ("level", "year") if c not in header]
    if missing or not ({"name_ar", "name_en"} & set(header)):
        result.file_error = _("The first row must name the columns: %(columns)s.", columns=", ".join(COLUMNS))
        return result
    editions = {e.number: e.id for e in db.session.scalars(select(Edition))}
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            result.errors.append((number, _("Only the first %(count)s rows are read.", count=MAX_ROWS)))
            break
        record = {name: values[i] for i, name in enumerate(header) if name in COLUMNS and i < len(values)}
        if all(v in (None, "") for v in record.values()):
            continue
        award, message = _award_from_row(record, editions)
        if message:
            result.errors.append((number, message))
        else:
            db.session.add(award)
            result.saved += 1
    if result.saved:
        audit.record("award.import", None, saved=result.saved, rejected=len(result.errors))
    return result


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value).strip()


def _award_from_row(record: dict, editions: dict[int, int]) -> tuple[Award | None, str]:
    values = {name: _text(record, name) for name in COLUMNS if name not in ("level", "year", "edition")}
    for prefix, limit in TEXT_LIMITS.items():
        for lang in ("ar", "en"):
            if len(values[f"{prefix}_{lang}"]) > limit:
                return None, _("%(column)s is longer than %(limit)s characters.", column=f"{prefix}_{lang}", limit=limit)
    if not (values["name_ar"] or values["name_en"]):
        return None, _("The award's name is missing (name_ar or name_en).")
    if not (values["recipient_ar"] or values["recipient_en"]):
        return None, _("The recipient organization is missing (recipient_ar or recipient_en).")
    if not (values["body_ar"] or values["body_en"]):
        return None, _("The granting body is missing (body_ar or body_en).")
    level = LEVEL_WORDS.get(_text(record, "level").lower())
    if level is None:
        return None, _("The level must be international, regional or local.")
    try:
        year = int(float(_text(record, "year")))
    except ValueError:
        year = 0
    if not 1950 <= year <= 2100:
        return None, _("The year must be a number such as 2024.")
    edition_id = None
    if edition_text := _text(record, "edition"):
        try:
            edition_id = editions.get(int(float(edition_text)))
        except ValueError:
            edition_id = None
        if edition_id is None:
            return None, _("There is no edition number %(number)s.", number=edition_text)
    return Award(level=level, year=year, edition_id=edition_id, **values), ""
