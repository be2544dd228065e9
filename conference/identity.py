"""The forum's identity, from one place: its name and short name, host logo, official contact
and issuing official, as set in the edition settings. Pages, emails and PDFs all read it here.

A name left empty falls back to the edition's title, so the header, the page titles, the
emails and the PDF metadata always name the forum the same way.
"""

import io
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from flask import g, has_request_context, url_for
from PIL import Image, ImageOps, UnidentifiedImageError

from . import storage
from .models import Edition

IDENTITY_FIELDS = (
    "forum_name_ar", "forum_name_en", "short_name_ar", "short_name_en",
    "contact_email", "contact_phone", "contact_whatsapp", "contact_address_ar", "contact_address_en", "map_url",
    "official_name_ar", "official_name_en", "official_title_ar", "official_title_en",
)
LOGO_DIR = "identity"
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 30_000_000  # refused before decoding: a small file can hold a huge image
LOGO_MAX_SIDE = 600
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_NAME = re.compile(r"^[0-9a-f]{32}\.png$")


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    contact_email: str
    contact_phone: str
    whatsapp_url: str
    address: str
    map_url: str
    official_name: str
    official_title: str
    logo: str  # stored file name, or ""

    @property
    def has_contact(self) -> bool:
        return any((self.contact_email, self.contact_phone, self.whatsapp_url, self.address))


def forum_identity(edition: Edition | None, language: str) -> Identity:
    """The identity of `edition` in `language` (Arabic or English), with the fallbacks above."""
    if edition is None:
        from flask_babel import force_locale
        from flask_babel import gettext as _

        with force_locale(language):
            name = _("E-Municipality Forum")
        return Identity(name, name, "", "", "", "", "", "", "", "")

    def text(field: str) -> str:
        return edition.localized(field, language) if hasattr(edition, f"{field}_ar") else ""

    name = text("forum_name") or edition.localized("title", language)
    whatsapp = re.sub(r"\D", "", edition.contact_whatsapp or "")
    return Identity(
        name=name,
        short_name=text("short_name") or name,
        contact_email=edition.contact_email or "",
        contact_phone=edition.contact_phone or "",
        whatsapp_url=f"https://wa.me/{whatsapp}" if whatsapp else "",
        address=text("contact_address"),
        map_url=edition.map_url or "",
        official_name=text("official_name"),
        official_title=text("official_title"),
        logo=edition.host_logo or "",
    )


def current_identity(language: str) -> Identity:
    """The current edition's identity, looked up once per request."""
    if not has_request_context():
        return forum_identity(Edition.current(), language)
    cache = g.setdefault("forum_identity", {})
    if language not in cache:
        cache[language] = forum_identity(Edition.current(), language)
    return cache[language]


def map_link(identity: Identity, venue: str) -> str:
    """The edition's map link, or a search for the venue on OpenStreetMap."""
    if identity.map_url:
        return identity.map_url
    return f"https://www.openstreetmap.org/search?query={quote(venue)}" if venue else ""


class LogoRejected(ValueError):
    """code: too_large, not_an_image, wrong_type."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def reencode_logo(data: bytes) -> bytes:
    """A PNG (transparency kept) of a PNG, JPEG or WebP image, at most LOGO_MAX_SIDE a side, no metadata."""
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRejected("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
        if width * height > LOGO_MAX_PIXELS:
            raise LogoRejected("too_large")
        if kind not in LOGO_FORMATS:
            raise LogoRejected("wrong_type")
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGBA")
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
    except LogoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoRejected("not_an_image") from exc
    return out.getvalue()


def logo_key(name: str | None) -> str | None:
    """Where a logo we stored lives (through conference.storage), or None for names not of our making."""
    return f"uploads/{LOGO_DIR}/{name}" if name and LOGO_NAME.match(name) else None


def store_logo(data: bytes) -> str:
    """Re-encode and store an uploaded logo; returns its new file name (LogoRejected if refused)."""
    name = f"{secrets.token_hex(16)}.png"
    storage.save(logo_key(name), reencode_logo(data))
    return name


def load_logo(name: str | None) -> bytes | None:
    """The stored logo's PNG bytes, or None."""
    key = logo_key(name)
    return storage.load(key) if key else None


def send_logo(name: str | None, max_age: int = 3600):
    """A response with the stored logo, or None."""
    key = logo_key(name)
    return storage.send(key, mimetype="image/png", max_age=max_age) if key else None


def logo_url(identity: Identity, external: bool = False) -> str:
    if not identity.logo:
        return ""
    return url_for("public.identity_image", name=identity.logo, _external=external)


def logo_data_url(identity: Identity) -> str:
    """The logo as a data: URL for PDFs (our renderer fetches nothing else)."""
    import base64

    data = load_logo(identity.logo)
    return f"data:image/png;base64,{base64.b64encode(data).decode()}" if data else ""


def date_in(day, language: str) -> str:
    """A date written the one way each language writes dates on this site ('22 ديسمبر 2026')."""
    from babel.dates import format_date

    return format_date(day, "long", locale=language)


def init_app(app) -> None:
    from .i18n import current_language

    app.jinja_env.globals.update(forum_identity=forum_identity, logo_url=logo_url, map_link=map_link,
                                 logo_data_url=logo_data_url, date_in=date_in)

    @app.context_processor
    def identity_context():
        return {"forum": current_identity(current_language())}
