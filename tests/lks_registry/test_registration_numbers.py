"""One counter gives registration numbers to institutions created by staff and to approved online
applications; a typed (legacy) number is kept when free; the pattern is checked when saved."""

import random
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lks_registry.models import Institution, RegistrationCounter, RegistrySettings
from lks_registry.services import registration_number_assign
from tests.applications.test_online_registration import (
    decide,
    start_application,
    upload_required_documents,
)
from tests.factories import InstitutionFactory, UserFactory
from tests.lks_registry.helpers import edit_form_data, institution_form_data

CREATE = reverse("lks_registry:institution_create")


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_staff_created_institution_and_approved_application_share_one_counter(
    operator_client, verifikator_client
):
    today = timezone.localdate()
    year = today.year
    response = operator_client.post(
        CREATE, institution_form_data(registration_number="", registered_on=today.isoformat())
    )
    assert response.status_code == 302, response.context["form"].errors
    first = Institution.objects.get(name="Panti Asuhan Harapan Baru")
    assert first.registration_number == f"001/LKS/DINSOS/{year}"

    applicant = Client()
    application = start_application(
        applicant, name="Yayasan Lain", npwp="02.345.678.9-012.000", email="lain@example.org"
    )
    upload_required_documents(applicant, application)
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    decide(verifikator_client, application, "approved")
    application.refresh_from_db()
    assert application.institution.registration_number == f"002/LKS/DINSOS/{year}"
    assert RegistrationCounter.objects.get(year=year).last_number == 2


def test_the_counter_of_the_registration_year_is_used(operator_client):
    operator_client.post(
        CREATE, institution_form_data(registration_number="", registered_on="2024-12-31")
    )
    assert Institution.objects.get().registration_number == "001/LKS/DINSOS/2024"
    assert RegistrationCounter.objects.get(year=2024).last_number == 1


def test_a_typed_legacy_number_is_kept_and_skipped_by_the_counter(operator_client):
    operator_client.post(
        CREATE,
        institution_form_data(
            registration_number="001/LKS/DINSOS/2025", registered_on="2025-02-01"
        ),
    )
    assert Institution.objects.get().registration_number == "001/LKS/DINSOS/2025"
    response = operator_client.post(
        CREATE,
        institution_form_data(
            name="Panti Kedua",
            npwp="02.345.678.9-012.000",
            registration_number="",
            registered_on="2025-03-01",
        ),
    )
    assert response.status_code == 302
    assert Institution.objects.get(name="Panti Kedua").registration_number == "002/LKS/DINSOS/2025"


def test_a_typed_number_already_taken_is_refused_and_the_form_keeps_the_input(operator_client):
    InstitutionFactory(registration_number="007/LKS/DINSOS/2019")
    response = operator_client.post(
        CREATE, institution_form_data(registration_number="007/LKS/DINSOS/2019")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lembaga lain sudah memiliki nomor tanda daftar ini." in page
    assert 'value="Panti Asuhan Harapan Baru"' in page
    assert Institution.objects.count() == 1


def test_a_number_without_a_registration_date_is_still_refused(operator_client):
    response = operator_client.post(
        CREATE, institution_form_data(registration_number="009/LKS/DINSOS/2019", registered_on="")
    )
    assert response.status_code == 200
    assert "registered_on" in response.context["form"].errors


def test_an_edit_gives_a_number_to_a_record_that_had_none_and_keeps_an_existing_one(
    operator_client,
):
    without = InstitutionFactory(registration_number="", registered_on=None)
    numbered = InstitutionFactory(registration_number="050/LKS/DINSOS/2020")
    day = timezone.localdate()
    for institution in (without, numbered):
        data = edit_form_data(institution, registration_number=institution.registration_number)
        data["registered_on"] = (institution.registered_on or day).isoformat()
        response = operator_client.post(
            reverse("lks_registry:institution_edit", args=[institution.pk]), data
        )
        assert response.status_code == 302, response.context["form"].errors
    without.refresh_from_db()
    numbered.refresh_from_db()
    assert without.registration_number == f"001/LKS/DINSOS/{day.year}"
    assert numbered.registration_number == "050/LKS/DINSOS/2020"


def test_concurrent_numbers_are_unique_and_gapless(transactional_db, reference_data):
    numbers, barrier = [], threading.Barrier(2)
    day = timezone.localdate()

    def approve():
        barrier.wait()
        with transaction.atomic():
            numbers.append(registration_number_assign(day))
        connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"001/LKS/DINSOS/{day.year}", f"002/LKS/DINSOS/{day.year}"]
    assert RegistrationCounter.objects.get(year=day.year).last_number == 2


