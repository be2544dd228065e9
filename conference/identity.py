"""The forum's identity, from one place: its name and short name, host and organizer logos, brand
colour, official contact, issuing official (name, title, signature, seal), partners, FAQ and
privacy notice, as set in the edition settings. Pages, emails and PDFs all read it here.

A name left empty falls back to the edition's title, so the header, the page titles, the
emails and the PDF metadata always name the forum the same way.
"""

import base64
import hashlib
import io
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app, g, has_request_context, url_for
from PIL import Image, ImageChops, ImageStat, UnidentifiedImageError

from . import images, storage
from .models import Edition

# The parts of the privacy notice (below), each written per edition in Arabic and English.
PRIVACY_PARTS = ("controller", "purposes", "legal_basis", "retention", "recipients", "rights", "dpo")
IDENTITY_FIELDS = (
    "forum_name_ar", "forum_name_en", "short_name_ar", "short_name_en",
    "contact_email", "contact_phone", "contact_whatsapp", "contact_address_ar", "contact_address_en", "map_url",
    "official_name_ar", "official_name_en", "official_title_ar", "official_title_en", "brand_color",
    *(f"privacy_{part}_{lang}" for part in PRIVACY_PARTS for lang in ("ar", "en")),
)
LOGO_DIR = "identity"
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 600
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_NAME = re.compile(r"^[0-9a-f]{32}\.png$")
# Every uploaded image of the identity: the edition's column, and the settings form's file field.
IMAGE_FIELDS = ("host_logo", "organizer_logo", "signature_image", "seal_image")

DEFAULT_BRAND_COLOR = "#0b6e4f"
MIN_CONTRAST = 4.5  # WCAG AA for normal text
# White text on the colour (header, buttons) and the colour on the page background (links, headings);
# the page background (#f4f6f9) is a little darker than white, so it is the stricter of the two.
BRAND_TEXT_ON, BRAND_BACKGROUNDS = "#ffffff", ("#ffffff", "#f4f6f9")
HEX_COLOR = re.compile(r"^#[0-9a-f]{6}$")


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
    organizer_logo: str = ""
    signature: str = ""
    seal: str = ""
    brand_color: str = DEFAULT_BRAND_COLOR

    @property
    def has_contact(self) -> bool:
        return any((self.contact_email, self.contact_phone, self.whatsapp_url, self.address))

    @property
    def brand_dark(self) -> str:
        """The darker shade for hover states and the staff menu."""
        return mix(self.brand_color, "#000000", 0.28)


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
        organizer_logo=edition.organizer_logo or "",
        signature=edition.signature_image or "",
        seal=edition.seal_image or "",
        brand_color=edition.brand_color if HEX_COLOR.match(edition.brand_color or "") else DEFAULT_BRAND_COLOR,
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


def reencode_logo(data: bytes) -> bytes:
    """A PNG (transparency kept) of a PNG, JPEG or WebP image, at most LOGO_MAX_SIDE a side, no metadata."""
    return images.reencode(data, max_bytes=LOGO_MAX_BYTES, formats=LOGO_FORMATS, max_side=LOGO_MAX_SIDE,
                           encode=images.as_png)


def logo_key(name: str | None) -> str | None:
    """Where a logo we stored lives (through conference.storage), or None for names not of our making."""
    return f"uploads/{LOGO_DIR}/{name}" if name and LOGO_NAME.match(name) else None


def store_logo(data: bytes) -> str:
    """Re-encode and store an uploaded image; returns its new file name (images.ImageRejected if refused)."""
    return store_reencoded(reencode_logo(data))


def store_reencoded(png: bytes) -> str:
    """Store an image reencode_logo() made; returns its new file name."""
    name = f"{secrets.token_hex(16)}.png"
    storage.save(logo_key(name), png)
    return name


def load_logo(name: str | None) -> bytes | None:
    """The stored logo's PNG bytes, or None."""
    key = logo_key(name)
    return storage.load(key) if key else None


def send_logo(name: str | None, max_age: int = 3600):
    """A response with the stored logo, or None."""
    key = logo_key(name)
    return storage.send(key, mimetype="image/png", max_age=max_age) if key else None


