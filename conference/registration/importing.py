"""Importing invitees from CSV or XLSX: read, check every row, preview, then apply.

Rows are checked with the same rules as the public form (validation.clean_registration,
source "import"), and new people are registered through register_participant, so seats
are counted by the one seat rule. A row whose email is already registered in the edition
is skipped or updated, as the organizer chooses. A dry run is the plan without applying it.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from functools import cache

from babel.lists import format_list
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..i18n import current_language, isolated
from ..models import Edition, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationSource, Sector
from ..search import fold
from ..spreadsheets import SpreadsheetRefused, open_xlsx
from .exporting import COLUMNS, EDITABLE_COLUMNS
from .service import DuplicateRegistration, EditionFull, register_participant, update_details
from .validation import HONORIFIC_LABELS, clean_registration

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
EXTENSIONS = ("csv", "xlsx")
DUPLICATE_CHOICES = ("skip", "update")
UPDATABLE_FIELDS = EDITABLE_COLUMNS


class ImportFileError(ValueError):
    """The file cannot be read as a participant list; the message says why, in the user's language."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict]]  # (spreadsheet row number, {column: text})

    @property
    def unknown_columns(self) -> list[str]:
        return [c for c in self.columns if c not in COLUMNS]

    @property
    def ignored_columns(self) -> list[str]:
        return [c for c in self.columns if c in COLUMNS and c not in EDITABLE_COLUMNS]


@dataclass
class RowResult:
    line: int
    action: str  # create, update, skip, error
    data: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    participant_id: int | None = None
    raw: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.data.get("name_ar") or self.data.get("name_en") or self.raw.get("name_ar") or self.raw.get("name_en") or ""

    @property
    def email(self) -> str:
        return self.data.get("email") or self.raw.get("email", "")


@dataclass
class ImportPlan:
    table: Table
    on_duplicate: str
    rows: list[RowResult]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict:
        return {a: self.count(a) for a in ("create", "update", "skip", "error")}

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "error"]


# ---- reading files -------------------------------------------------------------------


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_table(filename: str, content: bytes) -> Table:
    """The header and rows of an uploaded CSV or XLSX file, or ImportFileError."""
    ext = extension_of(filename or "")
    if ext not in EXTENSIONS:
        raise ImportFileError(_("Choose a CSV or Excel (.xlsx) file."))
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("The file is too large (at most %(mb)d MB).", mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
    grid = _xlsx_grid(content) if ext == "xlsx" else _csv_grid(content)
    header_index = next((i for i, cells in enumerate(grid) if any(cells)), None)
    if header_index is None:
        raise ImportFileError(_("The file is empty."))
    columns = [_column_name(c) for c in grid[header_index]]
    if "email" not in columns or not ({"name_ar", "name_en"} & set(columns)):
        raise ImportFileError(
            _("The first row must name the columns: at least email and name_ar or name_en. "
              "Export the participant list to see the expected columns.")
        )
    rows = []
    for offset, cells in enumerate(grid[header_index + 1:], start=header_index + 2):
        if not any(cells):
            continue
        rows.append((offset, {name: _text(cells[i]) if i < len(cells) else ""
                              for i, name in enumerate(columns) if name}))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)d rows; split it into smaller files.", max=MAX_ROWS))
    return Table([c for c in columns if c], rows)


def _column_name(value) -> str:
    return _text(value).strip().lower().replace(" ", "_").replace("-", "_")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into Excel comes back as 966501234567.0
    text = str(value).strip()
    if text[:2] in ("'=", "'+", "'-", "'@"):
        text = text[1:]  # the export's guard against formulas
    return text


def _csv_grid(content: bytes) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This does not look like a CSV file. Save the sheet as CSV UTF-8 or as .xlsx."))
    for encoding in ("utf-8-sig", "cp1256"):  # Excel on Arabic Windows saves plain CSV as cp1256
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file's text encoding is not recognised. Save it as CSV UTF-8."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(problem)s", problem=str(exc))) from exc


