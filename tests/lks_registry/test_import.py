"""Bringing in the office's spreadsheets: messy headers and values, dry run, all or nothing,
idempotence and the export -> import round trip."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lks_registry.models import ImportJob, ImportStatus, Institution
from tests.factories import InstitutionFactory, LksaFactory
from tests.queue import run_queue

MESSY_HEADERS = [
    "  NAMA LKS ",
    "jenis",
    "Kekhususan",
    "sasaran layanan",
    "Bentuk",
    "No Akta",
    "Tgl Akta",
    "Notaris",
    "SK Kemenkumham",
    "no npwp",
    "Alamat Lembaga",
    "RT",
    "RW",
    "Kec.",
    "KELURAHAN",
    "Nama Ketua",
    "Tgl Daftar",
    "No. Tanda Daftar",
    "Status",
    "Kolom Tambahan",
    "pengasuhan",
]


def messy_rows():
    return [
        [
            "Panti Asuhan Al Ikhlas ",
            "LKSA",
            "Anak (LKSA)",
            "Anak terlantar; anak jalanan",
            "Yayasan",
            "12",
            datetime.datetime(2015, 8, 17),
            "Notaris A",
            "AHU-1",
            "01.234.567.8-901.000",
            " Jl. Mawar 1 ",
            3,
            "4",
            "Kec. Cipondoh",
            "kel. cipondoh makmur",
            "Siti",
            "17/08/2020",
            "101/LKS/DINSOS/2020",
            "Aktif",
            "x",
            "dalam panti",
        ],
        [
            "Panti Werdha Budi",
            "lks",
            "lanjut usia",
            "Lanjut usia terlantar",
            "yayasan",
            "13",
            "17-08-2015",
            "Notaris B",
            "AHU-2",
            "012345678901001",
            "Jl. Melati 2",
            "",
            "",
            "CIPONDOH",
            "Cipondoh",
            "Budi",
            "2020-08-17",
            "102/LKS/DINSOS/2020",
            "active",
            "",
            "",
            "",
        ],
        [
            "Rumah Singgah Kroncong",
            "LKS",
            "Tuna Sosial dan Korban Perdagangan Orang",
            "Gelandangan",
            "Yayasan",
            "14",
            "2015-08-17",
            "Notaris C",
            "AHU-3",
            "01 234 567 8 901 002",
            "Jl. Kroncong",
            "1",
            "2",
            "kecamatan jatiuwung",
            "Kel. Kroncong",
            "Agus",
            "17/08/2021",
            "103/LKS/DINSOS/2021",
            "Tidak aktif",
            "",
            None,
            "",
        ],
    ]


def xlsx_file(headers, rows, name="data.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(headers, rows, name="data.csv", delimiter=";"):
    lines = [delimiter.join(headers)] + [
        delimiter.join("" if v is None else str(v) for v in row) for row in rows
    ]
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join(lines)).encode("utf-8"))


def errors_of(job):
    """(row, column) of every error message, as the page shows them."""
    found = set()
    for row in job.rows.filter(outcome="error"):
        for message in row.messages:
            found.add((row.row_number, message.split(":")[0]))
    return found


def messages_of(job):
    return " ".join(" ".join(row.messages) for row in job.rows.all())


def upload(client, uploaded):
    """Upload, then let the queue's worker check the file."""
    response = client.post(reverse("lks_registry:import_start"), {"file": uploaded})
    assert response.status_code == 302, response.context["form"].errors
    run_queue()
    return ImportJob.objects.latest("pk")


def confirm(client, job):
    client.post(reverse("lks_registry:import_confirm", args=[job.pk]))
    run_queue()
    job.refresh_from_db()
    return job


