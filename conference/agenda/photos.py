"""Speaker photos: checked by their real content, re-encoded, stored under a random name."""

import io
import re
import secrets

from PIL import Image, ImageOps, UnidentifiedImageError

from .. import storage

MAX_BYTES = 2 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 800
# A small file can still decode to a huge image; refuse before decoding it.
MAX_PIXELS = 30_000_000
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{20,60}\.jpg$")


class PhotoRejected(ValueError):
    """code: too_large, not_an_image, wrong_type."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def photo_key(name: str) -> str | None:
    """Where a photo of our making is stored; None for any other name."""
    return f"uploads/speakers/{name}" if name and NAME_RE.match(name) else None


def reencode(data: bytes) -> bytes:
    """JPEG bytes of a JPEG, PNG or WebP image, at most MAX_SIDE pixels a side, no metadata."""
    if len(data) > MAX_BYTES:
        raise PhotoRejected("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
        if width * height > MAX_PIXELS:
            raise PhotoRejected("too_large")
        if kind not in ACCEPTED_FORMATS:
            raise PhotoRejected("wrong_type")
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, PhotoRejected):
            raise
        raise PhotoRejected("not_an_image") from exc
    return out.getvalue()


def store_photo(data: bytes) -> str:
    """Save a checked photo and return its new random file name."""
    name = secrets.token_urlsafe(24) + ".jpg"
    storage.save(photo_key(name), reencode(data))
    return name


def remove_photo(name: str) -> None:
    if key := photo_key(name):
        storage.delete(key)
