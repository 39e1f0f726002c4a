"""Every CSV and XLSX download: a fixed number of queries whatever its rows, no live formulas
(OWASP CSV injection), real dates in XLSX, the semicolon CSV for Excel Indonesia."""

import base64
import csv
import datetime
import io
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lks_registry.formula_injection import neutralise, restore
from lks_registry.models import TargetGroup
from tests.factories import ConcernFactory, InstitutionFactory, LksaFactory
from tests.reports.test_metrics import days, decided

EVIL = '=HYPERLINK("http://evil.example","x")'
LIST = reverse("lks_registry:institution_list")
CONCERNS = reverse("reports:metric_list", args=["open_concerns"])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response, delimiter=","):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=delimiter))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(body(response))).worksheets[0]


def queries_of_download(client, url, params):
    """Queries of the request and of reading the whole (streamed) body."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
        assert response.status_code == 200
        body(response)
    return len(context.captured_queries)


@pytest.mark.parametrize("value", ["=1+1", "+62 21", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_quoted_and_restored(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["Yayasan Kasih", "'quoted already", "", 5, -5, None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value
    assert restore(value) == value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_register_export_query_count_does_not_grow_with_rows(operator_client, fmt):
    InstitutionFactory()
    one = queries_of_download(operator_client, LIST, {"export": fmt})
    InstitutionFactory.create_batch(2)
    LksaFactory()
    assert queries_of_download(operator_client, LIST, {"export": fmt}) == one


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_metric_list_export_query_count_does_not_grow_with_rows(pimpinan_client, fmt):
    url = reverse("reports:metric_list", args=["registered"])
    InstitutionFactory()
    one = queries_of_download(pimpinan_client, url, {"export": fmt})
    InstitutionFactory.create_batch(2)
    assert queries_of_download(pimpinan_client, url, {"export": fmt}) == one


def test_register_export_neutralises_formulas(operator_client):
    InstitutionFactory(name=EVIL, phone="+62 21 5551234")
    rows = csv_rows(operator_client.get(LIST, {"export": "csv"}))
    header = rows[0]
    assert rows[1][header.index("Nama Lembaga")] == "'" + EVIL
    assert rows[1][header.index("Telepon")] == "'+62 21 5551234"
    sheet = xlsx_sheet(operator_client.get(LIST, {"export": "xlsx"}))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + EVIL in [cell.value for cell in cells]


def test_dashboard_list_exports_neutralise_a_concern_name(pimpinan_client):
    ConcernFactory(institution=None, institution_name=EVIL)
    rows = csv_rows(pimpinan_client.get(CONCERNS, {"export": "csv"}))
    assert rows[1][2] == "'" + EVIL
    sheet = xlsx_sheet(pimpinan_client.get(CONCERNS, {"export": "xlsx"}))
    cell = sheet.cell(row=2, column=3)
    assert (cell.value, cell.data_type) == ("'" + EVIL, "s")


def test_xlsx_dates_are_real_dates_and_columns_have_widths(operator_client):
    InstitutionFactory(name="Yayasan Panjang Sekali Namanya Untuk Kolom", registered_on=None)
    InstitutionFactory(registered_on=datetime.date(2024, 1, 15))
    sheet = xlsx_sheet(operator_client.get(LIST, {"export": "xlsx"}))
    header = [cell.value for cell in sheet[1]]
    column = header.index("Tanggal Daftar") + 1
    dated = [sheet.cell(row=r, column=column) for r in (2, 3)]
    dated = next(cell for cell in dated if cell.value)
    assert dated.is_date and dated.value == datetime.datetime(2024, 1, 15)
    assert dated.number_format == "DD/MM/YYYY"
    name_letter = sheet.cell(row=1, column=header.index("Nama Lembaga") + 1).column_letter
    rt_letter = sheet.cell(row=1, column=header.index("RT") + 1).column_letter
    assert sheet.column_dimensions[name_letter].width > sheet.column_dimensions[rt_letter].width


def test_csv_dates_are_indonesian_text(operator_client):
    InstitutionFactory(registered_on=datetime.date(2024, 1, 15))
    rows = csv_rows(operator_client.get(LIST, {"export": "csv"}))
    assert rows[1][rows[0].index("Tanggal Daftar")] == "15/01/2024"


def test_semicolon_csv_for_excel_indonesia(operator_client):
    institution = InstitutionFactory(name="Yayasan Koma, Titik")
    institution.target_groups.set(TargetGroup.objects.order_by("sort_order", "name")[:2])
    response = operator_client.get(LIST, {"export": "csv", "sep": "semicolon"})
    rows = csv_rows(response, delimiter=";")
    assert rows[0][:2] == ["Nomor Tanda Daftar", "Tanggal Daftar"]
    assert rows[1][rows[0].index("Nama Lembaga")] == "Yayasan Koma, Titik"
    names = [g.name for g in TargetGroup.objects.order_by("sort_order", "name")[:2]]
    assert rows[1][rows[0].index("Jenis Layanan")] == "; ".join(names)
    page = operator_client.get(LIST).content.decode()
    assert "export=csv&amp;sep=semicolon" in page and "CSV (Excel Indonesia)" in page


def test_dashboard_csv_with_semicolons(pimpinan_client):
    InstitutionFactory()
    response = pimpinan_client.get(
        reverse("reports:dashboard"), {"export": "csv", "sep": "semicolon"}
    )
    rows = csv_rows(response, delimiter=";")
    assert rows[0][:2] == ["Kecamatan", "Terdaftar"] and rows[-1][:2] == ["Jumlah", "1"]


def pdf_text(content: bytes) -> str:
    """The page streams of a ReportLab PDF (ASCII85, then Flate), decoded."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        data = stream.strip()
        try:
            if data.endswith(b"~>"):
                data = base64.a85decode(data.removeprefix(b"<~").removesuffix(b"~>"))
            text.append(zlib.decompress(data).decode("latin-1"))
        except (ValueError, zlib.error):  # an image or font stream
            continue
    return "\n".join(text)


def test_dashboard_pdf_writes_decimals_with_a_comma(pimpinan_client):
    decided(InstitutionFactory(), "A", days(10))
    InstitutionFactory.create_batch(2)
    screen = pimpinan_client.get(reverse("reports:dashboard")).content.decode()
    assert "33,3%" in screen
    pdf = pimpinan_client.get(reverse("reports:dashboard"), {"export": "pdf"})
    text = pdf_text(pdf.content)
    assert "33,3%" in text and "33.3%" not in text
