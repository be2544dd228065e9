"""The fonts we ship, from the fontpkg packages: served to browsers and given to WeasyPrint."""

import os
import tempfile
import threading
from functools import cache
from pathlib import Path

import fontpkg

FAMILIES = {
    "noto-sans-arabic": "Noto Sans Arabic",
    "noto-sans": "Noto Sans",
}


@cache
def font_files() -> dict[str, Path]:
    """Slug -> path of the (variable) regular font file of each family."""
    return {slug: Path(fontpkg.path(name)) for slug, name in FAMILIES.items()}


# WeasyPrint turns a variable font into a static one at every render (about 50 ms a PDF),
# so PDFs get static instances at these weights, made once per machine and kept on disk.
PDF_WEIGHTS = (400, 700)
_instance_lock = threading.Lock()


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


def static_font(slug: str, weight: int) -> Path:
    """The font of `slug` at `weight` as a static TrueType file (the variable file if that fails)."""
    source = font_files()[slug]
    stat = source.stat()
    target = _font_cache_dir() / f"{slug}-{weight}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if target.exists():
        return target
    with _instance_lock:
        if target.exists():
            return target
        try:
            from fontTools.ttLib import TTFont
            from fontTools.varLib.instancer import instantiateVariableFont

            font = instantiateVariableFont(TTFont(source), {"wght": weight}, static=True)
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(partial)
            os.replace(partial, target)  # atomic: other processes see a whole file or none
        except Exception:  # noqa: BLE001 - a slower PDF is better than none
            return source
    return target


@cache
def pdf_font_files() -> dict[str, tuple[str, int, Path]]:
    """'<slug>-<weight>' -> (family, weight, static file) for WeasyPrint."""
    return {
        f"{slug}-{weight}": (family, weight, static_font(slug, weight))
        for slug, family in FAMILIES.items()
        for weight in PDF_WEIGHTS
    }
