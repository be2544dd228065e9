"""Give a string the same Arabic text in every area's catalog (catalogs are merged at run time).

    .venv/bin/python scripts/po_canon.py table.py [area ...]

table.py defines CANON = {msgid: translation}. Prints each change.
"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "conference"


def main(table_path: str, *areas: str) -> None:
    canon = runpy.run_path(table_path)["CANON"]
    for po in sorted(ROOT.glob("**/translations/ar/LC_MESSAGES/messages.po")):
        area = po.relative_to(ROOT).parts[0]
        if areas and area not in areas:
            continue
        with open(po, "rb") as handle:
            catalog = read_po(handle)
        changed = False
        for message in catalog:
            if message.id in canon and message.string != canon[message.id]:
                print(f"{area}: {message.id!r}: {message.string!r} -> {canon[message.id]!r}")
                message.string = canon[message.id]
                changed = True
        if changed:
            with open(po, "wb") as handle:
                write_po(handle, catalog, sort_output=True, no_location=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
