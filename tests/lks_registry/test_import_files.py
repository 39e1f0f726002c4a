"""What an upload may be, and the bounds put on a file before it is read (issue 15: a 408 KB
XLSX with one 400 MB cell took 7.8 GB and left its job "validating" for ever). Each failure
ends the job as failed with an Indonesian message."""

import codecs
import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lks_registry import workbook
from lks_registry.models import ImportJob, ImportStatus
from tests.lks_registry.test_import import upload

ROWS = [
    ["DATA LKS KOTA TANGERANG"],
    ["No", "Nama Lembaga", "Kelurahan", "Kecamatan", "Tanggal Akta"],
    ["1", "Yayasan Café Señor", "Cipondoh Makmur", "Cipondoh", "24 November 2021"],
    ["2", "Panti Bina", "Kenanga", "Cipondoh", "17-Agu-2015"],
    ["JUMLAH", "2"],
]


def csv_bytes(encoding, separator=";"):
    return "\r\n".join(separator.join(row) for row in ROWS).encode(encoding)


def read_names(job):
    assert job.status == ImportStatus.VALIDATED, job.message
    return dict(job.rows.values_list("row_number", "name"))


@pytest.mark.parametrize(
    "content",
    [
        codecs.BOM_UTF16_LE + csv_bytes("utf-16-le"),
        csv_bytes("utf-16-le"),  # "Unicode Text" written without its mark
        csv_bytes("cp1252"),
        codecs.BOM_UTF8 + csv_bytes("utf-8", ","),
        csv_bytes("utf-8", "\t"),
    ],
    ids=["utf-16", "utf-16 without BOM", "cp1252", "utf-8 BOM comma", "tab"],
)
def test_csv_as_excel_writes_it(operator_client, content):
    job = upload(operator_client, SimpleUploadedFile("data.csv", content))
    assert read_names(job) == {3: "Yayasan Café Señor", 4: "Panti Bina"}
    assert {"sheet": "data", "row": 5, "reason": "baris jumlah"} in job.skipped_rows


def xls_bytes():
    import xlwt  # only to write test files; the app reads .xls with xlrd

    book = xlwt.Workbook()
    sheet = book.add_sheet("Data LKS")
    sheet.write(0, 0, "DATA LKS")
    for col, text in enumerate(["No", "Nama LKS", "N P W P", "Kel.", "Kec.", "Tgl Akta", "HP"]):
        sheet.write(2, col, text)
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    row = [1, "Yayasan Lama", 12345678901234.0, "Kenanga", "Cipondoh", None, 81234567890]
    for col, value in enumerate(row):
        if value is not None:
            sheet.write(3, col, value)
    sheet.write(3, 5, datetime.date(2015, 8, 17), dates)
    sheet.write(4, 1, "Panti Dua")
    sheet.write(4, 3, "Tajur")
    sheet.write_merge(4, 5, 4, 4, "Ciledug")  # the kecamatan merged down
    sheet.write(5, 1, "Panti Tiga")
    sheet.write(5, 3, "Sudimara Barat")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["lama.xls", "lama.xlsx"])  # also an .xls renamed to .xlsx
