"""The tanda daftar as a printable PDF, drawn with ReportLab (pure Python, no system libraries),
with a QR code that opens the public verification page."""

import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas


def _date(day):
    return formats.date_format(day, "DATE_FORMAT") if day else "—"


def tanda_daftar_pdf(institution, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    pdf.setTitle(f"Tanda Daftar {institution.registration_number}")

    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, height - 2.5 * cm, "PEMERINTAH KOTA TANGERANG")
    pdf.drawCentredString(width / 2, height - 3.1 * cm, "DINAS SOSIAL")
    pdf.line(2 * cm, height - 3.5 * cm, width - 2 * cm, height - 3.5 * cm)
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
        (_("Legal form"), str(institution.legal_form)),
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
    for label, value in rows:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(2.5 * cm, y, str(label))
        pdf.drawString(7.5 * cm, y, ":")
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(8 * cm, y, str(value)[:80])
        y -= 0.8 * cm

    qr = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 4 * cm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, 2.5 * cm, 3 * cm)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(2.5 * cm, 2.6 * cm, _("Scan to check that this certificate is valid:"))
    pdf.drawString(2.5 * cm, 2.2 * cm, verify_url)

    pdf.setFont("Helvetica", 11)
    pdf.drawString(width - 8 * cm, 7 * cm, f"Tangerang, {_date(timezone.localdate())}")
    pdf.drawString(width - 8 * cm, 6.4 * cm, _("Head of Dinas Sosial Kota Tangerang"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