def test_numbering_skips_numbers_already_in_the_register(db):
    year = timezone.localdate().year
    InstitutionFactory(registration_number=f"001/LKS/DINSOS/{year}")
    assert registration_number_assign(timezone.localdate()) == f"002/LKS/DINSOS/{year}"


def test_admin_added_institution_without_a_number_gets_the_next_one(admin_client):
    data = institution_form_data(registration_number="", registered_on="2025-05-05")
    data.update(
        {
            "incomplete_fields": "[]",
            "legal_basis": "",
            "npwp": "012345678901000",
            "board-TOTAL_FORMS": "1",
            "board-0-sort_order": "0",
        }
    )
    response = admin_client.post(reverse("admin:lks_registry_institution_add"), data)
    assert response.status_code == 302, [
        f.errors for f in response.context["inline_admin_formsets"][0].formset
    ]
    assert Institution.objects.get().registration_number == "001/LKS/DINSOS/2025"


def settings_url():
    row = RegistrySettings.objects.get()  # the data migration's one row
    return reverse("admin:lks_registry_registrysettings_change", args=[row.pk])


BAD_PATTERNS = {
    "LKS/DINSOS/{year}": "harus memuat {number}",
    "{nomor}/LKS/{year}": "Penanda “nomor” tidak dikenal",
    "{}/LKS/{year}": "Penanda “{}” tidak dikenal",
    "{number/LKS/{year}": "tidak dapat dibaca",
    "{number:{year}}/LKS": "tidak dapat dibaca",
    "{number:99999999999}": "tidak dapat dibaca",
    "{number:xyz}/LKS": "tidak dapat dibaca",
    "{number.real}/LKS": "tidak dikenal",
    "{number!x}/LKS/{year}": "tidak dapat dibaca",
    "{year}/LKS/{number:0}": None,  # valid
}


def settings_post(pattern):
    return {
        "registration_validity_years": "5",
        "permit_validity_years": "5",
        "registration_number_pattern": pattern,
        "review_working_days": "14",
        "renewal_opens_days_before": "90",
    }


@pytest.mark.parametrize("pattern", sorted(BAD_PATTERNS))
def test_the_admin_checks_the_number_pattern_when_it_is_saved(admin_client, pattern):
    before = RegistrySettings.current().registration_number_pattern
    response = admin_client.post(settings_url(), settings_post(pattern))
    expected = BAD_PATTERNS[pattern]
    if expected is None:
        assert response.status_code == 302
        assert RegistrySettings.current().registration_number_pattern == pattern
        return
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert RegistrySettings.current().registration_number_pattern == before


def test_generated_patterns_never_break_the_admin_or_the_counter(admin_client):
    rng = random.Random(14)
    pieces = ["{number}", "{number:03d}", "{year}", "/", "LKS", "{", "}", "{x}", "{number:", "{{"]
    url = settings_url()
    accepted = 0
    for _attempt in range(40):
        pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        response = admin_client.post(url, settings_post(pattern))
        assert response.status_code in (200, 302), pattern
        if response.status_code == 302:
            accepted += 1
            first = registration_number_assign(timezone.localdate())
            second = registration_number_assign(timezone.localdate())
            assert first != second and len(second) <= 60, pattern
    assert 0 < accepted < 40


def test_a_broken_pattern_saved_before_the_check_refuses_instead_of_looping(db):
    RegistrySettings.objects.update(registration_number_pattern="LKS/DINSOS")
    with pytest.raises(ValueError, match="Pengaturan registri"):
        registration_number_assign(timezone.localdate())