def _xlsx_grid(content: bytes) -> list[list]:
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = open_xlsx(content)
        try:
            sheet = workbook.worksheets[0]
            grid = []
            for row in sheet.iter_rows(values_only=True):
                grid.append(list(row))
                if len(grid) > MAX_ROWS + 100:
                    break
            return grid
        finally:
            workbook.close()
    except SpreadsheetRefused as refusal:
        raise ImportFileError(str(refusal)) from refusal
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, IndexError) as exc:
        raise ImportFileError(_("The Excel file could not be read. Open it in Excel and save it again as .xlsx.")) from exc


# ---- checking rows -------------------------------------------------------------------


def plan_import(edition: Edition, table: Table, on_duplicate: str = "skip") -> ImportPlan:
    """What importing the table would do to each row. Changes nothing."""
    on_duplicate = on_duplicate if on_duplicate in DUPLICATE_CHOICES else "skip"
    existing = dict(
        db.session.execute(
            select(func.lower(Participant.email), Participant.id).where(
                Participant.edition_id == edition.id, Participant.email.is_not(None)
            )
        ).all()
    )
    seen: dict[str, int] = {}
    results = []
    for line, raw in table.rows:
        result = _check_row(line, raw)
        if result.action != "error":
            key = result.data["email"].lower()
            if key in seen:
                result.action = "error"
                result.errors["email"] = _("This email is already on row %(row)d of the file.", row=seen[key])
            else:
                seen[key] = line
                if key in existing:
                    result.participant_id = existing[key]
                    result.action = on_duplicate
        results.append(result)
    return ImportPlan(table, on_duplicate, results)


def _check_row(line: int, raw: dict) -> RowResult:
    values = {name: raw.get(name, "") for name in EDITABLE_COLUMNS}
    values.setdefault("category", "")
    closed_errors = {}
    for column in CLOSED_COLUMNS:
        key = closed_value(column, values[column])
        if key is None:
            closed_errors[column] = not_allowed(column, values[column])
        values[column] = key or ""
    category = values.pop("category") or "participant"
    cleaned, errors = clean_registration(values, source=RegistrationSource.IMPORT)
    errors.update(closed_errors)
    if errors:
        return RowResult(line, "error", errors=errors, raw=raw)
    cleaned.pop("consent", None)
    return RowResult(line, "create", data={**cleaned, "category": category}, raw=raw)


# ---- closed lists: a key, or its name in Arabic or English ----------------------------

CLOSED_COLUMNS = {
    "sector": Sector.labels(),
    "category": ParticipantCategory.labels(),
    "language": {"ar": _l("Arabic"), "en": _l("English")},
    "honorific": HONORIFIC_LABELS,
}
# Words people type that are not exactly a label.
ALIASES = {
    "sector": {"government": ("حكومة", "القطاع الحكومي", "gov"), "private": ("خاص", "قطاع خاص", "private"),
               "academic": ("جامعة", "تعليمي", "academia"), "non_profit": ("غير ربحي", "خيري", "nonprofit", "ngo"),
               "media": ("اعلام",), "other": ("اخر", "أخرى", "other")},
    "language": {"ar": ("العربية", "عربي", "arabic"), "en": ("الإنجليزية", "الانجليزية", "إنجليزي", "english")},
    "honorific": {"dr": ("د", "دكتور", "دكتورة"), "eng": ("م", "مهندس", "مهندسة"), "prof": ("أ.د", "ا.د", "بروفيسور"),
                  "mr": ("السيد", "الأستاذ"), "ms": ("السيدة", "الأستاذة")},
}


@cache  # the labels are fixed for the life of the process
def _spellings(column: str) -> dict[str, str]:
    """Every accepted spelling of the column's values, folded, mapped to its key."""
    spellings = {}
    for key, arabic, english in allowed_values(column):
        names = [key, key.replace("_", "-"), key.replace("_", " "), *ALIASES.get(column, {}).get(key, ())]
        for text in (arabic, english):
            names += [text, text.split(" (")[0], *text.partition("(")[2].rstrip(")").split("/")]
        spellings.update({fold(name).rstrip("."): key for name in names if name.strip()})
    return spellings


