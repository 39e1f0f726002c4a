"""Export -> import gives the register back unchanged: texts that look like formulas come back
as they were typed, and institutions without registration number and NPWP are found again
instead of being added a second time."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lks_registry.models import Institution
from tests.factories import InstitutionFactory
from tests.lks_registry.test_import import confirm, messages_of, upload

FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'


def export(client, fmt):
    response = client.get(reverse("lks_registry:institution_list"), {"export": fmt})
    content = b"".join(response.streaming_content) if fmt == "csv" else response.content
    return SimpleUploadedFile(f"ekspor.{fmt}", content)


def without_keys(**values):
    """A record the office typed in before it had a tanda daftar or an NPWP."""
    return InstitutionFactory(registration_number="", registered_on=None, npwp="", **values)


def snapshot():
    return list(
        Institution.objects.order_by("pk").values(
            "pk", "name", "head_name", "phone", "address", "version", "npwp"
        )
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_texts_that_look_like_formulas_come_back_as_typed(operator_client, fmt):
    InstitutionFactory(name=FORMULA_NAME, head_name="-Ketua", phone="+62 812-3456-7890")
    without_keys(name="@Yayasan Tanpa Nomor", address="=1+1")
    before = snapshot()

    job = upload(operator_client, export(operator_client, fmt))

    assert (job.new_count, job.changed_count, job.review_count, job.error_count) == (0, 0, 0, 0), (
        messages_of(job)
    )
    assert job.unchanged_count == 2
    confirm(operator_client, job)
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_records_without_number_or_npwp_are_found_again_not_added(operator_client, fmt):
    twin_a = without_keys(name="Panti Kasih", head_name="Ani")
    twin_b = without_keys(name="Panti  kasih", head_name="Budi")  # same name, same kelurahan
    without_keys(name="Panti Harapan")
    InstitutionFactory(name="Yayasan Bernomor")
    before = snapshot()

    job = upload(operator_client, export(operator_client, fmt))

    assert (job.new_count, job.review_count, job.unchanged_count) == (0, 0, 4), messages_of(job)
    matched = set(job.rows.values_list("matched_id", flat=True))
    assert {twin_a.pk, twin_b.pk} <= matched
    confirm(operator_client, job)
    assert snapshot() == before


def test_a_changed_row_without_keys_asks_before_it_adds_or_updates(operator_client):
    record = without_keys(name="Panti Kasih", head_name="Ani")
    upload_file = export(operator_client, "xlsx")
    record.head_name = "Ibu Ani"  # the register moved on after the export
    record.save()

    job = upload(operator_client, upload_file)

    (row,) = job.rows.all()
    assert (row.outcome, row.matched_id, row.changes) == ("duplicate", record.pk, ["Ketua"])
    confirm(operator_client, job)
    assert Institution.objects.count() == 1


def test_a_second_row_of_the_same_name_in_the_file_is_a_possible_duplicate(operator_client):
    record = InstitutionFactory(name="Panti Kasih")
    rows = [
        ["Nama Lembaga", "Kecamatan", "Kelurahan", "Nomor Tanda Daftar"],
        ["Panti Kasih", "Cipondoh", record.kelurahan.name, record.registration_number],
        ["PANTI KASIH", "Cipondoh", record.kelurahan.name, ""],
    ]
    content = "\n".join(";".join(row) for row in rows).encode()

    job = upload(operator_client, SimpleUploadedFile("data.csv", content))

    second = job.rows.get(row_number=3)
    assert second.outcome == "duplicate"
    assert "baris 2" in " ".join(second.messages)
