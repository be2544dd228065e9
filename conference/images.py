"""Uploaded images, checked by their real content before anything decodes them in full: one rule
for speakers' and presenters' photos, the forum's identity images and award logos."""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 30_000_000  # a small file can still decode to a huge image: refused before decoding
DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


class ImageRejected(ValueError):
    """code: too_large, not_an_image, wrong_type."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check(data: bytes, *, max_bytes: int, formats, max_pixels: int = MAX_PIXELS) -> str:
    """The image's format ("PNG", "JPEG"…) once its size, pixel count and format pass."""
    if len(data) > max_bytes:
        raise ImageRejected("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
    except DECODE_ERRORS as exc:
        raise ImageRejected("not_an_image") from exc
    if width * height > max_pixels:
        raise ImageRejected("too_large")
    if kind not in formats:
        raise ImageRejected("wrong_type")
    return kind


def reencode(data: bytes, *, max_bytes: int, formats, max_side: int, encode) -> bytes:
    """A checked image upright, at most `max_side` pixels a side, without its metadata, written
    by `encode` (as_png, as_jpeg_on_white)."""
    check(data, max_bytes=max_bytes, formats=formats)
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image).convert("RGBA")
            upright.thumbnail((max_side, max_side))
            return encode(upright)
    except DECODE_ERRORS as exc:
        raise ImageRejected("not_an_image") from exc


def as_png(image: Image.Image) -> bytes:
    """PNG, transparency kept."""
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def as_jpeg_on_white(image: Image.Image) -> bytes:
    """JPEG, transparent parts on white."""
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
