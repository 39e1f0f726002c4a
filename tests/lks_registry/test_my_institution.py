"""The institution's own account opens on a home page of its own: status, validity, missing
documents, its accreditation case, messages from Dinsos and what to do next."""

import datetime

from django.urls import reverse

from accreditation.models import CaseState
from lks_registry import roles
from supervision import services as supervision_services
from tests.applications.test_back_doors import institution_client
from tests.factories import AccreditationCaseFactory, InstitutionFactory, UserFactory

HOME = reverse("lks_registry:my_institution")


def test_institution_account_lands_on_its_own_home_page(db):
    institution = InstitutionFactory(name="Panti Werdha Kasih")
    AccreditationCaseFactory(institution=institution, state=CaseState.PREPARING)
    supervision_services.institution_message_send(
        institution=institution,
        subject="Undangan sosialisasi",
        body="Hadir 5 Desember.",
        user=UserFactory(role=roles.OPERATOR),
    )
    client = institution_client(institution)
    response = client.get(reverse("lks_registry:institution_list"))
    assert response.status_code == 302 and response["Location"] == HOME
    page = client.get(HOME).content.decode()
    assert "Panti Werdha Kasih" in page
    valid_until = page.split('id="my-valid-until">')[1].split("<")[0]
    assert valid_until == "15 Januari 2029"
    assert 'id="next-steps"' in page
    assert "Undangan sosialisasi" in page  # messages from Dinsos (supervision's panel)
    assert "akreditasi" in page.lower()  # the accreditation case (accreditation's panel)
    assert 'id="institution-list"' not in page and "Ekspor" not in page


def test_missing_documents_and_a_lapsed_registration_are_the_next_steps(db):
    institution = InstitutionFactory(
        registration_number="009/LKS/DINSOS/2019",
        registered_on=datetime.date(2019, 1, 15),
        registration_valid_until=datetime.date(2024, 1, 15),
    )
    assert institution.missing_document_types()
    client = institution_client(institution)
    page = client.get(HOME).content.decode()
    steps = page.split('id="next-steps"')[1].split("</ul>")[0]
    assert "daftar ulang" in steps
    assert reverse("lks_registry:document_upload", args=[institution.pk]) in steps


def test_staff_are_sent_to_the_register_list(operator_client):
    response = operator_client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("lks_registry:institution_list")