def image_url(name: str | None, external: bool = False) -> str:
    """Where a stored identity image (logo, partner logo, signature, seal) is served, or ""."""
    return url_for("public.identity_image", name=name, _external=external) if logo_key(name) else ""


def logo_url(identity: Identity, external: bool = False) -> str:
    return image_url(identity.logo, external)


# Identity images on pages, at the size they are shown: the stored image (up to LOGO_MAX_SIDE) stays
# for PDFs, badges, emails and downloads; a page shows a copy bounded to twice its CSS size (sharp on
# phones), made once per image and size in each process and kept in memory. Its URL carries a digest
# of the stored image, so browsers keep it for a year (`immutable`) and a new upload, stored under a
# new name anyway, is a new URL.

# The CSS heights images are shown at (header 40, partner 64, strategic partner 88, hero 96), each
# with the widest it may be shown at that height (the stylesheet's max-inline-size).
DISPLAY_SIZES = {40: 120, 64: 192, 88: 192, 96: 288}
PIXEL_DENSITY = 2
VARIANT_VERSION = "1"  # change with the way variants are made: every variant URL changes with it
VARIANT_CACHE_SIZE = 256
PALETTE_MAX_DIFFERENCE = 2.5  # mean difference (0-255) on white between a copy and its 256-colour version
VARIANT_DIGEST = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class SizedImage:
    """A stored image made to be shown `height` CSS pixels high: `data` is a PNG of at most
    PIXEL_DENSITY times the box; `width` × `height` is the size on the page (the img's attributes)."""

    name: str
    height: int
    width: int
    data: bytes
    digest: str

    @property
    def url(self) -> str:
        return url_for("public.identity_image_sized", name=self.name, height=self.height, digest=self.digest)


_variants: OrderedDict = OrderedDict()
_variants_lock = threading.Lock()


def _storage_place() -> str:
    return current_app.config.get("STORAGE_URL") or current_app.instance_path


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _smallest_faithful_png(image: Image.Image) -> bytes:
    """`image` as a 256-colour PNG when that looks the same on a white page, else in full colour.
    A logo drawn in flat colours takes more bytes once scaled down (its edges are smoothed into
    hundreds of shades) than at its stored size; its palette copy takes a third of that."""
    full = _png_bytes(image)
    palette = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    shown = Image.alpha_composite(white, image)
    shown_palette = Image.alpha_composite(white, palette.convert("RGBA"))
    difference = ImageStat.Stat(ImageChops.difference(shown, shown_palette).convert("L")).mean[0]
    if difference > PALETTE_MAX_DIFFERENCE:
        return full  # a photograph or a gradient: 256 colours would show bands
    small = _png_bytes(palette)
    return small if len(small) < len(full) else full


def make_variant(png: bytes, height: int) -> tuple[bytes, int]:
    """(PNG at most PIXEL_DENSITY × the display box of `height`, never enlarged; its CSS width at `height`)."""
    box = (DISPLAY_SIZES[height] * PIXEL_DENSITY, height * PIXEL_DENSITY)
    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGBA")
        ratio = image.width / image.height
        image.thumbnail(box, Image.Resampling.LANCZOS)
        data = _smallest_faithful_png(image)
    # Shown `height` high unless the width bound makes it lower; the width follows the image's shape.
    css_width = max(1, round(min(height * ratio, DISPLAY_SIZES[height])))
    return data, css_width


def sized_image(name: str | None, height: int) -> SizedImage | None:
    """The stored image `name` to be shown `height` CSS pixels high (one of DISPLAY_SIZES), or None."""
    key = logo_key(name)
    if key is None or height not in DISPLAY_SIZES:
        return None
    cache_key = (_storage_place(), name, height)
    with _variants_lock:
        found = _variants.get(cache_key)
        if found is not None:
            _variants.move_to_end(cache_key)
            return found
    original = storage.load(key)
    if original is None:
        return None
    try:
        data, css_width = make_variant(original, height)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # not one of ours after all: the page shows no image rather than failing
    digest = hashlib.sha256(f"{VARIANT_VERSION}:{height}:".encode() + original).hexdigest()[:16]
    variant = SizedImage(name=name, height=height, width=css_width, data=data, digest=digest)
    with _variants_lock:
        _variants[cache_key] = variant
        while len(_variants) > VARIANT_CACHE_SIZE:
            _variants.popitem(last=False)
    return variant


