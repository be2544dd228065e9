"""The fonts we ship, from the fontpkg packages: WOFF2 subsets for browsers, static TTFs for WeasyPrint.

Arabic is set in Tajawal, everything else in Noto Sans, on pages and in PDFs alike. Tajawal
gives every dotted letter a glyph of its own, so a PDF's text layer reads back the exact
letters (Noto Sans Arabic draws dotted letters from shared skeletons, and a PDF maps each
glyph back to one character, so "نورة" came back as "نورق").

Everything is made once per machine from the packaged files with fontTools and kept on disk
(FORUM_FONT_CACHE); nothing is fetched.
"""

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

ARABIC_FAMILY = "Tajawal"
LATIN_FAMILY = "Noto Sans"
FAMILIES = {"tajawal": ARABIC_FAMILY, "noto-sans": LATIN_FAMILY}
WEIGHTS = (400, 700)

# What each family is used for, as CSS unicode-range: an English page never downloads Arabic
# glyphs, and Arabic letters never come from the Latin file.
SCRIPT_RANGES = {
    "arabic": "U+0600-06FF, U+0750-077F, U+0870-08FF, U+200C-200F, U+2010-2011, U+204F, U+25CC, U+FB50-FDFF, U+FE70-FEFF",
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, "
             "U+2000-200B, U+2012-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
}
# Bump when the subsetting changes, so cached files and browser caches are renewed.
SUBSET_VERSION = 1


@dataclass(frozen=True)
class WebFace:
    slug: str
    script: str
    weight: int

    @property
    def family(self) -> str:
        return FAMILIES[self.slug]

    @property
    def key(self) -> str:
        return f"{self.slug}-{self.script}-{self.weight}"


WEB_FACES = tuple(
    WebFace(slug, script, weight) for slug, script in (("tajawal", "arabic"), ("noto-sans", "latin")) for weight in WEIGHTS
)
# The face a page's first paint needs, by page language (preloaded).
FIRST_PAINT_FACE = {"ar": "tajawal-arabic-400", "en": "noto-sans-latin-400"}

_build_lock = threading.Lock()


def _font_cache_dir() -> Path:
    base = os.environ.get("FORUM_FONT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "forum-fonts"
    )
    path = Path(base)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / "forum-fonts"
        path.mkdir(parents=True, exist_ok=True)
    return path


def _source(slug: str, weight: int) -> Path:
    return Path(fontpkg.path(FAMILIES[slug], weight, nearest=True))


def _cached(name: str, source: Path, build) -> Path:
    """A file made from `source` by build(TTFont) -> TTFont, once per machine (atomic on disk)."""
    stat = source.stat()
    target = _font_cache_dir() / name.format(stamp=f"{stat.st_size}-{int(stat.st_mtime)}")
    if target.exists():
        return target
    with _build_lock:
        if not target.exists():
            from fontTools.ttLib import TTFont

            font = build(TTFont(source))
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(partial)
            os.replace(partial, target)  # other processes see a whole file or none
    return target


def static_font(slug: str, weight: int) -> Path:
    """The font of `slug` at `weight` as a static TrueType file without whole-word ligatures.

    WeasyPrint turns a variable font into a static one at every render (about 50 ms a PDF),
    so variable families get static instances made once.
    """
    source = _source(slug, weight)
    if _is_variable(source):
        source = _cached(f"{slug}-{weight}-{{stamp}}.ttf", source, lambda font: _instance(font, weight))
    return _cached(f"{slug}-{weight}-w{SUBSET_VERSION}-{{stamp}}.ttf", source, _without_word_ligatures)


def _instance(font, weight: int):
    from fontTools.varLib.instancer import instantiateVariableFont

    return instantiateVariableFont(font, {tag: (weight if tag == "wght" else None) for tag in _axes(font)}, static=True)


WORD_LIGATURES = range(0xFDF0, 0xFDFE)  # ﷲ ﷻ ﷺ …: one glyph for a whole word


