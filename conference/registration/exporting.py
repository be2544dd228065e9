"""Participant lists as CSV (UTF-8 with a byte-order mark, so Excel shows Arabic) or XLSX.

The column headers are the API's field names, so an exported file can be edited and
imported back: the import reads the editable columns and ignores the rest.
"""

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, select

from ..models import Edition, Participant, db

EDITABLE_COLUMNS = (
    "name_ar", "name_en", "email", "phone", "organization", "job_title",
    "sector", "city", "language", "category", "honorific",
)
READ_ONLY_COLUMNS = ("id", "status", "badge_number", "source", "created_at", "checked_in_at")
COLUMNS = ("id", *EDITABLE_COLUMNS, "status", "badge_number", "source", "created_at", "checked_in_at")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value, edition: Edition):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(edition.tz).isoformat(timespec="seconds")
    return value


def rows(edition: Edition, statement: Select):
    """One list of values per participant, in COLUMNS order, streamed in batches."""
    for participant in db.session.scalars(statement.execution_options(yield_per=500)):
        yield [_safe_text(_cell(getattr(participant, name), edition)) for name in COLUMNS]


def to_csv(edition: Edition, statement: Select) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(edition, statement))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(edition: Edition, statement: Select) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows(edition, statement):
        sheet.append(values)
    sheet.freeze_panes = "A2"
    widths = {"id": 8, "name_ar": 28, "name_en": 28, "email": 32, "phone": 16, "organization": 36, "job_title": 26,
              "created_at": 26, "checked_in_at": 26}
    for index, name in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = widths.get(name, 12)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_text(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (the import removes it)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_phone(value):
        return "'" + value
    return value


def _is_phone(value: str) -> bool:
    return value.startswith("+") and value[1:].isdigit()


def export(edition: Edition, statement: Select, fmt: str) -> bytes:
    return to_xlsx(edition, statement) if fmt == "xlsx" else to_csv(edition, statement)


def file_name(edition: Edition, fmt: str) -> str:
    return f"participants-edition-{edition.number}.{fmt}"


def all_participants(edition: Edition) -> Select:
    return select(Participant).where(Participant.edition_id == edition.id).order_by(Participant.id)
