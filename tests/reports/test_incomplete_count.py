"""The dashboard says how many registered institutions are still marked "data belum lengkap",
and the import's incomplete records raise it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports import metrics
from tests.factories import InstitutionFactory
from tests.lks_registry.test_import import confirm, upload


def registered_incomplete():
    filters = metrics.Filters(day=timezone.localdate())
    return metrics.institution_counts(filters)["total"]["registered_incomplete"]


def test_counts_only_registered_institutions_marked_incomplete(db):
    InstitutionFactory()
    InstitutionFactory(incomplete_fields=["legal_form"])
    InstitutionFactory(incomplete_fields=["legal_form"], operating_status="revoked")
    InstitutionFactory(incomplete_fields=["kind"], registration_number="", registered_on=None)
    assert registered_incomplete() == 1


def test_an_import_of_registered_rows_without_legal_form_raises_the_count(operator_client):
    rows = [
        ["Nomor Tanda Daftar", "Tanggal Daftar", "Nama Lembaga", "Kecamatan", "Kelurahan"],
        ["501/LKS/DINSOS/2024", "15/01/2024", "Yayasan Baru", "Cipondoh", "Kenanga"],
    ]
    file = SimpleUploadedFile("baru.csv", "\n".join(";".join(r) for r in rows).encode())
    confirm(operator_client, upload(operator_client, file))

    assert registered_incomplete() == 1
    page = operator_client.get(reverse("reports:dashboard"))
    tiles = {tile["key"]: tile["value"] for tile in page.context["tiles"]}
    assert tiles["registered_incomplete"] == 1
    assert "Terdaftar, data belum lengkap" in page.content.decode()
