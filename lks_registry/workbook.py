"""Reading an uploaded file into plain sheets of cell values: XLSX (openpyxl), old XLS (xlrd)
and CSV in whatever encoding and separator Excel wrote. Nothing here knows about institutions;
the table finder (`tablefinder.py`) decides what the cells mean.

Every file is bounded before it is read (issue 15: a "zip bomb" of a few kilobytes can unpack
to gigabytes): the uncompressed size of the XLSX members, the rows, the columns and the length
of a cell. A file over a bound is refused with an Indonesian message, never half read."""

import codecs
import csv
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

MAX_UNPACKED_MB = 200
MAX_MEMBER_RATIO = 200  # a real sheet compresses about 10:1; far more is a bomb
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2_000
# A run of unpacked XML this long without markup is a value of more than MAX_CELL_CHARS
# characters even if every character were escaped (`&quot;` is 6 bytes).
TEXT_WINDOW = 2 * 6 * MAX_CELL_CHARS

FILE_TOO_BIG = _(
    "The file unpacks to more than %(mb)s MB: it is not a normal list of institutions."
)
TOO_MANY_ROWS = _("The sheet “%(sheet)s” has more than %(rows)s rows; split the file.")
TOO_MANY_COLUMNS = _("The sheet “%(sheet)s” has more than %(columns)s columns.")
CELL_TOO_LONG = _("Row %(row)s of sheet “%(sheet)s” has a cell of more than %(chars)s characters.")
CELL_TOO_LONG_IN_FILE = _(
    "The file has a cell of more than %(chars)s characters: it is not a normal list of "
    "institutions."
)
NOT_READABLE = _(
    "The file cannot be read as an Excel workbook or CSV. Open it in Excel and save it again "
    "as “Excel Workbook (.xlsx)”."
)
XLS_UNREADABLE = _(
    "This old Excel file (.xls) cannot be read. Open it in Excel, choose File → Save As → "
    "“Excel Workbook (.xlsx)” and upload that file."
)
PROTECTED = _(
    "The workbook is protected with a password. Remove the password in Excel and upload it again."
)
NOT_A_SPREADSHEET = _("Upload an Excel file (.xlsx or .xls) or a CSV file (.csv).")
WEB_PAGE_AS_XLS = _(
    "This file is named .xls but is a web page or XML list saved by another program, not an "
    "Excel workbook. Open it in Excel, choose File → Save As → “Excel Workbook (.xlsx)” and "
    "upload that file."
)

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
SPREADSHEET_NAMES = (".xlsx", ".xlsm", ".xls")
TEXT_NAMES = (".csv", ".txt")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MARKUP = re.compile(rb"^\s*<(?:!doctype|html|\?xml|table|meta)", re.IGNORECASE)

MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class RawSheet:
    name: str
    # Each row as (row number as Excel shows it, list of cell values), starting at row 1.
    rows: object
    # Merged ranges as (first_row, first_col, last_row, last_col), 1-based, inclusive.
    merges: list = field(default_factory=list)
    total: int = 0


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _bounded(name: str, rows):
    """Checks every row against the bounds while it streams."""
    for number, cells in rows:
        cells = list(cells)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            yield number, cells
            continue
        if number > MAX_ROWS + 50:
            raise FileRefused(TOO_MANY_ROWS % {"sheet": name, "rows": f"{MAX_ROWS:,}"})
        if len(cells) > MAX_COLUMNS:
            raise FileRefused(TOO_MANY_COLUMNS % {"sheet": name, "columns": MAX_COLUMNS})
        for value in cells:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise FileRefused(
                    CELL_TOO_LONG % {"row": number, "sheet": name, "chars": MAX_CELL_CHARS}
                )
        yield number, cells


def _utf16_without_mark(head: bytes) -> bool:
    return head[:200].count(b"\x00") > 20 and not head.startswith((ZIP_MAGIC, OLE2_MAGIC))


def upload_problem(head: bytes, name: str):
    """Why an upload cannot be an import file (a message), or None. Its first bytes decide, the
    name only says which kind the user meant: an .xlsx that is really an old .xls (or the other
    way round) is read all the same; a web page saved as .xls gets told how to save it."""
    name = name.lower()
    if name.endswith(SPREADSHEET_NAMES):
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            return None
        if MARKUP.match(head.lstrip(codecs.BOM_UTF8)):
            return WEB_PAGE_AS_XLS
        return NOT_A_SPREADSHEET
    if name.endswith(TEXT_NAMES):
        if head.startswith((b"MZ", ZIP_MAGIC, OLE2_MAGIC, b"%PDF")):
            return NOT_A_SPREADSHEET
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if utf16 or b"\x00" not in head or _utf16_without_mark(head):
            return None
    return NOT_A_SPREADSHEET


