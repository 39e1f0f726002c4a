import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accreditation.models import IN_PROCESS_STATES, AccreditationCase
from accreditation.selectors import current_accreditations
from lks_registry.models import Institution, InstitutionMember, Kecamatan


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_city_matches_the_published_figures(demo):
    assert Institution.objects.registered().count() == 87
    assert Institution.objects.active().count() == 78
    accredited = current_accreditations()
    assert len(accredited) == 18
    assert {case.grade.code for case in accredited.values()} == {"A", "B", "C"}
    assert AccreditationCase.objects.filter(state__in=IN_PROCESS_STATES).count() == 12


def test_demo_city_covers_every_kecamatan_and_has_lksa_in_cipondoh(demo):
    assert Institution.objects.values("kecamatan").distinct().count() == Kecamatan.objects.count()
    assert Institution.objects.filter(kind="lksa", kecamatan__name="Cipondoh").exists()


def test_demo_records_pass_the_model_rules(demo):
    for institution in Institution.objects.all():
        institution.full_clean()
    for case in AccreditationCase.objects.all():
        case.full_clean()


def test_demo_loader_is_idempotent(demo):
    before = (Institution.objects.count(), AccreditationCase.objects.count())
    call_command("load_demo")
    assert (Institution.objects.count(), AccreditationCase.objects.count()) == before


def test_demo_users_log_in_with_the_documented_password(demo):
    for username in ("operator", "verifikator", "pimpinan", "admin", "lembaga"):
        response = Client().post(reverse("login"), {"username": username, "password": "demo12345"})
        assert response.status_code == 302, username


def test_demo_institution_account_sees_only_its_lksa_in_cipondoh(demo):
    member = InstitutionMember.objects.get(user__username="lembaga")
    assert (member.institution.kind, member.institution.kecamatan.name) == ("lksa", "Cipondoh")


def test_demo_loader_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not Institution.objects.exists()
