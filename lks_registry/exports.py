"""CSV and XLSX downloads with Indonesian headers (the headers come translated from the caller)."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, headers, rows) -> StreamingHttpResponse:
    """Streams row by row, so a long list never sits in memory. A byte-order mark first, so
    Excel opens the UTF-8 file with the right characters."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, sheets) -> HttpResponse:
    """sheets: [(title, headers, rows)]. openpyxl's write-only mode keeps memory flat."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