def read_sheets(path: Path, name: str = "") -> list[RawSheet]:
    """The sheets of the file, each row streamed and bounded. The file's content decides how it is
    read, not its name: an XLSX is a ZIP archive, an XLS an OLE2 compound file."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        sheets = _read_xlsx(path)
    elif head.startswith(OLE2_MAGIC):
        sheets = _read_xls(path)
    else:
        sheets = [_read_csv(path, Path(name or path.name).stem[:100] or "CSV")]
    for sheet in sheets:
        sheet.rows = _bounded(sheet.name, sheet.rows)
    return sheets


def _check_zip(path: Path) -> None:
    """Bounds the archive before openpyxl reads a byte of it: what every member really unpacks to
    (counted while unpacking, since a ZIP's own size fields can lie), and no run of text longer
    than a cell may hold (a 400 MB cell in a 400 KB file took 7.8 GB to read). A text run cannot
    hide behind markup: "<" never appears unescaped inside a text or an attribute, so a window of
    the unpacked XML without one lies wholly inside a single value."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileRefused(NOT_READABLE) from None
    with archive:
        names = set(archive.namelist())
        if "EncryptedPackage" in names or "xl/workbook.xml" not in names:
            raise FileRefused(NOT_READABLE)
        limit = MAX_UNPACKED_MB * 1024 * 1024
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / member.compress_size if member.compress_size else 0
            if total > limit or (ratio > MAX_MEMBER_RATIO and member.file_size > 1024 * 1024):
                raise FileRefused(FILE_TOO_BIG % {"mb": MAX_UNPACKED_MB})
        unpacked = 0
        for member in archive.infolist():
            if not member.filename.endswith(".xml"):
                continue
            try:
                with archive.open(member) as source:
                    while window := source.read(TEXT_WINDOW):
                        unpacked += len(window)
                        if unpacked > limit:
                            raise FileRefused(FILE_TOO_BIG % {"mb": MAX_UNPACKED_MB})
                        if len(window) == TEXT_WINDOW and b"<" not in window:
                            raise FileRefused(CELL_TOO_LONG_IN_FILE % {"chars": MAX_CELL_CHARS})
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError):
                raise FileRefused(NOT_READABLE) from None


def _read_xlsx(path: Path) -> list[RawSheet]:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged archive
        raise FileRefused(NOT_READABLE) from None
    sheets = []
    for worksheet in workbook.worksheets:
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            continue
        merges = _xlsx_merges(worksheet)
        rows = (
            (number, row)
            for number, row in enumerate(
                worksheet.iter_rows(
                    min_row=1, min_col=1, max_col=MAX_COLUMNS + 1, values_only=True
                ),
                start=1,
            )
        )
        sheets.append(RawSheet(worksheet.title, rows, merges, worksheet.max_row or 0))
    return sheets


def _xlsx_merges(worksheet) -> list:
    """openpyxl's read-only mode streams cells but drops merged ranges; they sit at the end of
    the sheet's XML, so one quick scan of the raw bytes finds them."""
    merges, tail = [], b""
    source = worksheet._get_source()
    try:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            cut = data.rfind(b"<")
            for match in MERGE_RE.finditer(data, 0, cut if cut > 0 else len(data)):
                first_col, first_row, last_col, last_row = match.groups()
                merges.append(
                    (
                        int(first_row),
                        _column_number(first_col),
                        int(last_row),
                        _column_number(last_col),
                    )
                )
            tail = data[cut:] if cut > 0 else b""
        for match in MERGE_RE.finditer(tail):
            first_col, first_row, last_col, last_row = match.groups()
            merges.append(
                (int(first_row), _column_number(first_col), int(last_row), _column_number(last_col))
            )
    finally:
        source.close()
    return merges


def _read_xls(path: Path) -> list[RawSheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd raises its own XLRDError and others for bad files
        # A password-protected .xlsx is an OLE2 file too, holding an "EncryptedPackage" stream.
        encrypted = ENCRYPTED_STREAM in path.read_bytes()
        if encrypted or "encrypt" in str(error).lower() or "password" in str(error).lower():
            raise FileRefused(PROTECTED) from None
        raise FileRefused(XLS_UNREADABLE) from None
    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        if sheet.visibility:
            continue
        if sheet.nrows > MAX_ROWS + 50:
            raise FileRefused(TOO_MANY_ROWS % {"sheet": sheet.name, "rows": f"{MAX_ROWS:,}"})

        def rows(sheet=sheet):
            for number in range(sheet.nrows):
                cells = []
                for cell in sheet.row(number):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                        except (ValueError, OverflowError):
                            cells.append(cell.value)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        cells.append(None)
                    else:
                        cells.append(cell.value)
                yield number + 1, cells

        merges = [
            (first_row + 1, first_col + 1, last_row, last_col)
            for first_row, last_row, first_col, last_col in sheet.merged_cells
        ]
        sheets.append(RawSheet(sheet.name, rows(), merges, sheet.nrows))
    return sheets


def decode_text(data: bytes) -> str:
    """The encodings Excel writes a CSV in: UTF-8 (with or without BOM), UTF-16 (with a BOM,
    from "Unicode Text") and Windows-1252 for "CSV" on an older Windows."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if _utf16_without_mark(data):  # UTF-16 without a BOM: every other byte is NUL
        little = data[1::2].count(b"\x00") > data[0::2].count(b"\x00")
        return data.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path, name: str) -> RawSheet:
    if path.stat().st_size > MAX_UNPACKED_MB * 1024 * 1024:
        raise FileRefused(FILE_TOO_BIG % {"mb": MAX_UNPACKED_MB})
    text = decode_text(path.read_bytes())
    if "\x00" in text:
        raise FileRefused(NOT_READABLE)
    sample = "\n".join(text[:20000].splitlines()[:30])
    # The separator is the one that splits the sample's lines most evenly: Indonesian Excel writes
    # ";", others ",", "Unicode Text" a tab.
    delimiter = max(";,\t|", key=lambda sep: _split_score(sample, sep))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        total = sum(1 for _line in csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(NOT_READABLE) from None
    rows = ((number, row) for number, row in enumerate(reader, start=1))
    return RawSheet(name, _csv_safe(rows), [], total)


def _csv_safe(rows):
    try:
        yield from rows
    except csv.Error:
        raise FileRefused(NOT_READABLE) from None


def _split_score(sample: str, separator: str) -> int:
    counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=separator) if row]
    if not counts:
        return 0
    widest = max(counts)
    return (widest - 1) * sum(1 for count in counts if count == widest)


def excel_date(value: float) -> datetime.date | None:
    """A date typed into a number cell (days since 1899-12-30, Excel's epoch)."""
    if not 1 <= value < 2958466:
        return None
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
