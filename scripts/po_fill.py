"""Fill empty msgstr entries of a .po file from a Python dict (msgid -> translation).

    .venv/bin/python scripts/po_fill.py conference/translations/ar/LC_MESSAGES/messages.po translations.py

The second file defines a dict named AR. Prints the msgids still untranslated.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, table_path: str) -> int:
    table = runpy.run_path(table_path)["AR"]
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not message.string and message.id in table:
            message.string = table[message.id]
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
