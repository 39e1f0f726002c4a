"""The import against generated office workbooks: many shapes from fixed seeds, every parsed
value compared field by field with what the generator wrote."""

import pytest
from django.core.files.base import ContentFile

from lks_registry import importer, roles
from lks_registry.models import ImportJob, ImportStatus, Institution, Kelurahan
from tests.factories import UserFactory
from tests.lks_registry.workbook_corpus import make_case

SEEDS = range(16)


@pytest.fixture
def areas(db):
    return [
        (kelurahan.kecamatan.name, kelurahan.name)
        for kelurahan in Kelurahan.objects.select_related("kecamatan").order_by("code")[::9]
    ]


@pytest.fixture
def operator_user(db):
    return UserFactory(role=roles.OPERATOR)


def run_case(case, user):
    job = ImportJob.objects.create(
        file=ContentFile(case.content, name=case.file_name),
        original_name=case.file_name,
        created_by=user,
    )
    job = importer.validate(job)
    assert job.status == ImportStatus.VALIDATED, (case.shape, job.message)
    return job


@pytest.mark.parametrize("seed", SEEDS)
def test_every_generated_workbook_is_read_value_by_value(seed, areas, operator_user):
    case = make_case(seed, areas)
    job = run_case(case, operator_user)
    rows = {(row.sheet, row.row_number): row for row in job.rows.all()}
    assert set(rows) == {(e.sheet, e.row) for e in case.expected}, case.shape
    for expected in case.expected:
        row = rows[(expected.sheet, expected.row)]
        assert (row.outcome, row.messages) == ("new", []), (case.shape, row.messages)
    skipped = {(skip["sheet"], skip["row"]) for skip in job.skipped_rows}
    assert case.skipped <= skipped, case.shape

    importer.import_job_confirm(job_id=job.pk)
    job = importer.run(job.pk)
    assert job.new_count == len(case.expected)
    for expected in case.expected:
        row = job.rows.get(sheet=expected.sheet, row_number=expected.row)
        institution = Institution.objects.select_related("kecamatan", "kelurahan").get(
            pk=row.institution_id
        )
        context = (case.shape, expected)
        assert institution.name == " ".join(expected.name.split()), context
        assert (institution.kecamatan.name, institution.kelurahan.name) == (
            expected.kecamatan,
            expected.kelurahan,
        ), context
        assert institution.npwp == expected.npwp, context
        assert institution.phone == expected.phone, context
        assert institution.head_name == expected.head_name, context
        assert institution.address == expected.address, context
        assert institution.deed_number == expected.deed_number, context
        assert institution.deed_date == expected.deed_date, context
        assert institution.founded_on == expected.founded_on, context
        assert set(institution.target_groups.values_list("name", flat=True)) == expected.groups
        assert ("target_groups" in institution.incomplete_fields) == (
            expected.services_unsure or not expected.services_given or not expected.groups
        ), context
        assert institution.is_incomplete  # no file of the corpus gives every field
        assert institution.history.latest().history_user == operator_user


@pytest.mark.parametrize("seed", range(100, 106))
def test_generated_csv_in_every_encoding_reads_the_same(seed, areas, operator_user):
    case = make_case(seed, areas, csv_format=True)
    job = run_case(case, operator_user)
    names = dict(job.rows.values_list("row_number", "name"))
    assert names == {e.row: " ".join(e.name.split()) for e in case.expected}, case.shape
