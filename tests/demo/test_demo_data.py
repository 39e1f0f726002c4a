import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationCase
from lks_registry.models import Institution, InstitutionMember, Kecamatan
from reports import metrics


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_city_matches_the_published_figures(demo):
    """Through the dashboard's own code: the figures an official reads are the published ones."""
    figures = metrics.institution_counts(metrics.Filters(day=timezone.localdate()))["total"]
    assert (
        figures["registered"],
        figures["active"],
        figures["accredited"],
        figures["in_process"],
    ) == (87, 78, 18, 12)
    assert all(figures[f"grade_{grade}"] > 0 for grade in ("a", "b", "c"))


def test_the_dashboard_page_shows_the_published_figures(demo, pimpinan_client):
    page = pimpinan_client.get(reverse("reports:dashboard"))
    shown = page.context["totals"]
    assert (shown["registered"], shown["active"], shown["accredited"], shown["in_process"]) == (
        87,
        78,
        18,
        12,
    )


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