def test_messy_file_is_read_as_people_write_it(operator_client):
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows()))
    assert job.status == ImportStatus.VALIDATED, job.message
    assert (job.new_count, job.error_count) == (3, 0), messages_of(job)
    assert not Institution.objects.exists()  # the dry run writes nothing
    job = confirm(operator_client, job)
    assert job.status == ImportStatus.DONE
    ikhlas = Institution.objects.get(registration_number="101/LKS/DINSOS/2020")
    assert ikhlas.name == "Panti Asuhan Al Ikhlas" and ikhlas.address == "Jl. Mawar 1"
    assert (ikhlas.kind, ikhlas.npwp, ikhlas.rt, ikhlas.rw) == (
        "lksa",
        "012345678901000",
        "003",
        "004",
    )
    assert (ikhlas.kecamatan.name, ikhlas.kelurahan.name) == ("Cipondoh", "Cipondoh Makmur")
    assert ikhlas.deed_date == datetime.date(2015, 8, 17)
    assert ikhlas.registered_on == datetime.date(2020, 8, 17)
    assert ikhlas.registration_valid_until == datetime.date(2025, 8, 17)
    assert sorted(ikhlas.target_groups.values_list("code", flat=True)) == [
        "anak-jalanan",
        "anak-terlantar",
    ]
    budi = Institution.objects.get(name="Panti Werdha Budi")
    assert budi.deed_date == datetime.date(2015, 8, 17) and budi.registered_on == datetime.date(
        2020, 8, 17
    )
    kroncong = Institution.objects.get(name="Rumah Singgah Kroncong")
    assert (kroncong.kelurahan.name, kroncong.operating_status, kroncong.npwp) == (
        "Keroncong",
        "inactive",
        "012345678901002",
    )
    assert ikhlas.history.latest().history_user == operator_client.user


def test_csv_with_semicolons_reads_the_same(operator_client):
    job = upload(operator_client, csv_file(MESSY_HEADERS, messy_rows()[1:]))
    assert (job.status, job.new_count, job.error_count) == (ImportStatus.VALIDATED, 2, 0)


def test_errors_are_explained_per_row_and_column_in_indonesian(operator_client):
    rows = messy_rows()
    rows[0][6] = "31/02/2015"
    rows[1][13] = "Kec. Antah Berantah"
    rows[2][14] = "Kel. Sukarasa"
    rows[2][9] = "12-345"
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, rows))
    found = errors_of(job)
    assert {(2, "Tanggal Akta"), (3, "Kecamatan"), (4, "Kelurahan"), (4, "NPWP")} <= found
    messages = messages_of(job)
    assert "bukan tanggal" in messages and "tidak berada di Kecamatan Jatiuwung" in messages
    page = operator_client.get(reverse("lks_registry:import_job", args=[job.pk])).content.decode()
    assert "confirm-import" not in page and "table-danger" in page


def test_good_rows_go_in_and_rows_with_errors_are_held_back(operator_client):
    rows = messy_rows()
    rows[-1][14] = "Kel. Sukarasa"
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, rows))
    page = operator_client.get(reverse("lks_registry:import_job", args=[job.pk])).content.decode()
    assert "Impor 2 baris, tahan 1" in page
    job = confirm(operator_client, job)
    assert (job.status, job.new_count, job.held_back_count) == (ImportStatus.DONE, 2, 1)
    assert set(Institution.objects.values_list("name", flat=True)) == {
        "Panti Asuhan Al Ikhlas",
        "Panti Werdha Budi",
    }
    held = load_workbook(
        io.BytesIO(
            operator_client.get(reverse("lks_registry:import_held_back", args=[job.pk])).content
        )
    ).active
    cells = list(held.iter_rows(values_only=True))
    assert cells[1][0] == 4 and "Sukarasa" in cells[1][1] and "Rumah Singgah Kroncong" in cells[1]


def test_reimporting_the_same_file_changes_nothing(operator_client):
    confirm(operator_client, upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows())))
    before = list(Institution.objects.order_by("pk").values())
    again = upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows()))
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 3)
    assert list(Institution.objects.order_by("pk").values()) == before


