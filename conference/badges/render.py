"""What a badge shows, and the HTML of a batch of badges in one layout.

Everything printed is decided here on the server: which names, their direction and
language, their size and line breaks (conference/badges/fitting.py: the whole name, always),
the category band.
The HTML goes to conference.pdf for rendering; nothing in it is fetched.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..i18n import text_direction
from ..identity import forum_identity, logo_data_url
from ..models import Edition, Participant
from ..models.vocabulary import ParticipantCategory
from ..qr import qr_svg
from .fitting import PT_MM, fit
from .layouts import Geometry, geometry

LOGO_GAP_MM = 1.0
QR_MIN_MM = 28  # a hand scanner reads it well from about 28 mm, quiet zone included

CATEGORY_COLORS = {
    "participant": "#0b6e4f",
    "speaker": "#6a1b9a",
    "vip": "#a67c00",
    "media": "#b3261e",
    "organizer": "#1d4e89",
    "exhibitor": "#c2410c",
}

# Line heights by script: Arabic letters reach further below the baseline (the dots of a final ي).
LINE_HEIGHT = {"ar": 1.55, "en": 1.25}
NAME_GAP_MM = 1.0
ORG_GAP_MM = 2.0
HEIGHT_SHRINK = 0.92
HEIGHT_SAFETY = 0.95  # of the names box: rounding of line boxes


@dataclass(frozen=True)
class TextLine:
    text: str
    dir: str
    lang: str
    size: float = 0  # points; 0 means the style sheet's size
    lines: tuple[str, ...] = ()  # where the server broke it; empty: one line as it is


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
    """Boxes (mm) and type sizes (points) of one badge size: the one place a badge is measured."""

    scale: float
    card: bool  # landscape: names beside the QR code; else the QR code under the names
    pad: float
    head_height: float
    band_height: float
    number_height: float
    qr_size: float
    text_width: float  # mm available to a name
    names_top: float
    names_bottom: float
    qr_top: float
    primary: float  # largest size of the large name
    secondary: float
    organization: float
    name_lines: int  # at most this many lines for the large name

    @property
    def names_height(self) -> float:
        return self.names_bottom - self.names_top


def badge_style(g: Geometry) -> Style:
    if g.shape == "card":
        s = min(g.badge_width / 85.6, g.badge_height / 54)
        pad, head, band, number = 3 * s, 8 * s, 7 * s, 4.5 * s
        qr_top = pad + head + 1
        qr = max(QR_MIN_MM, min(g.badge_height - band - qr_top - number - 1.5, 0.36 * g.badge_width))
        names_top, names_bottom = pad + head + 2 * s, g.badge_height - band - 1.5
        return Style(s, True, pad, head, band, number, qr, g.badge_width - 2 * pad - qr - 3 * s,
                     names_top, names_bottom, qr_top, 15 * s, 11 * s, 7 * s,
                     3 if names_bottom - names_top > 40 else 2)
    s = min(g.badge_width / 105, g.badge_height / 148)
    pad, head, band, number = 6 * s, 15 * s, 16 * s, 4.5 * s
    qr = 0.42 * g.badge_width
    qr_top = g.badge_height - band - 4 * s - number - qr
    return Style(s, False, pad, head, band, number, qr, g.badge_width - 12 * s,
                 pad + head + 4 * s, qr_top - 2 * s, qr_top, 30 * s, 18 * s, 12 * s, 3)


def _fitted_line(text: str, width: float, largest: float, *, lines: int, bold: bool = True) -> TextLine:
    line = _line(text)
    fitted = fit(text, width, largest, lines, bold=bold)
    return TextLine(line.text, line.dir, line.lang, fitted.size, fitted.lines)


def _height(line: TextLine) -> float:
    return len(line.lines) * line.size * PT_MM * LINE_HEIGHT[line.lang]


def fitted_names(names: list[str], organization: str, style: Style) -> tuple[tuple[TextLine, ...], TextLine | None]:
    """The names and organization at the largest sizes whose lines all fit the names box."""
    factor = 1.0
    while True:
        lines = tuple(
            _fitted_line(name, style.text_width, size * factor, lines=max_lines)
            for name, size, max_lines in zip(names[:2], (style.primary, style.secondary), (style.name_lines, 2), strict=False)
        )
        org = (_fitted_line(organization, style.text_width, style.organization * factor, lines=2, bold=False)
               if organization else None)
        height = sum(_height(line) for line in lines) + NAME_GAP_MM * (len(lines) - 1)
        height += (_height(org) + ORG_GAP_MM * style.scale) if org else 0
        if height <= style.names_height * HEIGHT_SAFETY or factor < 0.2:
            return lines, org
        factor *= HEIGHT_SHRINK


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
    return {name: in_both_languages(label) for name, label in ParticipantCategory.labels().items()}


def make_badge(participant: Participant, style: Style, labels: dict[str, tuple[str, str]]) -> Badge:
    names = [n.strip() for n in participant.badge_names() if n and n.strip()]
    organization = participant.organization.strip() if participant.organization else ""
    lines, org = fitted_names(names, organization, style)
    category = participant.category if ParticipantCategory.has(participant.category) else ParticipantCategory.PARTICIPANT
    label_ar, label_en = labels[category]
    return Badge(
        names=lines,
        organization=org,
        category=category,
        label_ar=label_ar,
        label_en=label_en,
        color=CATEGORY_COLORS[category],
        number=f"{participant.badge_number or 0:04d}",
        qr=qr_svg(participant.badge_code, size_mm=style.qr_size),
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
    author: str = ""  # the forum's name, for the PDF's metadata
    logo: str = ""  # the host's logo as a data: URL, printed at the head's start


def edition_texts(edition: Edition) -> EditionTexts:
    identity = forum_identity(edition, "ar")
    return EditionTexts(edition_lines(edition), category_labels(), identity.name, logo_data_url(identity))


@cache
def _template() -> jinja2.Template:
    """The badge template from our templates folder, autoescaped, without the app: worker
    processes render it too. It uses no page context (no request, no translations)."""
    folder = Path(__file__).resolve().parent.parent.parent / "templates"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True)
    return environment.get_template("badges/pdf/badges.html")


def fitted_heading(heading: tuple[TextLine, TextLine], style: Style, badge_width: float) -> tuple[TextLine, TextLine]:
    """The edition's two heading lines, each on one line, shrunk to the badge's width if need be."""
    width = badge_width - 2 * style.pad
    sizes = ((6.5, 5.5) if style.card else (11, 9))
    return tuple(
        _fitted_line(line.text, width, size * style.scale, lines=1, bold=(i == 0))
        for i, (line, size) in enumerate(zip(heading, sizes, strict=True))
    )


def badges_html(edition: Edition | EditionTexts, participants, layout: str) -> str:
    """The HTML document of these participants' badges in `layout`, pages filled in order."""
    texts = edition if isinstance(edition, EditionTexts) else edition_texts(edition)
    g = geometry(layout)
    style = badge_style(g)
    badges = [make_badge(p, style, texts.labels) for p in participants]
    pages = [badges[i : i + g.per_page] for i in range(0, len(badges), g.per_page)]
    # A logo takes the head's start corner; the heading is centred in the rest.
    logo_room = style.head_height + LOGO_GAP_MM if texts.logo else 0
    heading_width = g.badge_width - logo_room
    return _template().render(
        logo=texts.logo,
        logo_room=logo_room,
        g=g,
        style=style,
        pages=pages,
        cells=g.cells(),
        marks=g.crop_marks(),
        heading=fitted_heading(texts.heading, style, heading_width),
        title=texts.heading[0].text,
        author=texts.author,
        line_height=LINE_HEIGHT,
    )
