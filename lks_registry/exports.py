"""CSV and XLSX downloads with Indonesian headers (the headers come translated from the caller).

Every CSV and XLSX file the app writes goes through ``csv_response`` / ``xlsx_response``, and every
cell through ``csv_cell`` / ``xlsx_cell``: text is neutralised against formula injection
(lks_registry.formula_injection), dates are written as dd/mm/yyyy text in CSV and as real Excel
dates in XLSX."""

import csv
import datetime
import io
import itertools

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

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


def xlsx_cell(sheet, value):
    """A value openpyxl writes as it is (numbers, neutralised text), or a cell with a date format.
    Neutralised text never starts with "=", so openpyxl never makes a formula of it."""
    if value is None or value == "":
        return None
    if isinstance(value, Promise):  # a translated label, e.g. a status
        value = str(value)
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, _local(value).replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = neutralise(value)
        if value.startswith("#"):  # "#N/A" and the like would be read as an error value
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
    return value


def _width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 11
    return len(str(value)) if value is not None else 0


def xlsx_response(filename: str, sheets) -> HttpResponse:
    """sheets: [(title, headers, rows)]. openpyxl's write-only mode keeps memory flat; the
    widths are read off the header and the first rows before anything is written."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        rows = iter(rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        headers = [str(h) for h in headers]
        for index, header in enumerate(headers):
            widest = max([len(header), *(_width(row[index]) for row in sample if index < len(row))])
            width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(sheet, h) for h in headers])
        for row in itertools.chain(sample, rows):
            sheet.append([xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
