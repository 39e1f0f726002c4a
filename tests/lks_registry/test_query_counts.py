"""Every registry page costs the same number of SQL queries whether the institution has one or
many board members, documents and status changes."""

import pytest
from django.urls import reverse

from tests.factories import BoardMemberFactory, DocumentFactory, StatusChangeFactory

PAGES = [
    "institution_detail",
    "institution_edit",
    "institution_change_status",
    "document_upload",
]


def institution_with(n):
    document = DocumentFactory()
    institution = document.institution
    DocumentFactory.create_batch(n - 1, institution=institution)
    BoardMemberFactory.create_batch(n, institution=institution)
    StatusChangeFactory.create_batch(n, institution=institution)
    return institution


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_does_not_grow_with_related_rows(admin_client, count_queries, name):
    one, three = institution_with(1), institution_with(3)
    counts = [
        count_queries(admin_client, reverse(f"lks_registry:{name}", args=[institution.pk]))
        for institution in (one, three)
    ]
    assert counts[0] == counts[1]


def test_create_page_query_count_is_fixed(operator_client, count_queries):
    url = reverse("lks_registry:institution_create")
    before = count_queries(operator_client, url)
    institution_with(3)
    assert count_queries(operator_client, url) == before


def test_admin_changelist_searches_and_filters_institutions(admin_client):
    institution = DocumentFactory().institution
    url = reverse("admin:lks_registry_institution_changelist")
    response = admin_client.get(url, {"q": institution.name, "kind__exact": "lks"})
    assert response.status_code == 200
    assert institution.name in response.content.decode()
