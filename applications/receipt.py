"""The applicant's receipt (bukti pendaftaran) as a printable PDF, drawn with ReportLab like the
tanda daftar: the application number, the date it was sent and the documents received."""

import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else "—"


def _fit(pdf, text, font, size, width):
    """Cut a value so that it never runs past the right margin."""
    text = str(text)
    while text and pdf.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def receipt_pdf(application, documents) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    right = width - 2 * cm
    pdf.setTitle(f"Bukti Pendaftaran {application.number}")

    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, height - 2.5 * cm, "PEMERINTAH KOTA TANGERANG")
    pdf.drawCentredString(width / 2, height - 3.1 * cm, "DINAS SOSIAL")
    pdf.line(2 * cm, height - 3.5 * cm, right, height - 3.5 * cm)
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawCentredString(width / 2, height - 5 * cm, _("REGISTRATION RECEIPT (BUKTI PENDAFTARAN)"))

    rows = [
        (_("Application number"), application.number),
        (_("Institution"), application.name),
        (_("Sent on"), _when(application.submitted_at)),
        (_("Status"), application.get_status_display()),
    ]
    y = height - 6.5 * cm
    for label, value in rows:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(2.5 * cm, y, str(label))
        pdf.drawString(7 * cm, y, ":")
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(7.5 * cm, y, _fit(pdf, value, "Helvetica-Bold", 11, right - 7.5 * cm))
        y -= 0.8 * cm

    y -= 0.4 * cm
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(2.5 * cm, y, _("Documents received"))
    y -= 0.7 * cm
    pdf.setFont("Helvetica", 10)
    for number, document in enumerate(documents, start=1):
        if y < 3 * cm:
            pdf.showPage()
            pdf.setFont("Helvetica", 10)
            y = height - 2.5 * cm
        line = f"{number}. {document.document_type}: {document.original_name} ({_when(document.uploaded_at)})"
        pdf.drawString(2.5 * cm, y, _fit(pdf, line, "Helvetica", 10, right - 2.5 * cm))
        y -= 0.6 * cm
    if not documents:
        pdf.drawString(2.5 * cm, y, "—")
        y -= 0.6 * cm

    pdf.setFont("Helvetica", 9)
    pdf.drawString(
        2.5 * cm,
        max(y - 0.6 * cm, 2 * cm),
        _fit(
            pdf,
            _("Keep this receipt. Dinas Sosial reviews the application and tells you the result."),
            "Helvetica",
            9,
            right - 2.5 * cm,
        ),
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