def test_rows_match_by_registration_number_then_npwp(operator_client):
    by_number = InstitutionFactory(registration_number="101/LKS/DINSOS/2020", name="Nama Lama")
    by_npwp = InstitutionFactory(npwp="012345678901001", name="Panti Werdha Budi", address="Lama")
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows()[:2]))
    assert (job.new_count, job.changed_count, job.review_count) == (0, 1, 1), messages_of(job)
    first = job.rows.get(row_number=2)
    assert first.outcome == "conflict" and first.matched == by_number
    assert "Nama Lama" in " ".join(first.messages)
    operator_client.post(
        reverse("lks_registry:import_decide", args=[job.pk]), {f"decision-{first.pk}": "update"}
    )
    confirm(operator_client, job)
    by_number.refresh_from_db()
    assert by_number.name == "Panti Asuhan Al Ikhlas" and by_number.version == 2
    assert Institution.objects.count() == 2 and by_npwp.pk


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_is_a_round_trip_that_changes_nothing(operator_client, fmt):
    LksaFactory(
        permit_number="IO-1",
        permit_date=datetime.date(2024, 1, 2),
        permit_valid_until=datetime.date(2029, 1, 2),
        children_piatu=2,
    )
    InstitutionFactory(
        founded_on=datetime.date(2001, 2, 3), capacity=40, phone="0215551234", rt="003"
    )
    InstitutionFactory(operating_status="suspended")
    response = operator_client.get(reverse("lks_registry:institution_list"), {"export": fmt})
    content = b"".join(response.streaming_content) if fmt == "csv" else response.content
    job = upload(operator_client, SimpleUploadedFile(f"ekspor.{fmt}", content))
    assert (job.new_count, job.changed_count, job.error_count, job.unchanged_count) == (
        0,
        0,
        0,
        3,
    ), messages_of(job)


def test_export_follows_the_list_filters(operator_client):
    InstitutionFactory(kind="lks", name="Yayasan Satu")
    LksaFactory(name="Panti Dua")
    response = operator_client.get(
        reverse("lks_registry:institution_list"), {"export": "xlsx", "kind": "lksa"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][3] == "Nama Lembaga" and [r[3] for r in rows[1:]] == ["Panti Dua"]


def test_template_lists_the_allowed_values(operator_client):
    workbook = load_workbook(
        io.BytesIO(operator_client.get(reverse("lks_registry:import_template")).content)
    )
    assert workbook.sheetnames == ["Data LKS", "Nilai yang diperbolehkan", "Petunjuk"]
    allowed = list(workbook["Nilai yang diperbolehkan"].iter_cols(values_only=True))
    kecamatan = [v for v in allowed[0][1:] if v]
    assert len(kecamatan) == 13 and "Cipondoh" in kecamatan


def test_disguised_file_is_refused(operator_client):
    response = operator_client.post(
        reverse("lks_registry:import_start"),
        {"file": SimpleUploadedFile("data.xlsx", b"MZ\x90\x00" * 100)},
    )
    assert (
        "Unggah berkas Excel (.xlsx atau .xls) atau berkas CSV (.csv)." in response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_file_without_a_name_column_fails_with_a_message(operator_client):
    job = upload(operator_client, xlsx_file(["Alamat", "Kecamatan"], [["Jl. A", "Cipondoh"]]))
    assert job.status == ImportStatus.FAILED and "Nama Lembaga" in job.message


def test_an_upload_waits_in_the_queue_until_a_worker_runs_it(operator_client):
    response = operator_client.post(
        reverse("lks_registry:import_start"), {"file": xlsx_file(MESSY_HEADERS, messy_rows())}
    )
    job = ImportJob.objects.latest("pk")
    page = operator_client.get(response["Location"])
    assert (job.status, page.context["queue"].phase) == (ImportStatus.VALIDATING, "waiting")

    run_queue()

    job.refresh_from_db()
    assert (job.status, job.new_count) == (ImportStatus.VALIDATED, 3)
    assert operator_client.get(response["Location"]).context["queue"].phase == "done"


def test_pimpinan_may_not_import(pimpinan_client):
    assert pimpinan_client.get(reverse("lks_registry:import_start")).status_code == 403


def test_kelurahan_names_that_begin_like_a_prefix_are_kept(db):
    from lks_registry.spreadsheet import Lookups, resolve_area

    lookups = Lookups()
    for written in ("Kelapa Indah", "Kel. Kelapa Indah"):
        _kecamatan, kelurahan, errors = resolve_area("Kec. Tangerang", written, lookups)
        assert (kelurahan.name, errors) == ("Kelapa Indah", [])


def test_npwp_of_another_register_entry_is_an_error_row(operator_client):
    InstitutionFactory(registration_number="101/LKS/DINSOS/2020", npwp="")
    InstitutionFactory(npwp="012345678901000", registration_number="900/LKS/DINSOS/2020")
    job = upload(operator_client, xlsx_file(MESSY_HEADERS, messy_rows()[:1]))
    (row,) = job.rows.all()
    assert row.outcome == "error" and row.messages == [
        "NPWP: Lembaga lain sudah terdaftar dengan NPWP ini."
    ]
