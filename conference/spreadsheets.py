"""Opening uploaded XLSX files safely: the zip is measured before openpyxl unpacks anything.

An .xlsx is a zip archive; a file of a few hundred kilobytes can declare members that unpack to
gigabytes (openpyxl keeps every shared string in memory). zipfile never reads more than a
member's declared size, so checking the declared sizes bounds what parsing can take.
"""

import io
import zipfile

from flask_babel import gettext as _

MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024


class SpreadsheetRefused(ValueError):
    """The file is not a spreadsheet we will open; the message says why, in the user's language."""


def check_xlsx(data: bytes) -> None:
    """Refuse a file that is not a zip, or that would unpack to more than the limits allow."""
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetRefused(_("This is not an Excel .xlsx file. Save the sheet as .xlsx or CSV."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetRefused(_("The Excel file could not be read. Open it in Excel and save it again as .xlsx.")) from exc
    too_big = _("The spreadsheet unpacks to more than its content needs. Save it again as a plain .xlsx file.")
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetRefused(too_big)
    if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        raise SpreadsheetRefused(too_big)
    for member in members:
        limit = MAX_SHARED_STRINGS_BYTES if member.filename.lower().endswith("sharedstrings.xml") else MAX_MEMBER_BYTES
        if member.file_size > limit:
            raise SpreadsheetRefused(too_big)


def open_xlsx(data: bytes):
    """A read-only openpyxl workbook of checked bytes (the caller closes it)."""
    from openpyxl import load_workbook

    check_xlsx(data)
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
