"""The fonts we ship, from the fontpkg packages: served to browsers and given to WeasyPrint."""

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
