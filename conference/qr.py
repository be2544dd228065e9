"""QR codes, drawn one way everywhere: badges, the self-service page, emails and certificates.

Error correction M and a full quiet zone of 4 modules. The SVG is a single path in which each
row's run of dark modules is one rectangle: a small document that browsers and WeasyPrint
draw quickly. Codes are cached, since a participant's QR is drawn on several pages.
"""

import io
from functools import lru_cache

import qrcode
from markupsafe import Markup, escape
from PIL import Image

QUIET_ZONE = 4


@lru_cache(maxsize=4096)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code for `text`, quiet zone included (True is dark)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    qr.add_data(text)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


def _row_runs(row: tuple[bool, ...]):
    start = None
    for x, dark in enumerate((*row, False)):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            yield start, x - start
            start = None


def qr_svg(text: str, *, size_mm: float | None = None, label: str = "", css_class: str = "qr") -> Markup:
    """An inline <svg>; with size_mm it is that many millimetres square, else it scales with CSS."""
    matrix = qr_matrix(text)
    n = len(matrix)
    path = "".join(f"M{x},{y}h{width}v1h-{width}z" for y, row in enumerate(matrix) for x, width in _row_runs(row))
    size = f' width="{size_mm}mm" height="{size_mm}mm"' if size_mm else ""
    accessible = f' role="img" aria-label="{escape(label)}"' if label else ' aria-hidden="true"'
    return Markup(  # noqa: S704 (numbers we computed; the label is escaped)
        f'<svg class="{css_class}"{accessible} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}"{size}'
        f' shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


def qr_png(text: str, module_px: int = 8) -> bytes:
    """A PNG for email clients, which do not all show inline SVG."""
    matrix = qr_matrix(text)
    n = len(matrix)
    image = Image.new("1", (n, n), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.resize((n * module_px, n * module_px), Image.NEAREST).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
