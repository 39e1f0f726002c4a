"""Every list page costs the same number of queries with one row or with three."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ConcernFactory,
    FieldFindingFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    RegistrationApplicationFactory,
    WrittenWarningFactory,
)


def add_rows():
    institution = LksaFactory()
    MonitoringVisitFactory(institution=institution)
    WrittenWarningFactory(institution=institution)
    ConcernFactory(institution=institution)
    FieldFindingFactory()
    RegistrationApplicationFactory(status="submitted")
    InstitutionFactory(name="Panti Kasih")


STAFF_PAGES = [
    reverse("applications:application_queue") + "?status=submitted",
    reverse("supervision:concern_list"),
    reverse("supervision:supervision"),
    reverse("supervision:finding_list"),
    reverse("lks_registry:import_start"),
    reverse("reports:metric_list", args=["registered"]),
    reverse("reports:metric_list", args=["open_concerns"]),
]
PUBLIC_PAGES = [reverse("public:register_search") + "?q=panti", reverse("public_statistics")]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_page_query_count_is_fixed(verifikator_client, count_queries, url):
    add_rows()
    one = count_queries(verifikator_client, url)
    add_rows()
    add_rows()
    assert count_queries(verifikator_client, url) == one


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_query_count_is_fixed(db, count_queries, url):
    add_rows()
    one = count_queries(Client(), url)
    add_rows()
    add_rows()
    assert count_queries(Client(), url) == one


def test_public_profile_query_count_is_fixed(db, count_queries):
    small, big = InstitutionFactory(), InstitutionFactory()
    for _ in range(3):
        ConcernFactory(institution=big)
    counts = [count_queries(Client(), reverse("public:profile", args=[i.pk])) for i in (small, big)]
    assert counts[0] == counts[1]
