"""The personas of the access matrices (test_access_matrix.py for GET, test_post_matrix.py for
POST) and the world they act in: one record of every kind, one client per persona."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accreditation.models import Mentorship
from lks_registry import roles
from lks_registry.models import ImportJob, InstitutionMember
from risk.services import snapshot_for
from supervision.models import VisitDocument
from tests.factories import (
    AccreditationCaseFactory,
    ApplicationDocumentFactory,
    ConcernFactory,
    DocumentFactory,
    FieldFindingFactory,
    InstitutionFactory,
    LksaFactory,
    MonitoringVisitFactory,
    UserFactory,
    WrittenWarningFactory,
)

ANONYMOUS = "anonymous"
OWN = "institution user (own)"
OTHER = "institution user (other institution)"
STAFF = (roles.OPERATOR, roles.VERIFIKATOR, roles.PIMPINAN, roles.ADMIN)
PERSONAS = (ANONYMOUS, *STAFF, OWN, OTHER)
SIGNED_IN = (*STAFF, OWN, OTHER)
EDITORS = (roles.OPERATOR, roles.VERIFIKATOR, roles.ADMIN)


@pytest.fixture
def world(db):
    document = DocumentFactory()
    application_document = ApplicationDocumentFactory()
    objects = {
        "document": document,
        "case": AccreditationCaseFactory(institution=document.institution),
        "application": application_document.application,
        "application_document": application_document,
        "concern": ConcernFactory(institution=document.institution),
        "finding": FieldFindingFactory(),
        "import_job": ImportJob.objects.create(
            file=ContentFile(b"Nama Lembaga\nA\n", name="a.csv"), original_name="a.csv"
        ),
        # The pages only an LKSA has (its operating permit).
        "lksa": LksaFactory(name="Panti Asuhan Uji"),
    }
    other_institution = InstitutionFactory()
    visit = MonitoringVisitFactory(institution=document.institution)
    objects["visit"] = visit
    objects["visit_document"] = VisitDocument.objects.create(
        visit=visit,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="laporan.pdf"),
        original_name="laporan.pdf",
        content_type="application/pdf",
        size=15,
    )
    objects["warning"] = WrittenWarningFactory(institution=document.institution)
    objects["mentorship"] = Mentorship.objects.create(
        mentor=other_institution, mentee=document.institution
    )
    clients = {ANONYMOUS: Client()}
    for role in STAFF:
        user = UserFactory(role=role)
        clients[role] = Client()
        clients[role].force_login(user)
    for persona, institution in ((OWN, document.institution), (OTHER, other_institution)):
        user = UserFactory(role=roles.INSTITUTION)
        InstitutionMember.objects.create(user=user, institution=institution)
        clients[persona] = Client()
        clients[persona].force_login(user)
    # Today's risk snapshot exists, as on a server after its first request (risk.services): a
    # page then reads it, with the same queries however many rows there are.
    snapshot_for(timezone.localdate())
    return objects, clients
