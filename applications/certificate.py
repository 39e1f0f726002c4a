"""The tanda daftar as a printable PDF, drawn with ReportLab (pure Python, no system libraries),
with a QR code that opens the public verification page. The letterhead, the logo and the
signatory come from the office settings (lks_registry.OfficeSettings), never from this code."""

import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from lks_registry.models import OfficeSettings

MARGIN = 2 * cm
VALUE_X = 8 * cm
LINE = 0.55 * cm


def _date(day):
    return formats.date_format(day, "DATE_FORMAT") if day else "—"


def _logo(office):
    """The logo as ReportLab reads it, or None (no logo, or a file that cannot be read)."""
    if not office.logo:
        return None
    try:
        with office.logo.open("rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except (OSError, ValueError):
        return None


def _letterhead(pdf, office, width, height):
    top = height - 2 * cm
    logo = _logo(office)
    if logo is not None:
        image_width, image_height = logo.getSize()
        size = 2.4 * cm
        scale = size / max(image_width, image_height)
        pdf.drawImage(
            logo,
            MARGIN,
            top - size + 0.4 * cm,
            image_width * scale,
            image_height * scale,
            mask="auto",
        )
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, top - 0.3 * cm, office.government_name.upper())
    pdf.drawCentredString(width / 2, top - 0.9 * cm, office.office_name.upper())
    if office.address:
        pdf.setFont("Helvetica", 9)
        pdf.drawCentredString(width / 2, top - 1.4 * cm, office.address)
    pdf.line(MARGIN, top - 1.8 * cm, width - MARGIN, top - 1.8 * cm)


def tanda_daftar_pdf(institution, verify_url: str) -> bytes:
    office = OfficeSettings.current()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    pdf.setTitle(f"Tanda Daftar {institution.registration_number}")
    _letterhead(pdf, office, width, height)

    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(width / 2, height - 5 * cm, _("REGISTRATION CERTIFICATE (TANDA DAFTAR)"))
    pdf.setFont("Helvetica", 12)
    pdf.drawCentredString(width / 2, height - 5.7 * cm, _("Social Welfare Institution (LKS)"))
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(
        width / 2,
        height - 6.5 * cm,
        _("Number: %(number)s") % {"number": institution.registration_number},
    )

    rows = [
        (_("Name"), institution.name),
        (_("Kind"), institution.get_kind_display()),
        (_("Legal form"), str(institution.legal_form or "—")),
        (
            _("Address"),
            f"{institution.address}, RT {institution.rt or '-'}/RW {institution.rw or '-'}",
        ),
        (_("Kelurahan / kecamatan"), f"{institution.kelurahan} / {institution.kecamatan}"),
        (_("Head of the institution"), institution.head_name),
        (_("Registration date"), _date(institution.registered_on)),
        (_("Valid until"), _date(institution.registration_valid_until)),
        (_("Legal basis"), str(institution.legal_basis or "—")),
    ]
    y = height - 8.2 * cm
    value_width = width - MARGIN - VALUE_X
    for label, value in rows:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(2.5 * cm, y, str(label))
        pdf.drawString(VALUE_X - 0.5 * cm, y, ":")
        pdf.setFont("Helvetica-Bold", 11)
        # Long values (the legal basis, an address) wrap inside the right margin.
        for line in simpleSplit(str(value), "Helvetica-Bold", 11, value_width) or [""]:
            pdf.drawString(VALUE_X, y, line)
            y -= LINE
        y -= 0.25 * cm

    qr = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 4 * cm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, 2.5 * cm, 3 * cm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(2.5 * cm, 2.6 * cm, _("Scan to check that this certificate is valid:"))
    pdf.drawString(2.5 * cm, 2.2 * cm, verify_url)

    signature_x = width - 8.5 * cm
    pdf.setFont("Helvetica", 11)
    pdf.drawString(signature_x, 7.4 * cm, f"{office.signing_place}, {_date(timezone.localdate())}")
    title_lines = simpleSplit(office.head_title, "Helvetica", 11, width - MARGIN - signature_x)
    for index, line in enumerate(title_lines[:2]):
        pdf.drawString(signature_x, (6.8 - 0.5 * index) * cm, line)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(signature_x, 4.2 * cm, office.head_name or "……………………………")
    pdf.setFont("Helvetica", 11)
    if office.head_nip:
        pdf.drawString(signature_x, 3.7 * cm, f"NIP. {office.head_nip}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
