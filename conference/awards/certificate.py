"""The winner's certificate: a PDF with the verification code and a QR code of its public check."""

from ..certificates import verification_url
from ..models.awards import Nomination
from ..models.certificates import Certificate
from ..pdf import ARCHIVAL_ACCESSIBLE, render_pdf
from ..qr import qr_svg


def certificate_pdf(nomination: Nomination, certificate: Certificate) -> bytes:
    url = verification_url(certificate)
    category = nomination.category
    return render_pdf(
        "awards/pdf/certificate.html",
        ARCHIVAL_ACCESSIBLE,
        nomination=nomination,
        category=category,
        edition=category.edition,
        certificate=certificate,
        verify_url=url,
        qr=qr_svg(url, size_mm=30),
    )
