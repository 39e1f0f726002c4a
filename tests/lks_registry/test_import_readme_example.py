"""The messy workbook of the README's import section, and what the README says the user sees."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lks_registry.models import Institution
from tests.lks_registry.test_import import confirm, upload


def readme_workbook() -> bytes:
    book = Workbook()
    recap = book.active
    recap.title = "Rekap"
    for row in (["REKAP LKS PER KECAMATAN"], ["No", "Kecamatan", "Jumlah LKS"], [1, "Cipondoh", 3]):
        recap.append(row)
    sheet = book.create_sheet("Data LKS")
    for row in (
        ["DATA LKS KOTA TANGERANG"],
        ["Per 31 Desember 2024"],
        ["No.", "NAMA LKS", "N P W P", "AKTA PENDIRIAN", None, "ALAMAT", None, "Kec.", "Jenis Pelayanan"],
        [None, None, None, "Nomor", "Tanggal", "Jalan", "Kelurahan", None, None],
        [1, "Yayasan  Kasih", 12345678901234, "12", "24 November 2021", "Jl. Mawar 1",
         "Cipondoh Makmur", "Cipondoh", "Anak Terlantar"],
        [2, "Panti\u00a0Bina", "01.234.567.8-901.001", 7, "17-Agu-2015", "Jl. Melati", "Kenanga",
         None, "Anak; Lansia"],
        [3, "LKS Harapan", "12.345.678.9-012", "8", datetime.datetime(2015, 8, 17), "Jl. Kenari",
         "Poris Plawad", "Cipondoh", "Lansia"],
        ["JUMLAH", 3],
    ):  # fmt: skip
        sheet.append(row)
    for cells in ("D3:E3", "F3:G3", "A3:A4", "B3:B4", "C3:C4", "H3:H4", "I3:I4", "H5:H6"):
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_readme_example_reads_as_the_readme_says(operator_client):
    job = upload(operator_client, SimpleUploadedFile("data-lks-2024.xlsx", readme_workbook()))

    sheets = {sheet["name"]: sheet for sheet in job.sheets}
    assert (sheets["Rekap"]["status"], sheets["Data LKS"]["header_rows"]) == ("skipped", [3, 4])
    used = {c["header"]: c["used_as"] for c in job.columns if c["field"] != "row_number"}
    assert used == {
        "NAMA LKS": "Nama Lembaga",
        "N P W P": "NPWP",
        "AKTA PENDIRIAN / Nomor": "Nomor Akta",
        "AKTA PENDIRIAN / Tanggal": "Tanggal Akta",
        "ALAMAT / Jalan": "Alamat",
        "ALAMAT / Kelurahan": "Kelurahan",
        "Kec.": "Kecamatan",
        "Jenis Pelayanan": "Jenis Layanan",
    }
    assert job.skipped_rows == [{"sheet": "Data LKS", "row": 8, "reason": "baris jumlah"}]
    rows = {row.row_number: row for row in job.rows.all()}
    assert {n: row.outcome for n, row in rows.items()} == {5: "new", 6: "new", 7: "error"}
    assert rows[5].missing == ["Jenis Lembaga", "Kekhususan", "Bentuk Lembaga", "Ketua"]
    assert rows[6].missing == [
        "Jenis Lembaga",
        "Kekhususan",
        "Bentuk Lembaga",
        "Ketua",
        "Jenis Layanan",
    ]
    assert rows[7].messages == [
        "NPWP: NPWP harus terdiri dari 15 atau 16 angka, misalnya 01.234.567.8-901.000."
    ]
    page = operator_client.get(reverse("lks_registry:import_job", args=[job.pk])).content.decode()
    assert "Impor 2 baris, tahan 1" in page

    job = confirm(operator_client, job)

    kasih = Institution.objects.get(name="Yayasan Kasih")
    assert (kasih.npwp, kasih.deed_date, kasih.kecamatan.name, kasih.kelurahan.name) == (
        "012345678901234",
        datetime.date(2021, 11, 24),
        "Cipondoh",
        "Cipondoh Makmur",
    )
    bina = Institution.objects.get(name="Panti Bina")
    assert (bina.deed_date, bina.kecamatan.name, bina.service_types_note) == (
        datetime.date(2015, 8, 17),
        "Cipondoh",
        "Anak; Lansia",
    )
    page = operator_client.get(reverse("lks_registry:import_job", args=[job.pk])).content.decode()
    assert "Diimpor: 2 baru, 0 berubah; 1 ditahan." in page
