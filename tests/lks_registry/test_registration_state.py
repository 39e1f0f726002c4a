"""Registered = a tanda daftar valid on the day, not revoked or closed; lapsed counted apart.
The Python rule and its database filter are checked against each other on generated variety."""

import datetime
import random

import pytest
from django.urls import reverse

from lks_registry.models import (
    Institution,
    OperatingStatus,
    RegistrationState,
    registration_state,
)
from reports.metrics import Filters, institution_counts
from tests.factories import InstitutionFactory

DAY = datetime.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("valid_until", "expected"),
    [
        (DAY - datetime.timedelta(days=1), RegistrationState.LAPSED),
        (DAY, RegistrationState.VALID),
        (DAY + datetime.timedelta(days=1), RegistrationState.VALID),
        (None, RegistrationState.VALID),
    ],
)
def test_the_last_day_of_validity_still_counts(valid_until, expected):
    state = registration_state(
        registration_number="001/LKS/DINSOS/2021",
        registered_on=datetime.date(2021, 2, 1),
        valid_until=valid_until,
        status=OperatingStatus.ACTIVE,
        day=DAY,
    )
    assert state == expected


def test_python_rule_and_database_filter_agree_on_generated_records(db):
    rng = random.Random(14)
    for _ in range(40):
        registered_on = DAY - datetime.timedelta(days=rng.randint(-30, 2200))
        has_number = rng.random() > 0.1
        InstitutionFactory(
            registration_number=f"{rng.randint(1, 10**6):07d}/LKS" if has_number else "",
            registered_on=registered_on if has_number else None,
            registration_valid_until=rng.choice(
                [None, registered_on + datetime.timedelta(days=rng.randint(0, 2000))]
            )
            if has_number
            else None,
            operating_status=rng.choice(OperatingStatus.values),
        )
    registered = set(Institution.objects.registered(DAY).values_list("pk", flat=True))
    lapsed = set(Institution.objects.registration_lapsed(DAY).values_list("pk", flat=True))
    for institution in Institution.objects.all():
        state = institution.registration_state_on(DAY)
        assert (institution.pk in registered) is (state == RegistrationState.VALID)
        assert (institution.pk in lapsed) is (state == RegistrationState.LAPSED)
    counts = institution_counts(Filters(day=DAY))["total"]
    assert (counts["registered"], counts["registration_lapsed"]) == (len(registered), len(lapsed))


def test_expired_tanda_daftar_is_lapsed_on_every_page(db, operator_client, client):
    today = datetime.date.today()
    lapsed = InstitutionFactory(
        name="Panti Kedaluwarsa",
        registered_on=today.replace(year=today.year - 6),
        registration_valid_until=today - datetime.timedelta(days=1),
    )
    assert not lapsed.is_registered and lapsed.registration_lapsed
    assert lapsed not in Institution.objects.registered()
    search = client.get(reverse("public:register_search"), {"q": "Kedaluwarsa"}).content.decode()
    assert "Tanda daftar kedaluwarsa" in search and "Terdaftar</span>" not in search
    detail = operator_client.get(lapsed.get_absolute_url()).content.decode()
    assert "Tanda daftar kedaluwarsa" in detail
    verify = client.get(reverse("public:verify", args=[lapsed.pk]))
    assert verify.context["state"] == "expired"
