"""The catalogs of all areas are merged at run time: one English string must mean one Arabic text."""

from collections import defaultdict

from babel.messages.pofile import read_po

from conference.config import PACKAGE_DIR


def test_no_string_is_translated_two_ways_across_areas():
    seen = defaultdict(dict)
    for po in sorted(PACKAGE_DIR.glob("**/translations/ar/LC_MESSAGES/messages.po")):
        with open(po, "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    seen[str(message.id)][str(po.relative_to(PACKAGE_DIR).parts[0])] = message.string
    clashes = {msgid: areas for msgid, areas in seen.items() if len({str(v) for v in areas.values()}) > 1}
    assert not clashes, "\n".join(f"{msgid!r}: {areas}" for msgid, areas in sorted(clashes.items()))
