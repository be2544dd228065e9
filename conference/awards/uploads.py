"""Uploaded files: award logos (real images, checked with Pillow) and nomination PDFs.

Files are checked by their content, never by their name or declared type, stored in the
instance folder under names we choose, and served only by our routes.
"""

import secrets

from flask_babel import gettext as _

from .. import images, storage

LOGO_MAX_BYTES = 1024 * 1024
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_DIR = "awards"
ATTACHMENT_DIR = "nominations"


class UploadError(ValueError):
    """The uploaded file is refused; the message says why, in the user's language."""


def stored_key(kind: str, name: str | None) -> str | None:
    """Where a file we stored lives, or None (names not of our making are refused)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    return f"uploads/{kind}/{name}"


def _read_limited(storage, limit: int) -> bytes:
    data = storage.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(size)s MB.", size=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty."))
    return data


def check_logo(storage) -> tuple[bytes, str]:
    """The image bytes and our file extension, or UploadError."""
    data = _read_limited(storage, LOGO_MAX_BYTES)
    try:
        image_format = images.check(data, max_bytes=LOGO_MAX_BYTES, formats=LOGO_FORMATS, max_pixels=LOGO_MAX_PIXELS)
    except images.ImageRejected as rejected:
        if rejected.code == "too_large":
            raise UploadError(_("The logo image is too large.")) from None
        raise UploadError(_("The logo must be a PNG, JPEG, WebP or GIF image.")) from None
    return data, LOGO_FORMATS[image_format]


def check_pdf(storage, limit: int = ATTACHMENT_MAX_BYTES) -> bytes:
    data = _read_limited(storage, limit)
    if not data.startswith(b"%PDF-"):
        raise UploadError(_("The attachment must be a PDF file."))
    return data


def store(kind: str, data: bytes, extension: str) -> str:
    name = f"{secrets.token_hex(16)}.{extension}"
    storage.save(stored_key(kind, name), data)
    return name


def send(kind: str, name: str | None, **options):
    """A response with a file we stored, or None."""
    key = stored_key(kind, name)
    return storage.send(key, **options) if key else None


def remove(kind: str, name: str | None) -> None:
    if key := stored_key(kind, name):
        storage.delete(key)
