"""What a badge shows, and the HTML of a batch of badges in one layout.

Everything printed is decided here on the server: which names, their direction and
language, their size (long names shrink, then wrap to two lines), the category band.
The HTML goes to conference.pdf for rendering; nothing in it is fetched.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..i18n import text_direction
from ..models import Edition, Participant
from ..qr import qr_svg
from ..registration.listing import CATEGORY_LABELS
from .layouts import Geometry, geometry

QR_SIZE_MM = 30  # about 30 mm wide, quiet zone included: reads well from a hand scanner

CATEGORY_COLORS = {
    "participant": "#0b6e4f",
    "speaker": "#6a1b9a",
    "vip": "#a67c00",
    "media": "#b3261e",
    "organizer": "#1d4e89",
    "exhibitor": "#c2410c",
}

PT_MM = 25.4 / 72
# Average advance of a bold letter, in em: what the fitting below assumes per character.
AVERAGE_ADVANCE = {"rtl": 0.58, "ltr": 0.60}
ONE_LINE_SHRINK = 0.7
WRAP_SLACK = 0.8  # two wrapped lines never fill completely: words break where they break


@dataclass(frozen=True)
class TextLine:
    text: str
    dir: str
    lang: str
    size: float = 0  # points; 0 means the style sheet's size


@dataclass(frozen=True)
class Badge:
    names: tuple[TextLine, ...]  # the first one is printed large
    organization: TextLine | None
    category: str
    label_ar: str
    label_en: str
    color: str
    number: str
    qr: str


@dataclass(frozen=True)
class Style:
    """Type sizes and boxes of one badge shape, scaled to the badge size."""

    scale: float
    text_width: float  # mm available to a name
    primary: tuple[float, float]  # max, min points of the large name
    secondary: tuple[float, float]
    organization: float


def badge_style(g: Geometry) -> Style:
    if g.shape == "card":
        scale = min(g.badge_width / 85.6, g.badge_height / 54)
        padding = 3 * scale
        return Style(scale, g.badge_width - 2 * padding - QR_SIZE_MM - 3, (15 * scale, 8.5 * scale),
                     (11 * scale, 7 * scale), 7 * scale)
    scale = min(g.badge_width / 105, g.badge_height / 148)
    return Style(scale, g.badge_width - 12 * scale, (26 * scale, 14 * scale), (18 * scale, 10 * scale), 12 * scale)


def fitted_size(text: str, width_mm: float, largest: float, smallest: float) -> float:
    """The type size (points) for a name: one line, shrunk down to 70 % of `largest` if need be;
    else two lines at the size that fits them, never below `smallest`.

    Beyond two lines at the smallest size the style sheet clamps the name to two lines.
    """
    advance = AVERAGE_ADVANCE[text_direction(text)] * PT_MM * max(len(text), 1)
    one_line = width_mm / advance
    if one_line >= ONE_LINE_SHRINK * largest:
        return round(min(largest, one_line), 1)
    two_lines = 2 * width_mm * WRAP_SLACK / advance
    return round(max(smallest, min(largest, two_lines)), 1)


def _line(text: str, size: float = 0) -> TextLine:
    direction = text_direction(text)
    return TextLine(text, direction, "ar" if direction == "rtl" else "en", size)


def in_both_languages(text) -> tuple[str, str]:
    """A translatable string in Arabic and in English, whatever the reader's language."""
    with force_locale("ar"):
        arabic = str(text)
    with force_locale("en"):
        english = str(text)
    return arabic, english


def category_labels() -> dict[str, tuple[str, str]]:
    return {name: in_both_languages(label) for name, label in CATEGORY_LABELS.items()}


def make_badge(participant: Participant, style: Style, labels: dict[str, tuple[str, str]]) -> Badge:
    names = [n.strip() for n in (participant.name_ar, participant.name_en) if n and n.strip()]
    sizes = [style.primary, style.secondary]
    lines = tuple(
        _line(name, fitted_size(name, style.text_width, *sizes[i])) for i, name in enumerate(names[:2])
    )
    category = participant.category if participant.category in CATEGORY_LABELS else "participant"
    label_ar, label_en = labels[category]
    organization = participant.organization.strip() if participant.organization else ""
    return Badge(
        names=lines,
        organization=_line(organization) if organization else None,
        category=category,
        label_ar=label_ar,
        label_en=label_en,
        color=CATEGORY_COLORS[category],
        number=f"{participant.badge_number or 0:04d}",
        qr=qr_svg(participant.badge_code, size_mm=QR_SIZE_MM),
    )


def edition_lines(edition: Edition) -> tuple[TextLine, TextLine]:
    caption_ar, caption_en = in_both_languages(
        _l("Edition %(number)s · %(year)s", number=edition.number, year=edition.year)
    )
    return (
        _line(f"{edition.title_ar} · {caption_ar}" if edition.title_ar else caption_ar),
        _line(f"{edition.title_en} · {caption_en}" if edition.title_en else caption_en),
    )


@dataclass(frozen=True)
class EditionTexts:
    """What every badge of an edition prints the same, in both languages (needs the app's catalogs)."""

    heading: tuple[TextLine, TextLine]
    labels: dict[str, tuple[str, str]]


def edition_texts(edition: Edition) -> EditionTexts:
    return EditionTexts(edition_lines(edition), category_labels())


@cache
def _template() -> jinja2.Template:
    """The badge template from our templates folder, autoescaped, without the app: worker
    processes render it too. It uses no page context (no request, no translations)."""
    folder = Path(__file__).resolve().parent.parent.parent / "templates"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True)
    return environment.get_template("badges/pdf/badges.html")


def badges_html(edition: Edition | EditionTexts, participants, layout: str) -> str:
    """The HTML document of these participants' badges in `layout`, pages filled in order."""
    texts = edition if isinstance(edition, EditionTexts) else edition_texts(edition)
    g = geometry(layout)
    style = badge_style(g)
    badges = [make_badge(p, style, texts.labels) for p in participants]
    pages = [badges[i : i + g.per_page] for i in range(0, len(badges), g.per_page)]
    return _template().render(
        g=g,
        style=style,
        pages=pages,
        cells=g.cells(),
        marks=g.crop_marks(),
        heading=texts.heading,
        qr_size=QR_SIZE_MM,
    )
