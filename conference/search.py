"""Spelling-tolerant search keys: أحمد = احمد = إحمد, فاطمة = فاطمه, مصطفى = مصطفي, no diacritics."""

import re
import unicodedata

_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ة": "ه",
        "ى": "ي", "ئ": "ي",
        "ؤ": "و",
        "ـ": None,  # tatweel
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
        "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    }
)
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """A lowercase key with Arabic letter variants and all diacritics folded away."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLDS).casefold()
    return _SPACES.sub(" ", folded).strip()


def search_key(*parts: str | None) -> str:
    """The folded text a record is found by (names, organization, email, phone)."""
    return " | ".join(fold(p) for p in parts if p)
