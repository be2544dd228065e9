"""Badge layouts: single badges in common printer sizes and A4 sheets of several."""

from flask_babel import lazy_gettext as _l

LAYOUTS = {
    "id1": _l("ID-1 card (85.6 × 54 mm)"),
    "a6": _l("A6 (105 × 148 mm)"),
    "4x3in": _l("4 × 3 in label"),
    "4x6in": _l("4 × 6 in label"),
    "a4-4xa6": _l("A4 sheet, 4 × A6"),
    "a4-2x5": _l("A4 sheet, 2 × 5 cards of 90 × 54 mm"),
}
DEFAULT_LAYOUT = "a6"


def layout_choices():
    return [(name, label) for name, label in LAYOUTS.items()]
