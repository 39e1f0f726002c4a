"""What the register asks of a legal entity (NPWP, SK Kemenkumham date) and of an LKSA (its
operating permit, ending after the years set by the admin), through every route that writes a
record: the staff form, the online registration form and the import."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.models import RegistrationApplication
from lks_registry.models import Institution, LegalForm, RegistrySettings, Specialisation
from tests.factories import InstitutionFactory, LksaFactory
from tests.lks_registry.helpers import institution_form_data
from tests.lks_registry.test_import import confirm, upload

REQUIRED_FOR_ENTITY = "Wajib diisi untuk lembaga berbadan hukum."
REQUIRED_FOR_LKSA = "Wajib diisi untuk LKSA."


@pytest.mark.parametrize("field", ["npwp", "ratification_date"])
def test_a_legal_entity_without_npwp_or_sk_date_is_refused(db, field):
    institution = InstitutionFactory.build(**{field: "" if field == "npwp" else None})
    with pytest.raises(ValidationError) as error:
        institution.full_clean(validate_unique=False, validate_constraints=False)
    assert list(error.value.message_dict) == [field]


def test_a_body_that_is_no_legal_entity_needs_neither(db):
    InstitutionFactory.build(
        legal_form=LegalForm.objects.get(code="perkumpulan"),
        deed_number="",
        deed_date=None,
        deed_notary="",
        ratification_number="",
        ratification_date=None,
        npwp="",
        founding_note_number="12/KEL/2019",
        founding_note_date=datetime.date(2019, 3, 1),
    ).full_clean(validate_unique=False, validate_constraints=False)


@pytest.mark.parametrize("field", ["npwp", "ratification_date"])
def test_the_staff_form_refuses_a_legal_entity_without_npwp_or_sk_date(operator_client, field):
    response = operator_client.post(
        reverse("lks_registry:institution_create"), institution_form_data(**{field: ""})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [REQUIRED_FOR_ENTITY]
    assert 'value="Jl. Mawar No. 5"' in response.content.decode()
    assert not Institution.objects.exists()


def test_the_online_form_refuses_a_legal_entity_without_its_sk_date(db):
    answers = institution_form_data(ratification_date="", npwp="")
    for field in ("registration_number", "registered_on"):
        answers.pop(field)
    response = Client().post(reverse("applications:application_start"), answers)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (errors["ratification_date"], errors["npwp"]) == ([REQUIRED_FOR_ENTITY],) * 2
    assert not RegistrationApplication.objects.exists()


def set_permit_years(years):
    settings = RegistrySettings.current()
    settings.permit_validity_years = years
    settings.save()


HEADERS = [
    "Nama Lembaga",
    "Jenis Lembaga",
    "Kekhususan",
    "Jenis Layanan",
    "Bentuk Lembaga",
    "Nomor Akta",
    "Tanggal Akta",
    "Notaris",
    "Nomor SK Kemenkumham",
    "Tanggal SK Kemenkumham",
    "NPWP",
    "Alamat",
    "Kecamatan",
    "Kelurahan",
    "Ketua",
    "Bentuk Pengasuhan",
    "Nomor Izin Operasional",
    "Tanggal Izin Operasional",
    "Izin Berlaku Sampai",
]


def row(name, kind="LKS", sk_date="2015-09-01", npwp="012345678901000", permit=("", "", "")):
    specialisation = "Anak (LKSA)" if kind == "LKSA" else "Lanjut Usia"
    groups = "Anak terlantar" if kind == "LKSA" else "Lanjut usia terlantar"
    care = "dalam panti" if kind == "LKSA" else ""
    return [
        name,
        kind,
        specialisation,
        groups,
        "Yayasan",
        "12",
        "2015-08-17",
        "Notaris A",
        "AHU-1",
        sk_date,
        npwp,
        "Jl. Mawar 1",
        "Cipondoh",
        "Cipondoh Makmur",
        "Siti",
        care,
        *permit,
    ]


def csv_of(rows):
    lines = [";".join(HEADERS)] + [";".join(r) for r in rows]
    return SimpleUploadedFile("daftar.csv", "\n".join(lines).encode())


def test_import_takes_a_legal_entity_without_npwp_or_sk_date_as_incomplete(operator_client):
    """As for any field the register asks for: the row comes in marked "data belum lengkap",
    listed on the incomplete page, not refused."""
    job = upload(
        operator_client,
        csv_of(
            [
                row("Yayasan Lengkap", npwp="012345678901000"),
                row("Yayasan Tanpa SK", sk_date="", npwp="012345678901001"),
                row("Yayasan Tanpa NPWP", npwp=""),
            ]
        ),
    )
    assert (job.new_count, job.error_count, job.incomplete_count) == (3, 0, 2)
    confirm(operator_client, job)
    missing = dict(Institution.objects.values_list("name", "incomplete_fields"))
    assert missing == {
        "Yayasan Lengkap": [],
        "Yayasan Tanpa SK": ["ratification_date"],
        "Yayasan Tanpa NPWP": ["npwp"],
    }
    page = operator_client.get(reverse("lks_registry:incomplete_list")).content.decode()
    assert "Yayasan Tanpa SK" in page and "Yayasan Lengkap" not in page


def test_import_computes_the_permit_end_and_marks_an_lksa_without_permit(operator_client):
    set_permit_years(3)
    job = upload(
        operator_client,
        csv_of(
            [
                row("Panti Berizin", "LKSA", permit=("IO-1", "2024-02-29", "")),
                row(
                    "Panti Izin Lama",
                    "LKSA",
                    npwp="012345678901001",
                    permit=("IO-2", "2022-01-10", "2026-01-10"),
                ),
                row("Panti Tanpa Izin", "LKSA", npwp="012345678901002"),
            ]
        ),
    )
    assert (job.new_count, job.error_count, job.incomplete_count) == (3, 0, 1)
    confirm(operator_client, job)
    found = {i.name: (i.permit_valid_until, i.incomplete_fields) for i in Institution.objects.all()}
    assert found == {
        "Panti Berizin": (datetime.date(2027, 2, 28), []),
        "Panti Izin Lama": (datetime.date(2026, 1, 10), []),
        "Panti Tanpa Izin": (None, ["permit_number", "permit_date"]),
    }


def test_the_staff_form_refuses_an_lksa_without_its_permit(operator_client):
    response = operator_client.post(
        reverse("lks_registry:institution_create"),
        institution_form_data(permit_number="", permit_date=""),
    )
    errors = response.context["form"].errors
    assert (errors["permit_number"], errors["permit_date"]) == ([REQUIRED_FOR_LKSA],) * 2
    assert not Institution.objects.exists()


@pytest.mark.parametrize(
    "years, until", [(5, datetime.date(2030, 3, 10)), (2, datetime.date(2027, 3, 10))]
)
def test_the_permit_ends_after_the_years_the_admin_set(operator_client, years, until):
    set_permit_years(years)
    response = operator_client.post(
        reverse("lks_registry:institution_create"), institution_form_data()
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Institution.objects.get().permit_valid_until == until


def test_a_typed_permit_end_is_kept(operator_client):
    operator_client.post(
        reverse("lks_registry:institution_create"),
        institution_form_data(permit_valid_until="2028-12-31"),
    )
    assert Institution.objects.get().permit_valid_until == datetime.date(2028, 12, 31)


def test_an_lks_keeps_no_permit(db):
    with pytest.raises(ValidationError) as error:
        LksaFactory.build(kind="lks", care_setting="").clean()
    assert {"permit_number", "permit_date"} <= set(error.value.message_dict)


def test_records_stored_before_the_rule_are_marked_incomplete(db):
    """The migration that made these fields required marks existing records lacking them, as a
    save would, so the incomplete list and the dashboard count them."""
    from django.apps import apps

    migration = importlib.import_module("lks_registry.migrations.0014_permit_validity_setting")
    entity = InstitutionFactory(ratification_date=None)
    lksa = LksaFactory(permit_number="", incomplete_fields=["phone"])
    complete = LksaFactory()
    migration.mark_incomplete(apps, None)
    found = dict(Institution.objects.values_list("pk", "incomplete_fields"))
    assert found == {
        entity.pk: ["ratification_date"],
        lksa.pk: ["phone", "permit_number"],
        complete.pk: [],
    }


KIND_MESSAGE = "Lembaga dengan kekhususan “Anak (LKSA)” adalah LKSA (anak): pilih jenis itu"


@pytest.mark.parametrize(
    "kind, specialisation, refused",
    [
        ("lks", "anak", True),
        ("lksa", "lanjut-usia", True),
        ("lksa", "disabilitas", True),
        ("lksa", "anak", False),
        ("lks", "lanjut-usia", False),
        ("lks", "lainnya", False),
        ("lksa", "lainnya", False),
    ],
)
def test_the_specialisation_and_the_kind_agree(db, kind, specialisation, refused):
    factory = LksaFactory if kind == "lksa" else InstitutionFactory
    institution = factory.build(specialisation=Specialisation.objects.get(code=specialisation))
    if refused:
        with pytest.raises(ValidationError) as error:
            institution.clean()
        assert list(error.value.message_dict) == ["specialisation"]
    else:
        institution.clean()


def test_the_kind_a_specialisation_implies_is_data_an_admin_changes(db):
    lansia = Specialisation.objects.get(code="lanjut-usia")
    lansia.institution_kind = ""
    lansia.save()
    LksaFactory.build(specialisation=lansia).clean()


def test_the_staff_form_refuses_an_lks_with_the_child_specialisation(operator_client):
    response = operator_client.post(
        reverse("lks_registry:institution_create"),
        institution_form_data(
            kind="lks", care_setting=None, permit_number=None, permit_date=None, children_yatim=None
        ),
    )
    assert response.status_code == 200
    assert KIND_MESSAGE in " ".join(response.context["form"].errors["specialisation"])
    assert not Institution.objects.exists()


def test_import_refuses_a_row_whose_kind_and_specialisation_disagree(operator_client):
    wrong = row("Panti Salah Jenis", "LKSA")
    wrong[1] = "LKS"
    wrong[15:] = ["", "", "", ""]
    job = upload(
        operator_client,
        csv_of(
            [
                wrong,
                row(
                    "Panti Benar", "LKSA", npwp="012345678901009", permit=("IO-1", "2024-01-01", "")
                ),
            ]
        ),
    )
    assert (job.new_count, job.error_count) == (1, 1)
    (refused,) = job.rows.filter(outcome="error")
    assert KIND_MESSAGE in " ".join(refused.messages)
    confirm(operator_client, job)
    assert list(Institution.objects.values_list("name", flat=True)) == ["Panti Benar"]
