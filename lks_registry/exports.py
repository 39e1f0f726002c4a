"""CSV and XLSX downloads with Indonesian headers (the headers come translated from the caller).

Every CSV and XLSX file the app writes goes through ``csv_response`` / ``xlsx_response``, and every
cell through ``csv_cell`` / ``_xlsx_write``: text is neutralised against formula injection
(lks_registry.formula_injection), dates are written as dd/mm/yyyy text in CSV and as real Excel
dates in XLSX."""

import csv
import datetime
import decimal
import io
import itertools

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from lks_registry.formula_injection import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel with Indonesian (and most European) regional settings splits CSV columns on ";" and
#: reads "," as the decimal mark; elsewhere "," is the separator.
CSV_SEPARATORS = {"comma": ",", "semicolon": ";"}
DATE_TEXT = "%d/%m/%Y"
DATETIME_TEXT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
#: Column widths in XLSX come from the header and the first rows, within these bounds.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
CSV_BATCH = 500


def csv_separator(request) -> str:
    """The separator a download link asks for (``?sep=semicolon`` for Excel Indonesia)."""
    return CSV_SEPARATORS.get(request.GET.get("sep"), ",")


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def csv_cell(value, separator=","):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(DATETIME_TEXT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_TEXT)
    if isinstance(value, float) and separator == ";":
        return str(value).replace(".", ",")
    return neutralise(value)


def csv_response(filename: str, headers, rows, separator=",") -> StreamingHttpResponse:
    """Streams in batches of rows, so a long list never sits in memory. A byte-order mark first,
    so Excel opens the UTF-8 file with the right characters."""

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=separator)
        buffer.write("\ufeff")
        writer.writerow([csv_cell(str(h), separator) for h in headers])
        remaining = iter(rows)
        while batch := list(itertools.islice(remaining, CSV_BATCH)):
            writer.writerows([csv_cell(v, separator) for v in row] for row in batch)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_write(sheet, row, column, value, formats) -> None:
    """One cell: numbers as numbers, dates as real Excel dates, everything else as text, never
    as a formula (the workbook reads no string as one; text is neutralised all the same, so a
    file saved again by Excel or read back by our import keeps the same text)."""
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, _local(value).replace(tzinfo=None), formats["datetime"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float | decimal.Decimal):
        sheet.write_number(row, column, value)
    else:  # text, and translated labels (a status)
        sheet.write_string(row, column, neutralise(str(value)))


def _width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 11
    return len(str(value)) if value is not None else 0


def xlsx_response(filename: str, sheets) -> HttpResponse:
    """sheets: [(title, headers, rows)]. XlsxWriter's constant-memory mode writes each row to a
    temporary file as it comes, so memory stays flat; the widths are read off the header and the
    first rows before anything is written."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = {
        "date": workbook.add_format({"num_format": XLSX_DATE_FORMAT}),
        "datetime": workbook.add_format({"num_format": XLSX_DATETIME_FORMAT}),
    }
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(str(title)[:31])
        rows = iter(rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        headers = [str(h) for h in headers]
        for index, header in enumerate(headers):
            widest = max([len(header), *(_width(row[index]) for row in sample if index < len(row))])
            sheet.set_column(index, index, min(max(widest + 2, MIN_WIDTH), MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(itertools.chain([headers], sample, rows)):
            for column, value in enumerate(row):
                _xlsx_write(sheet, number, column, value, formats)
    workbook.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
