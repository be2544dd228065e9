"""Fitting a name into a box: the whole name, always, at the largest size that fits.

A name is cut into lines on the server, at spaces only, and never between a particle and the
name it belongs to ("آل سعود", "بن محمد", "أبو بكر", "عبد الله", "Al Saud", "bin Salman"):
those spaces are joined first. The type shrinks step by step until every line fits the width
and the lines fit the allowed count; there is no ellipsis and no clamp, so no word is ever
dropped. Widths come from the glyph advances of the fonts the PDF uses, letter by letter and
unshaped: joined Arabic letters are narrower than the isolated ones measured, so the estimate
errs on the wide side.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..fonts import ARABIC_FAMILY, LATIN_FAMILY, pdf_font_files

PT_MM = 25.4 / 72
NO_BREAK = "\u00a0"
# A particle is printed on the same line as the word after it.
PARTICLES = {"آل", "ال", "بن", "بنت", "ابن", "أبو", "ابو", "أبا", "أم", "ام", "عبد", "ذو",
             "al", "al-", "el", "bin", "bint", "ibn", "abu", "abd", "abdul", "bu", "umm", "van", "von", "de", "di"}
SHRINK_STEP = 0.96
SAFETY = 0.94  # of the box width: room for kerning and the odd wider shaped letter


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: float  # points


def join_particles(text: str) -> list[str]:
    """The words of a name, each particle glued to the word after it by a no-break space."""
    words = text.split()
    units: list[str] = []
    for word in words:
        if units and units[-1].split(NO_BREAK)[-1].casefold() in PARTICLES:
            units[-1] = f"{units[-1]}{NO_BREAK}{word}"
        else:
            units.append(word)
    return units


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufefc"


@cache
def _advances(family: str, weight: int) -> tuple[dict[int, float], float]:
    """Advance of each character as a fraction of the em, and the widest, for one PDF font."""
    from fontTools.ttLib import TTFont

    for fam, wght, path in pdf_font_files().values():
        if fam == family and wght == weight:
            font = TTFont(path, lazy=True)
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            advances = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
            return advances, max(advances.values(), default=1.0)
    return {}, 0.7


def _font_for(char: str) -> str:
    return ARABIC_FAMILY if _is_arabic(char) else LATIN_FAMILY


def text_width_mm(text: str, size_pt: float, bold: bool = True) -> float:
    """How wide `text` is at `size_pt`, in millimetres (unshaped; see the module notes)."""
    return _ems(text, 700 if bold else 400) * size_pt * PT_MM


@lru_cache(maxsize=4096)
def _ems(text: str, weight: int) -> float:
    """The width of `text` in ems: widths scale with the size, so each text is measured once."""
    ems = 0.0
    for char in text:
        advances, widest = _advances(_font_for(char), weight)
        ems += advances.get(ord(char), advances.get(ord(" "), widest) if char == NO_BREAK else widest)
    return ems


def wrap(units: list[str], width_mm: float, size_pt: float, bold: bool) -> list[str] | None:
    """Greedy lines of whole units at one size, or None if a single unit is wider than the box."""
    lines: list[str] = []
    for unit in units:
        if text_width_mm(unit, size_pt, bold) > width_mm:
            return None
        candidate = f"{lines[-1]} {unit}" if lines else unit
        if lines and text_width_mm(candidate, size_pt, bold) <= width_mm:
            lines[-1] = candidate
        else:
            lines.append(unit)
    return lines


def fit(text: str, width_mm: float, largest: float, max_lines: int, bold: bool = True,
        one_line_down_to: float = 0.75) -> Fitted:
    """The whole of `text` in at most `max_lines` lines of `width_mm`, as large as possible.

    One line is kept while it needs no more shrinking than `one_line_down_to` of the largest
    size; past that the name wraps (two lines at a good size read better than one tiny line),
    and shrinks further until its lines fit, however long the name.
    """
    units = join_particles(re.sub(r"\s+", " ", text).strip())
    width = width_mm * SAFETY
    return (_largest_fitting(units, width, largest, smallest=largest * one_line_down_to, max_lines=1, bold=bold)
            or _largest_fitting(units, width, largest, smallest=0.5, max_lines=max_lines, bold=bold)
            or Fitted((NO_BREAK.join(units),), 0.5))


def _largest_fitting(units, width, largest, *, smallest, max_lines, bold) -> Fitted | None:
    size = largest
    while size >= smallest:
        lines = wrap(units, width, size, bold)
        if lines is not None and len(lines) <= max_lines:
            return Fitted(tuple(lines), round(size, 2))
        size *= SHRINK_STEP
    return None


def height_mm(fitted: Fitted, line_height: float) -> float:
    return len(fitted.lines) * fitted.size * PT_MM * line_height
