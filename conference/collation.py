"""Sorting names and organizations the way a reader expects: the Unicode Collation Algorithm.

Code-point order puts every "أحمد" before "إبراهيم" and "العنود" after all the names in إ;
the Unicode Collation Algorithm (pyuca, with Unicode's default table of collation weights)
orders letters as the alphabet does. Its default table gives آ أ إ their own places before
ا, so names are first compared with the alef forms, taa marbuta and alef maqsura folded as a
dictionary does (the search folding), and the full key only breaks ties: a pick-up table
reads إبراهيم … أحمد … العنود … آمنة … بدر. A key is stored as bytes beside the text, so SQL
sorts and pages by it (bytes compare the same in SQLite and PostgreSQL).
"""

import struct
from functools import cache

from pyuca import Collator

from .search import fold

TIE = b"\x00\x00"  # lower than any weight: a shorter key sorts first


@cache
def _collator() -> Collator:
    return Collator()


def sort_key(text: str | None) -> bytes:
    """The collation key of `text` as bytes: the folded text's, then the text's own for ties."""
    text = (text or "").strip()
    return _weights(fold(text)) + TIE + _weights(text)


def _weights(text: str) -> bytes:
    return b"".join(struct.pack(">H", min(weight, 0xFFFF)) for weight in _collator().sort_key(text))


def sorted_by_name(items, key=lambda item: item):
    """`items` in collation order of `key(item)` (for lists sorted in Python)."""
    return sorted(items, key=lambda item: sort_key(key(item)))