def test_old_xls_is_read_with_its_numbers_dates_and_merges(operator_client, name):
    from lks_registry.models import Institution

    job = upload(operator_client, SimpleUploadedFile(name, xls_bytes()))
    assert read_names(job) == {4: "Yayasan Lama", 5: "Panti Dua", 6: "Panti Tiga"}
    operator_client.post(reverse("lks_registry:import_confirm", args=[job.pk]))
    from tests.queue import run_queue

    run_queue()
    first = Institution.objects.get(name="Yayasan Lama")
    assert (first.npwp, first.phone, first.deed_date) == (
        "012345678901234",
        "081234567890",
        datetime.date(2015, 8, 17),
    )
    assert set(
        Institution.objects.filter(name__startswith="Panti").values_list(
            "kecamatan__name", flat=True
        )
    ) == {"Ciledug"}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("data.xls", b"<html><body><table><tr><td>Nama</td></tr></table>", "halaman web"),
        ("data.xls", b"\xef\xbb\xbf<?xml version='1.0'?><Workbook>", "halaman web"),
        ("data.csv", b"MZ\x90\x00" * 100, "Unggah berkas Excel"),
        ("data.xlsx", b"%PDF-1.4 hello", "Unggah berkas Excel"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload(
    operator_client, name, content, message
):
    response = operator_client.post(
        reverse("lks_registry:import_start"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_password_protected_workbook_says_so(operator_client):
    # Excel keeps an encrypted .xlsx in an OLE2 file with an "EncryptedPackage" stream.
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    job = upload(operator_client, SimpleUploadedFile("rahasia.xlsx", content))
    assert job.status == ImportStatus.FAILED and "kata sandi" in job.message


SHEET_HEAD = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nama Lembaga</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Kecamatan</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
)
SHEET_TAIL = (
    b'</t></is></c><c r="B2" t="inlineStr"><is><t>Cipondoh</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def bomb(cell_bytes: int) -> bytes:
    """An XLSX whose one cell holds cell_bytes characters: a few kilobytes packed."""
    good = io.BytesIO()
    Workbook().save(good)
    source = zipfile.ZipFile(io.BytesIO(good.getvalue()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info))
                continue
            with archive.open(info.filename, "w") as member:
                member.write(SHEET_HEAD)
                for _ in range(cell_bytes >> 20):
                    member.write(b"A" * (1 << 20))
                member.write(b"A" * (cell_bytes % (1 << 20)))
                member.write(SHEET_TAIL)
    return packed.getvalue()


def test_a_huge_cell_is_refused_before_it_is_read(operator_client, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_MEMBER_RATIO", 10**6)  # the ratio alone would catch it
    content = bomb(30 * 1024 * 1024)
    assert len(content) < 100 * 1024

    job = upload(operator_client, SimpleUploadedFile("bom.xlsx", content))

    assert (job.status, job.message) == (
        ImportStatus.FAILED,
        "Berkas memuat sel lebih dari 2000 karakter: ini bukan daftar lembaga yang biasa.",
    )


def test_a_file_that_unpacks_to_more_than_the_bound_is_refused(operator_client, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNPACKED_MB", 5)
    job = upload(operator_client, SimpleUploadedFile("bom.xlsx", bomb(6 * 1024 * 1024)))
    assert job.status == ImportStatus.FAILED and "lebih dari 5 MB" in job.message


def test_a_cell_just_over_the_limit_is_refused_by_its_row(operator_client):
    book = Workbook()
    book.active.append(["Nama Lembaga", "Kecamatan"])
    book.active.append(["Y" * 2001, "Cipondoh"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(operator_client, SimpleUploadedFile("panjang.xlsx", buffer.getvalue()))
    assert job.status == ImportStatus.FAILED and "Baris 2" in job.message


def test_too_many_columns_and_rows_are_refused(operator_client, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    wide = Workbook()
    wide.active.append(["Nama Lembaga", "Kecamatan"] + ["x"] * 250)
    long = Workbook()
    long.active.append(["Nama Lembaga", "Kecamatan"])
    for index in range(60):
        long.active.append([f"Yayasan {index}", "Cipondoh"])
    messages = []
    for name, book in (("lebar.xlsx", wide), ("panjang.xlsx", long)):
        buffer = io.BytesIO()
        book.save(buffer)
        job = upload(operator_client, SimpleUploadedFile(name, buffer.getvalue()))
        messages.append((job.status, job.message))
    assert messages == [
        (ImportStatus.FAILED, "Sheet “Sheet” berisi lebih dari 200 kolom."),
        (ImportStatus.FAILED, "Sheet “Sheet” berisi lebih dari 3 baris; bagi berkasnya."),
    ]
