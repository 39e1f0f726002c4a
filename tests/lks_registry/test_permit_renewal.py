"""Renewing an LKSA operating permit (izin operasional): staff record the new permit through one
service; it ends after the years set by the admin unless its letter says otherwise; the permits
held stay listed on the institution's page; the reminders follow the new end date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lks_registry import services
from lks_registry.models import Institution, OperatingStatus, RegistrySettings
from lks_registry.selectors import permit_history
from reminders.selectors import due_reminders
from tests.factories import InstitutionFactory, LksaFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def officer(db):
    return UserFactory(username="petugas", first_name="Rina", last_name="Operator")


def renew(institution, user, issued_on, number="045/IO-LKSA/DINSOS/2026", valid_until=None):
    return services.permit_renew(
        institution=institution,
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        user=user,
    )


def test_a_renewal_becomes_the_current_permit_for_the_set_years(officer):
    settings = RegistrySettings.current()
    settings.permit_validity_years = 4
    settings.save()
    lksa = LksaFactory()
    version = lksa.version
    issued = TODAY - datetime.timedelta(days=3)
    renewed = renew(lksa, officer, issued)
    lksa.refresh_from_db()
    assert (lksa.permit_number, lksa.permit_date, lksa.permit_valid_until) == (
        "045/IO-LKSA/DINSOS/2026",
        issued,
        services.add_years(issued, 4),
    )
    assert renewed.version == lksa.version == version + 1


def test_a_validity_from_the_letter_is_kept(officer):
    lksa = LksaFactory()
    renew(lksa, officer, TODAY, valid_until=TODAY + datetime.timedelta(days=700))
    lksa.refresh_from_db()
    assert lksa.permit_valid_until == TODAY + datetime.timedelta(days=700)


@pytest.mark.parametrize(
    "change, issued_on, valid_until, field",
    [
        ({}, datetime.date(2024, 2, 1), None, "permit_date"),  # the day of the current permit
        ({}, datetime.date(2023, 12, 1), None, "permit_date"),  # older than the current one
        ({}, TODAY + datetime.timedelta(days=1), None, "permit_date"),  # in the future
        ({}, TODAY, TODAY - datetime.timedelta(days=1), "permit_valid_until"),
        ({"kind": "lks"}, TODAY, None, "__all__"),
        ({"operating_status": OperatingStatus.REVOKED}, TODAY, None, "__all__"),
    ],
)
def test_a_renewal_that_breaks_a_rule_is_refused_and_changes_nothing(
    officer, change, issued_on, valid_until, field
):
    lksa = LksaFactory()
    if change.get("kind"):
        lksa = InstitutionFactory()
    Institution.objects.filter(pk=lksa.pk).update(
        **{k: v for k, v in change.items() if k != "kind"}
    )
    before = Institution.objects.values().get(pk=lksa.pk)
    with pytest.raises(ValidationError) as error:
        renew(lksa, officer, issued_on, valid_until=valid_until)
    assert list(error.value.message_dict) == [field]
    assert Institution.objects.values().get(pk=lksa.pk) == before


def test_the_permits_held_are_listed_newest_first_with_who_recorded_them(officer):
    lksa = LksaFactory(permit_number="001/IO/2019", permit_date=datetime.date(2019, 3, 1))
    lksa.name = "Nama baru"  # a save that leaves the permit as it was adds no line
    lksa.save()
    renew(lksa, officer, TODAY - datetime.timedelta(days=10), number="002/IO/2024")
    entries = permit_history(lksa)
    assert [(e.number, e.date) for e in entries] == [
        ("002/IO/2024", TODAY - datetime.timedelta(days=10)),
        ("001/IO/2019", datetime.date(2019, 3, 1)),
    ]
    assert entries[0].recorded_by == officer
    assert entries[0].reason == "Izin operasional diperpanjang: 002/IO/2024"


def test_the_reminders_follow_the_renewed_end_date(officer):
    lksa = LksaFactory(
        permit_date=TODAY - datetime.timedelta(days=5 * 365 - 20),
        permit_valid_until=TODAY + datetime.timedelta(days=20),
        registered_on=TODAY - datetime.timedelta(days=100),
        registration_valid_until=TODAY + datetime.timedelta(days=1000),
    )

    def permit_due():
        return [
            (item.due_on, days)
            for item, days in due_reminders(TODAY)
            if item.kind == "permit" and item.item_id == lksa.pk
        ]

    assert permit_due() == [(TODAY + datetime.timedelta(days=20), 30)]
    renew(lksa, officer, TODAY)
    assert permit_due() == []


def test_staff_renew_the_permit_from_the_institution_page(operator_client):
    lksa = LksaFactory(permit_number="001/IO/2024")
    detail = operator_client.get(lksa.get_absolute_url()).content.decode()
    url = reverse("lks_registry:permit_renew", args=[lksa.pk])
    assert url in detail and "001/IO/2024" in detail
    page = operator_client.get(url)
    assert page.status_code == 200 and "5 tahun setelah tanggal izin" in page.content.decode()
    response = operator_client.post(
        url,
        {"permit_number": "077/IO/2026", "permit_date": TODAY.isoformat(), "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == lksa.get_absolute_url()
    text = response.content.decode()
    assert "sekarang 077/IO/2026" in text  # the success message
    lksa.refresh_from_db()
    assert (lksa.permit_number, lksa.permit_valid_until) == (
        "077/IO/2026",
        services.add_years(TODAY, 5),
    )
    assert text.index("077/IO/2026") < text.index("001/IO/2024")  # both listed, newest first


def test_a_refused_renewal_keeps_what_was_typed(operator_client):
    lksa = LksaFactory()
    url = reverse("lks_registry:permit_renew", args=[lksa.pk])
    response = operator_client.post(
        url, {"permit_number": "078/IO/2026", "permit_date": "2023-01-05", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "harus bertanggal setelah izin yang berlaku" in response.content.decode()
    assert 'value="078/IO/2026"' in response.content.decode()
    response = operator_client.post(url, {"permit_number": "078/IO/2026", "permit_date": TODAY})
    assert "confirm" in response.context["form"].errors
    lksa.refresh_from_db()
    assert lksa.permit_number != "078/IO/2026"


def test_an_lks_has_no_permit_page(operator_client):
    lks = InstitutionFactory()
    assert (
        operator_client.get(reverse("lks_registry:permit_renew", args=[lks.pk])).status_code == 404
    )
    assert "permit/renew" not in operator_client.get(lks.get_absolute_url()).content.decode()
