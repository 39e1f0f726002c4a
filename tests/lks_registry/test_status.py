from django.urls import reverse

from lks_registry.models import Institution, OperatingStatus, StatusChange
from tests.factories import InstitutionFactory


def status_url(institution):
    return reverse("lks_registry:institution_change_status", args=[institution.pk])


def test_verifikator_suspends_with_a_reason_and_it_is_recorded(verifikator_client):
    institution = InstitutionFactory()
    response = verifikator_client.post(
        status_url(institution),
        {"new_status": "suspended", "reason": "Temuan pemantauan", "confirm": "on"},
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.operating_status == OperatingStatus.SUSPENDED
    assert institution.status_reason == "Temuan pemantauan"
    assert institution.status_changed_at is not None
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == (
        "active",
        "suspended",
        verifikator_client.user,
    )


def test_status_change_without_reason_or_confirmation_changes_nothing(verifikator_client):
    institution = InstitutionFactory()
    for data, message in (
        ({"new_status": "revoked", "reason": "  ", "confirm": "on"}, "Tuliskan alasan perubahan"),
        ({"new_status": "revoked", "reason": "Izin dicabut"}, "Centang kotak ini"),
    ):
        response = verifikator_client.post(status_url(institution), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    institution.refresh_from_db()
    assert institution.operating_status == OperatingStatus.ACTIVE
    assert not StatusChange.objects.exists()


def test_revoked_and_closed_institutions_no_longer_count_as_registered(verifikator_client):
    revoked, closed, active = InstitutionFactory.create_batch(3)
    for institution, status in ((revoked, "revoked"), (closed, "closed")):
        verifikator_client.post(
            status_url(institution),
            {"new_status": status, "ground": "own_request", "reason": "x", "confirm": "on"},
        )
    assert list(Institution.objects.registered()) == [active]


def test_operator_and_pimpinan_may_not_change_the_status(operator_client, pimpinan_client):
    institution = InstitutionFactory()
    for client in (operator_client, pimpinan_client):
        response = client.post(
            status_url(institution), {"new_status": "revoked", "reason": "x", "confirm": "on"}
        )
        assert response.status_code == 403
    institution.refresh_from_db()
    assert institution.operating_status == OperatingStatus.ACTIVE
