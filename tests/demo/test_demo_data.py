import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationCase, CaseState, Mentorship
from accreditation.selectors import current_accreditation
from accreditation.services import TRANSITIONS
from lks_registry.models import Institution, InstitutionMember, Kecamatan, OperatingStatus
from reports import metrics
from supervision.services import may_suspend_or_revoke


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
    assert Institution.objects.registration_lapsed().count() == 5


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
    """Every row of every model of ours passes its own validation."""
    ours = {
        "lks_registry",
        "applications",
        "supervision",
        "accreditation",
        "notifications",
        "reminders",
        "risk",
    }
    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in ours or model.__name__.startswith("Historical"):
            continue
        for record in model.objects.all():
            record.full_clean()
            checked += 1
    assert checked > 87


def test_demo_cases_went_through_the_case_service(demo):
    """Each case's events are the steps of the transition table, in order, each taken by someone
    whose role allows it, and the decision is dated the day BALKS decided."""
    cases = AccreditationCase.objects.prefetch_related("events__actor")
    assert cases.filter(state=CaseState.DECIDED).count() == 21
    for case in cases:
        events = list(case.events.all())
        assert (events[0].from_state, events[0].to_state) == ("", CaseState.PREPARING), case
        for event in events[1:]:
            step = next(
                t
                for t in TRANSITIONS.values()
                if event.from_state in t.sources and t.target == event.to_state
            )
            assert event.actor.has_perm(step.permission), (case, step.name)
        assert [e.from_state for e in events[1:]] == [e.to_state for e in events[:-1]], case
        assert events[-1].to_state == case.state, case
        assert case.opened_on == timezone.localdate(events[0].at), case
        if case.state == CaseState.DECIDED:
            assert timezone.localdate(events[-1].at) == case.decided_on, case
            assert case.valid_until == case.compute_valid_until(), case


def test_demo_records_obey_the_service_rules(demo):
    for institution in Institution.objects.all():
        rows = list(institution.status_changes.order_by("changed_at", "pk"))
        # The status-change rows are the one source of past states: they lead to today's status.
        if institution.operating_status == OperatingStatus.ACTIVE:
            assert not rows or rows[-1].new_status == OperatingStatus.ACTIVE
        else:
            assert rows and rows[-1].new_status == institution.operating_status, institution
        if institution.is_lksa and institution.operating_status == OperatingStatus.SUSPENDED:
            assert may_suspend_or_revoke(institution), institution
    for mentorship in Mentorship.objects.all():
        assert current_accreditation(mentorship.mentor) is not None


def test_load_demo_if_empty_leaves_a_register_with_data_alone(demo):
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-the-office-1")
    admin.save()
    before = Institution.objects.values_list("pk", "name", "version").order_by("pk")
    before = list(before)
    call_command("load_demo", "--if-empty")
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-office-1")
    assert list(Institution.objects.values_list("pk", "name", "version").order_by("pk")) == before


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
