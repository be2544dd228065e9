"""Spreadsheets that unpack to far more than they weigh, built in memory a piece at a time."""

import io
import zipfile

from openpyxl import Workbook


def xlsx_bomb(shared_string_bytes: int, members: int = 0) -> bytes:
    """A real workbook whose shared strings table holds one string of the given size (and,
    optionally, many extra members), compressed to a few hundred kilobytes."""
    plain = io.BytesIO()
    Workbook().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1024 * 1024)
            for _ in range(shared_string_bytes // len(chunk)):
                strings.write(chunk)
            strings.write(b"</t></si></sst>")
        for n in range(members):
            bomb.writestr(f"xl/media/extra{n}.bin", b"")
    return out.getvalue()
