"""Images uploaded in the console (logos, signature, seal, partners' logos): checked and
re-encoded by the identity's rules, refused with a message under their own field."""

from flask_babel import lazy_gettext as _l

from ..identity import LOGO_MAX_BYTES, reencode_logo
from ..images import ImageRejected

LOGO_REFUSALS = {
    "too_large": _l("The logo is too large (at most 2 MB and 30 million pixels)."),
    "not_an_image": _l("The logo must be a PNG, JPEG or WebP image."),
    "wrong_type": _l("The logo must be a PNG, JPEG or WebP image."),
}
IMAGE_REFUSALS = {
    "too_large": _l("The image is too large (at most 2 MB and 30 million pixels)."),
    "not_an_image": _l("The image must be a PNG, JPEG or WebP file."),
    "wrong_type": _l("The image must be a PNG, JPEG or WebP file."),
}


class ImageRefused(Exception):
    """An uploaded image the identity's checks refused, and the form field to say so under."""

    def __init__(self, field, code: str):
        super().__init__(code)
        self.field, self.code = field, code

    def show(self) -> None:
        refusals = LOGO_REFUSALS if self.field.name.endswith("logo_file") else IMAGE_REFUSALS
        self.field.errors.append(refusals[self.code])


def checked_upload(field) -> bytes | None:
    """The re-encoded PNG of an image newly uploaded in `field`, or None (ImageRefused when it is refused)."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return reencode_logo(upload.read(LOGO_MAX_BYTES + 1))
    except ImageRejected as rejected:
        raise ImageRefused(field, rejected.code) from rejected
