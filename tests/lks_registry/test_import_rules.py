"""An import changes the register only through the register's own services: a status change
is a status-change row with the uploader and the reason "Impor berkas <name>", and the warning
rule holds (an LKSA is not revoked by a file without its three written warnings). The job's own
states change only through the importer's steps, whatever the page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lks_registry import importer
from lks_registry.models import ImportJob, ImportStatus, StatusChange
from supervision import services as supervision
from tests.factories import LksaFactory, UserFactory
from tests.lks_registry.test_import import confirm, upload
from tests.queue import run_queue


def status_file(institution, status, name="status.csv"):
    rows = [
        ["Nomor Tanda Daftar", "Nama Lembaga", "Status Operasional"],
        [institution.registration_number, institution.name, status],
    ]
    return SimpleUploadedFile(name, "\n".join(";".join(r) for r in rows).encode())


def warn(institution, level):
    on = datetime.date.today() - datetime.timedelta(days=30 - level)
    supervision.written_warning_issue(
        institution=institution,
        level=level,
        reason="Pelanggaran standar pengasuhan",
        children_in_danger=False,
        user=UserFactory(username=f"officer-{level}"),
        letter_number=f"400.9/{level}/DINSOS",
        correction_deadline=on + datetime.timedelta(days=14),
        issued_on=on,
    )


def test_a_file_cannot_revoke_an_lksa_without_its_warnings(operator_client):
    lksa = LksaFactory()

    job = upload(operator_client, status_file(lksa, "Dicabut"))

    (row,) = job.rows.all()
    assert row.outcome == "error" and "setelah surat peringatan ketiga" in " ".join(row.messages)
    job = confirm(operator_client, job)
    lksa.refresh_from_db()
    assert (job.status, job.held_back_count, lksa.operating_status) == ("done", 1, "active")
    assert not StatusChange.objects.filter(institution=lksa).exists()


@pytest.mark.parametrize("warnings, revoked", [(2, False), (3, True)])
def test_after_the_third_warning_the_file_revokes_and_leaves_history(
    operator_client, warnings, revoked
):
    lksa = LksaFactory()
    for level in range(1, warnings + 1):
        warn(lksa, level)

    job = confirm(operator_client, upload(operator_client, status_file(lksa, "Dicabut", "x.csv")))

    lksa.refresh_from_db()
    changes = list(StatusChange.objects.filter(institution=lksa))
    if not revoked:
        assert (lksa.operating_status, changes, job.held_back_count) == ("active", [], 1)
        return
    assert lksa.operating_status == "revoked" and job.changed_count == 1
    (change,) = changes
    assert (change.old_status, change.new_status, change.reason, change.changed_by) == (
        "active",
        "revoked",
        "Impor berkas x.csv",
        operator_client.user,
    )
    assert lksa.history.latest().history_user == operator_client.user
    assert job.rows.get().institution_id == lksa.pk


def test_a_status_the_record_has_already_is_no_change(operator_client):
    lksa = LksaFactory()
    job = upload(operator_client, status_file(lksa, "Aktif"))
    assert (job.unchanged_count, job.error_count) == (1, 0)


def test_confirming_twice_queues_one_import(operator_client):
    job = upload(operator_client, status_file(LksaFactory(), "Tidak aktif"))
    url = reverse("lks_registry:import_confirm", args=[job.pk])
    operator_client.post(url)
    second = operator_client.post(url, follow=True)

    assert "belum dapat diimpor dalam keadaannya sekarang" in second.content.decode()
    run_queue()
    job.refresh_from_db()
    assert (job.status, job.changed_count) == (ImportStatus.DONE, 1)


def test_the_job_moves_only_through_the_importer_steps(operator_client):
    job = upload(operator_client, status_file(LksaFactory(), "Tidak aktif"))
    with pytest.raises(importer.ImportNotNow):
        importer.import_job_choose_sheets(job_id=job.pk, sheets=["no such sheet"])
    importer.import_job_confirm(job_id=job.pk)
    with pytest.raises(importer.ImportNotNow):
        importer.import_job_confirm(job_id=job.pk)
    with pytest.raises(importer.ImportNotNow):
        importer.import_job_decide(job_id=job.pk, decisions={})
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING


def test_a_file_that_keeps_killing_its_worker_ends_as_failed(operator_client):
    response = operator_client.post(
        reverse("lks_registry:import_start"), {"file": status_file(LksaFactory(), "Aktif")}
    )
    job = ImportJob.objects.get()
    # Three runs were started and never finished (the worker was killed each time).
    ImportJob.objects.filter(pk=job.pk).update(attempts=importer.MAX_ATTEMPTS)

    run_queue()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "menghentikan" in job.message
    page = operator_client.get(response["Location"]).content.decode()
    assert job.message in page


def test_a_dry_run_still_waiting_in_the_queue_does_not_undo_the_confirmation(operator_client):
    operator_client.post(
        reverse("lks_registry:import_start"), {"file": status_file(LksaFactory(), "Tidak aktif")}
    )
    job = importer.validate(ImportJob.objects.get())  # run outside the queue: its job still waits

    importer.import_job_confirm(job_id=job.pk)

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING
