"""Badge layouts: single badges in common printer sizes and A4 sheets of several.

Every size is in millimetres. A layout places `columns × rows` badge cells of one size on a
page; single-badge layouts are a page the size of the badge. Sheets add crop marks on the
cut lines, in the page margin.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

LAYOUTS = {
    "id1": _l("ID-1 card (85.6 × 54 mm)"),
    "a6": _l("A6 (105 × 148 mm)"),
    "4x3in": _l("4 × 3 in label"),
    "4x6in": _l("4 × 6 in label"),
    "a4-4xa6": _l("A4 sheet, 4 × A6"),
    "a4-2x5": _l("A4 sheet, 2 × 5 cards of 90 × 54 mm"),
    "62mm": _l("62 mm continuous label, cut at 100 mm (Brother QL)"),
    "4x2.4in": _l("4 × 2.4 in label"),
}
DEFAULT_LAYOUT = "a6"

INCH = 25.4
CROP_MARK = 5  # length of a crop mark, mm


@dataclass(frozen=True)
class Geometry:
    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int = 1
    rows: int = 1

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.per_page > 1

    @property
    def shape(self) -> str:
        """'card' (landscape: text beside the QR code) or 'tall' (QR code under the names)."""
        return "card" if self.badge_width > self.badge_height else "tall"

    @property
    def margin_x(self) -> float:
        return (self.page_width - self.columns * self.badge_width) / 2

    @property
    def margin_y(self) -> float:
        return (self.page_height - self.rows * self.badge_height) / 2

    def cells(self) -> list[tuple[float, float]]:
        """Top-left corner of each badge on a page, row by row (reading order, right to left)."""
        return [
            (self.margin_x + (self.columns - 1 - column) * self.badge_width, self.margin_y + row * self.badge_height)
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """(x, y, width, height) of thin lines on every cut line, drawn only in the page margin."""
        if not self.is_sheet:
            return []
        marks = []
        mark_x = max(min(CROP_MARK, self.margin_x - 1), 2)
        mark_y = max(min(CROP_MARK, self.margin_y - 1), 2)
        for column in range(self.columns + 1):
            x = self.margin_x + column * self.badge_width
            marks.append((x, 0, 0, mark_y))
            marks.append((x, self.page_height - mark_y, 0, mark_y))
        for row in range(self.rows + 1):
            y = self.margin_y + row * self.badge_height
            marks.append((0, y, mark_x, 0))
            marks.append((self.page_width - mark_x, y, mark_x, 0))
        return marks


GEOMETRY = {
    "id1": Geometry(85.6, 54, 85.6, 54),
    "a6": Geometry(105, 148, 105, 148),
    "4x3in": Geometry(4 * INCH, 3 * INCH, 4 * INCH, 3 * INCH),
    "4x6in": Geometry(4 * INCH, 6 * INCH, 4 * INCH, 6 * INCH),
    "a4-4xa6": Geometry(210, 297, 105, 148, columns=2, rows=2),
    "a4-2x5": Geometry(210, 297, 90, 54, columns=2, rows=5),
    "62mm": Geometry(62, 100, 62, 100),
    "4x2.4in": Geometry(4 * INCH, 2.4 * INCH, 4 * INCH, 2.4 * INCH),
}

# The IPP `media` keyword (PWG 5101.1 self-describing name) of each layout's paper, sent with
# a direct print when the printer lists it in media-supported.
IPP_MEDIA = {
    "id1": "om_id-1-card_54x85.6mm",
    "a6": "iso_a6_105x148mm",
    "4x3in": "oe_4x3-label_4x3in",
    "4x6in": "na_index-4x6_4x6in",
    "a4-4xa6": "iso_a4_210x297mm",
    "a4-2x5": "iso_a4_210x297mm",
    "62mm": "roll_current_62x100mm",
    "4x2.4in": "oe_4x2.4-label_4x2.4in",
}


def layout_choices():
    return [(name, label) for name, label in LAYOUTS.items()]


def geometry(name: str) -> Geometry:
    return GEOMETRY[name if name in GEOMETRY else DEFAULT_LAYOUT]
