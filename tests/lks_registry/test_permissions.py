"""Registry-specific permission checks beyond the generated matrix in tests/test_access_matrix.py:
writes by POST are refused too, and buttons follow permissions."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DocumentFactory

READ_PAGES = ["institution_list", "institution_detail", "document_download"]
EDIT_PAGES = ["institution_create", "institution_edit", "document_upload"]
STATUS_PAGES = ["institution_change_status"]


def page_url(name, document):
    if name == "institution_list" or name == "institution_create":
        return reverse(f"lks_registry:{name}")
    if name == "document_download":
        return reverse("lks_registry:document_download", args=[document.pk])
    return reverse(f"lks_registry:{name}", args=[document.institution_id])


@pytest.mark.parametrize("name", READ_PAGES + EDIT_PAGES + STATUS_PAGES)
def test_anonymous_visitor_is_sent_to_login(db, name):
    document = DocumentFactory()
    response = Client().get(page_url(name, document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pimpinan_cannot_edit_by_posting(pimpinan_client):
    document = DocumentFactory()
    institution = document.institution
    response = pimpinan_client.post(page_url("institution_edit", document), {"name": "Diubah"})
    assert response.status_code == 403
    institution.refresh_from_db()
    assert institution.name != "Diubah"


def test_pimpinan_sees_no_edit_buttons(pimpinan_client):
    document = DocumentFactory()
    page = pimpinan_client.get(page_url("institution_detail", document)).content.decode()
    assert reverse("lks_registry:institution_edit", args=[document.institution_id]) not in page


def test_public_pages_are_open_to_anonymous_visitors(db):
    assert Client().get(reverse("home")).status_code == 200
    assert Client().get(reverse("login")).status_code == 200


def test_missing_institution_gives_404_not_500(operator_client):
    assert (
        operator_client.get(reverse("lks_registry:institution_detail", args=[999999])).status_code
        == 404
    )
