"""The dashboard as a printable PDF report (ReportLab), with the date and the filters on it."""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lks_registry.models import InstitutionKind, Kecamatan, OfficeSettings, TargetGroup


def _filter_text(filters) -> str:
    parts = [_("as of %(day)s") % {"day": formats.date_format(filters.day, "DATE_FORMAT")}]
    if filters.kecamatan_id:
        parts.append(
            _("kecamatan %(name)s") % {"name": Kecamatan.objects.get(pk=filters.kecamatan_id)}
        )
    if filters.target_group_id:
        parts.append(
            _("service type %(name)s")
            % {"name": TargetGroup.objects.get(pk=filters.target_group_id)}
        )
    if filters.kind:
        parts.append(str(InstitutionKind(filters.kind).label))
    return ", ".join(parts)


def _table(rows, header=True):
    table = Table(rows, repeatRows=1 if header else 0)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def dashboard_pdf(name, filters, data, summary, kecamatan_table) -> HttpResponse:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
    )
    progress = data["progress"]
    story = [
        Paragraph(
            escape(_("Registri LKS — %(office)s") % {"office": OfficeSettings.current()}),
            styles["Title"],
        ),
        Paragraph(
            _("Dashboard report: %(filters)s") % {"filters": _filter_text(filters)},
            styles["Heading3"],
        ),
        Paragraph(
            _(
                "Printed %(when)s. Target: grade A for every LKS. Active with grade A: %(a)s%%; active with any grade: %(any)s%%."
            )
            % {
                "when": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
                # A decimal comma in Indonesian, as the screen shows it.
                "a": formats.number_format(progress["grade_a"], 1, use_l10n=True),
                "any": formats.number_format(progress["any_grade"], 1, use_l10n=True),
            },
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        _table([[_("Indicator"), _("Count")]] + [[label, value] for label, value in summary]),
        Spacer(1, 0.5 * cm),
        Paragraph(_("Per kecamatan"), styles["Heading3"]),
        _table([[str(h) for h in kecamatan_table[0]]] + kecamatan_table[1]),
    ]
    document.build(story)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