def image_data_url(name: str | None) -> str:
    """A stored image as a data: URL for PDFs (our renderer fetches nothing else)."""
    import base64

    data = load_logo(name)
    return f"data:image/png;base64,{base64.b64encode(data).decode()}" if data else ""


def logo_data_url(identity: Identity) -> str:
    return image_data_url(identity.logo)


# Brand colour: WCAG relative luminance and contrast ratio.

def _luminance(color: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g_, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g_ + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(color: str, other: str, share: float) -> str:
    """`color` with `share` of `other` mixed in."""
    parts = [round(int(color[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{p:02x}" for p in parts)


def normalize_color(value: str | None) -> str:
    """'#RGB', '#RRGGBB' or 'RRGGBB' as '#rrggbb'; "" for empty; ValueError otherwise."""
    text = (value or "").strip().lower().lstrip("#")
    if not text:
        return ""
    if re.fullmatch(r"[0-9a-f]{3}", text):
        text = "".join(c * 2 for c in text)
    if not HEX_COLOR.match("#" + text):
        raise ValueError(value)
    return "#" + text


def weakest_contrast(color: str) -> float:
    """The lowest contrast between the brand colour and what it meets (white text; the page backgrounds)."""
    return min([contrast(color, BRAND_TEXT_ON)] + [contrast(color, bg) for bg in BRAND_BACKGROUNDS])


def readable_brand_color(color: str) -> bool:
    return weakest_contrast(color) >= MIN_CONTRAST


# Partners and sponsors, and the FAQ.

def tier_labels() -> dict:
    from flask_babel import lazy_gettext as _l

    return {"strategic": _l("Strategic partner"), "gold": _l("Gold sponsor"),
            "silver": _l("Silver sponsor"), "partner": _l("Partner")}


def tier_group_labels() -> dict:
    from flask_babel import lazy_gettext as _l

    return {"strategic": _l("Strategic partners"), "gold": _l("Gold sponsors"),
            "silver": _l("Silver sponsors"), "partner": _l("Partners")}


def edition_partners(edition: Edition | None) -> list:
    """The edition's partners, by tier (strategic first) then by their position."""
    from sqlalchemy import select

    from .models import db
    from .models.identity import PARTNER_TIERS, Partner

    if edition is None:
        return []
    rows = db.session.scalars(select(Partner).where(Partner.edition_id == edition.id).order_by(Partner.position, Partner.id))
    return sorted(rows, key=lambda p: PARTNER_TIERS.index(p.tier) if p.tier in PARTNER_TIERS else len(PARTNER_TIERS))


def partners_by_tier(edition: Edition | None) -> list[tuple[str, str, list]]:
    """[(tier, its heading, partners)] for the tiers that have any, strategic first."""
    groups: dict[str, list] = {}
    for partner in edition_partners(edition):
        groups.setdefault(partner.tier, []).append(partner)
    headings = tier_group_labels()
    return [(tier, str(headings.get(tier, tier)), partners) for tier, partners in groups.items()]


# Pages where staff work: their footer leaves the partners out (a query less on busy console pages).
STAFF_PATHS = ("/console", "/desk", "/jobs", "/kiosk", "/account")


def footer_partners() -> list:
    """The current edition's partners for the footer of a public page; none on staff pages."""
    from flask import request

    if not has_request_context() or request.path.startswith(STAFF_PATHS):
        return []
    return edition_partners(Edition.current())


def faq_entries(edition: Edition | None) -> list:
    from sqlalchemy import select

    from .models import db
    from .models.identity import FaqEntry

    if edition is None:
        return []
    return list(db.session.scalars(
        select(FaqEntry).where(FaqEntry.edition_id == edition.id).order_by(FaqEntry.position, FaqEntry.id)))


# The privacy notice under Saudi Arabia's Personal Data Protection Law (PDPL): each part of
# PRIVACY_PARTS is the organizer's text for the edition (in the visitor's language, else the
# other), or a default.


def privacy_headings() -> dict:
    from flask_babel import lazy_gettext as _l

    return {
        "controller": _l("Data controller"), "purposes": _l("Why we collect your data"),
        "legal_basis": _l("Legal basis"), "retention": _l("How long we keep it"),
        "recipients": _l("Who receives it"), "rights": _l("Your rights and how to exercise them"),
        "dpo": _l("Data protection officer"),
    }


def _privacy_default(part: str, identity: Identity) -> str:
    from flask_babel import gettext as _

    contact = identity.contact_email or _("the address the confirmation email comes from")
    defaults = {
        "controller": lambda: _("The municipality that hosts %(forum)s is the controller of your personal data.",
                                forum=identity.name),
        "purposes": lambda: _("To register you, print your badge, let you in at the door, issue your certificate "
                              "of attendance and send you messages about the forum. Your QR code holds only a "
                              "random code, no personal details."),
        "legal_basis": lambda: _("Your consent, given on the registration form, under the Personal Data Protection "
                                 "Law. You can withdraw it at any time by cancelling your registration."),
        "retention": lambda: _("Until the forum's certificates are issued and its statistics are made; then "
                               "personal details are removed, and only anonymous attendance figures are kept."),
        "recipients": lambda: _("Only the organizers and the venue desk staff. We do not sell your details or "
                                "share them with sponsors, partners or anyone else."),
        "rights": lambda: _("You have the right to be informed, to access your data and get a copy, to have it "
                            "corrected or completed, to have it destroyed when it is no longer needed, and to "
                            "withdraw your consent. You can see, change or cancel your registration from the "
                            "private link we email you; for anything else write to %(contact)s. You may also "
                            "complain to the Saudi Data and AI Authority (SDAIA).", contact=contact),
        "dpo": lambda: _("Write to the organizers at %(contact)s; we answer within 30 days.", contact=contact),
    }
    return defaults[part]()


def privacy_notice(edition: Edition | None, language: str) -> list[tuple[str, str, bool]]:
    """[(heading, text, edited)] in `language` (call it under that locale), every part filled."""
    identity = forum_identity(edition, language)
    headings = privacy_headings()
    notice = []
    for part in PRIVACY_PARTS:
        edited = edition.localized(f"privacy_{part}", language).strip() if edition else ""
        notice.append((str(headings[part]), edited or _privacy_default(part, identity), bool(edited)))
    return notice


def date_in(day, language: str) -> str:
    """A date written the one way each language writes dates on this site ('22 ديسمبر 2026')."""
    from babel.dates import format_date

    return format_date(day, "long", locale=language)


def brand_style(identity: Identity) -> str:
    """The brand colour as the page's CSS variables, in the page itself (no extra request on the
    critical path); the policy admits this exact text by its hash."""
    if identity.brand_color == DEFAULT_BRAND_COLOR:
        return ""
    css = f":root {{ --brand: {identity.brand_color}; --brand-dark: {identity.brand_dark}; }}"
    allow_inline_style(css)
    return css


def allow_inline_style(css: str) -> None:
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    g.setdefault("style_hashes", set()).add(f"'sha256-{digest}'")


def init_app(app) -> None:
    from .i18n import current_language

    app.jinja_env.globals.update(forum_identity=forum_identity, logo_url=logo_url, map_link=map_link,
                                 logo_data_url=logo_data_url, image_url=image_url, image_data_url=image_data_url,
                                 sized_image=sized_image,
                                 date_in=date_in, partners_by_tier=partners_by_tier, faq_entries=faq_entries,
                                 privacy_notice=privacy_notice, footer_partners=footer_partners,
                                 edition_partners=edition_partners, brand_style=brand_style,
                                 privacy_parts=PRIVACY_PARTS)

    @app.context_processor
    def identity_context():
        return {"forum": current_identity(current_language())}
