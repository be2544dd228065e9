"""Speaker photos: checked by their real content, re-encoded, stored under a random name."""

import re
import secrets

from .. import images, storage

MAX_BYTES = 2 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 800
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{20,60}\.jpg$")


def photo_key(name: str) -> str | None:
    """Where a photo of our making is stored; None for any other name."""
    return f"uploads/speakers/{name}" if name and NAME_RE.match(name) else None


def reencode(data: bytes) -> bytes:
    """JPEG bytes of a JPEG, PNG or WebP image, at most MAX_SIDE pixels a side, no metadata."""
    return images.reencode(data, max_bytes=MAX_BYTES, formats=ACCEPTED_FORMATS, max_side=MAX_SIDE,
                           encode=images.as_jpeg_on_white)


def store_photo(data: bytes) -> str:
    """Save a checked photo and return its new random file name."""
    name = secrets.token_urlsafe(24) + ".jpg"
    storage.save(photo_key(name), reencode(data))
    return name


def remove_photo(name: str) -> None:
    if key := photo_key(name):
        storage.delete(key)