def _without_word_ligatures(font):
    """Drop ligatures that draw a whole word as one glyph (Tajawal turns الله into ﷲ even inside
    عبدالله): a PDF maps that glyph to the word, and readers put it out of order ("اللهعبد")."""
    words = {glyph for code, glyph in font.getBestCmap().items() if code in WORD_LIGATURES}
    if "GSUB" not in font or not words:
        return font
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            if getattr(table, "ligatures", None) is None:
                continue
            for first in list(table.ligatures):
                table.ligatures[first] = [lig for lig in table.ligatures[first] if lig.LigGlyph not in words]
                if not table.ligatures[first]:
                    del table.ligatures[first]
    return font


@cache
def _is_variable(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    return "fvar" in TTFont(path, lazy=True)


def _axes(font) -> list[str]:
    return [axis.axisTag for axis in font["fvar"].axes]


@cache
def pdf_font_files() -> dict[str, tuple[str, int, Path]]:
    """'<slug>-<weight>' -> (family, weight, static file) for WeasyPrint."""
    return {f"{slug}-{weight}": (family, weight, static_font(slug, weight)) for slug, family in FAMILIES.items() for weight in WEIGHTS}


def _unicodes(script: str) -> list[int]:
    codes = []
    for part in SCRIPT_RANGES[script].split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        codes.extend(range(int(first, 16), int(last or first, 16) + 1))
    return codes


def web_font(face: WebFace) -> Path:
    """The WOFF2 subset of one face: only its script's characters, every OpenType feature kept."""

    def subset(font):
        from fontTools import subset as subsetter

        options = subsetter.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        worker = subsetter.Subsetter(options)
        worker.populate(unicodes=_unicodes(face.script))
        worker.subset(font)
        font.flavor = "woff2"
        return font

    return _cached(f"{face.key}-s{SUBSET_VERSION}-{{stamp}}.woff2", static_font(face.slug, face.weight), subset)


@cache
def web_fonts() -> dict[str, tuple[WebFace, Path, str]]:
    """'<face key>.<digest>' -> (face, WOFF2 file, digest): the fingerprinted URLs browsers cache for a year."""
    fonts = {}
    for face in WEB_FACES:
        path = web_font(face)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        fonts[f"{face.key}.{digest}"] = (face, path, digest)
    return fonts


def web_font_name(key: str) -> str:
    """The fingerprinted file name of a face key such as 'tajawal-arabic-400'."""
    return next(name for name, (face, _path, _digest) in web_fonts().items() if face.key == key)


@cache
def font_faces_css() -> str:
    """The @font-face rules for every web face, pointing at the fingerprinted files."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("/fonts/{name}.woff2") format("woff2"); '
        f"font-weight: {face.weight}; font-style: normal; font-display: swap; unicode-range: {SCRIPT_RANGES[face.script]}; }}"
        for name, (face, _path, _digest) in web_fonts().items()
    ) + "\n" + _fallback_faces_css()


# Until Tajawal arrives (font-display: swap) the phone draws Arabic in a local font; scaled to
# Tajawal's width, the text wraps the same way before and after the swap, so nothing on the page
# moves (no layout shift). Scales measured in Chromium on the landing page's Arabic text at both
# weights: DejaVu Sans (desktop Linux) is wider, Noto Sans Arabic (Android) a little narrower.
ARABIC_FALLBACKS = (
    ("Tajawal Fallback DejaVu", 400, ("DejaVu Sans", "DejaVuSans"), 95.4),
    ("Tajawal Fallback DejaVu", 700, ("DejaVu Sans Bold", "DejaVuSans-Bold"), 87.1),
    ("Tajawal Fallback Noto", 400, ("Noto Sans Arabic", "Noto Sans Arabic Regular", "NotoSansArabic-Regular"), 102.8),
    ("Tajawal Fallback Noto", 700, ("Noto Sans Arabic Bold", "NotoSansArabic-Bold"), 101.3),
)


def _fallback_faces_css() -> str:
    rules = []
    for family, weight, names, scale in ARABIC_FALLBACKS:
        sources = ", ".join(f'local("{name}")' for name in names)
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: {sources}; font-weight: {weight}; '
            f"size-adjust: {scale}%; unicode-range: {SCRIPT_RANGES['arabic']}; }}"
        )
    return "\n".join(rules)


@cache
def font_faces_version() -> str:
    return hashlib.sha256(font_faces_css().encode()).hexdigest()[:12]