def closed_value(column: str, text: str) -> str | None:
    """The key of a closed-list value written as its key or its name in either language;
    "" for an empty cell (the default applies), None for a value not on the list."""
    if not (text or "").strip():
        return ""
    return _spellings(column).get(fold(text).rstrip("."))


def allowed_values(column: str) -> list[tuple[str, str, str]]:
    """(key, Arabic name, English name) of each allowed value, for the template and the messages."""
    rows = []
    for key, label in CLOSED_COLUMNS[column].items():
        with force_locale("ar"):
            arabic = str(label)
        with force_locale("en"):
            english = str(label)
        rows.append((key, arabic, english))
    return rows


def not_allowed(column: str, value: str) -> str:
    names = [isolated(str(label)) for label in CLOSED_COLUMNS[column].values()]
    return _("%(value)s is not on the list. Write one of: %(allowed)s.", value=isolated(f"“{value.strip()}”"),
             allowed=format_list(names, style="or", locale=current_language()))


# ---- applying ------------------------------------------------------------------------


def apply_import(edition: Edition, plan: ImportPlan, *, notify: bool = False, file_name: str = "") -> dict:
    """Create and update as planned; the caller commits. Returns the counts of what happened."""
    created = updated = 0
    for result in plan.rows:
        if result.action == "create":
            try:
                outcome = register_participant(edition, result.data, source=RegistrationSource.IMPORT, check_window=False, notify=notify)
            except DuplicateRegistration:
                result.action = "skip"
                continue
            except EditionFull:
                result.action = "error"
                result.errors["status"] = _("The edition is full and has no waitlist.")
                continue
            result.participant_id = outcome.participant.id
            created += 1
            if not notify:
                # Saved already (flushed); dropping it from the session keeps each autoflush short.
                db.session.expunge(outcome.participant)
        elif result.action == "update":
            participant = db.session.get(Participant, result.participant_id)
            update_details(participant, {name: result.data[name] for name in UPDATABLE_FIELDS})
            updated += 1
    counts = plan.counts
    audit.record("participants.import", edition, file=file_name, created=created, updated=updated,
                 skipped=counts["skip"], errors=counts["error"], notify=notify)
    return counts


# ---- the template organizers fill in -----------------------------------------------

TEMPLATE_EXAMPLE = {
    "name_ar": "أحمد محمد الغامدي", "name_en": "Ahmed Mohammed Alghamdi", "email": "ahmed@example.org",
    "phone": "0501234567", "organization": "أمانة محافظة جدة", "job_title": "مهندس", "sector": "government",
    "city": "جدة", "language": "ar", "category": "participant", "honorific": "eng",
}


def _example_row() -> list[str]:
    """One filled row, closed lists written by name in the organizer's language (both are accepted)."""
    names = {column: {key: (ar if current_language() == "ar" else en) for key, ar, en in allowed_values(column)}
             for column in CLOSED_COLUMNS}
    return [names[c][TEMPLATE_EXAMPLE[c]] if c in names else TEMPLATE_EXAMPLE[c] for c in EDITABLE_COLUMNS]


def template_file(fmt: str) -> bytes:
    """An empty participant list with the import's columns, one example row and, in Excel, the
    allowed values of each closed list as a drop-down and on a second sheet."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows([EDITABLE_COLUMNS, _example_row()])
        return buffer.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(list(EDITABLE_COLUMNS))
    sheet.append(_example_row())
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    allowed = workbook.create_sheet("allowed values")
    allowed.append([_("Column"), _("Value"), _("In Arabic"), _("In English")])
    for column in CLOSED_COLUMNS:
        rows = allowed_values(column)
        allowed.append([column, *rows[0]])
        for row in rows[1:]:
            allowed.append(["", *row])
        letter = sheet.cell(row=1, column=EDITABLE_COLUMNS.index(column) + 1).column_letter
        names = [ar if current_language() == "ar" else en for _key, ar, en in rows]
        # A suggestion, not a lock: keys and the other language's names are accepted too.
        choice = DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=True, showErrorMessage=False)
        sheet.add_data_validation(choice)
        choice.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
