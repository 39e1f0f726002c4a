"""Issue 15, uploads: an account may upload at most UPLOAD_DAILY_MAX_FILES files and
UPLOAD_DAILY_MAX_MB megabytes an office day, across every kind of upload (an applicant without
an account: per application); the anonymous concern form is capped by its rate per client
address. A refused upload leaves nothing behind."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.models import ApplicationDocument
from lks_registry import roles
from lks_registry.models import Document, DocumentType, InstitutionMember
from lks_registry.upload_allowance import UPLOAD_DAILY_FILES_REACHED, UPLOAD_DAILY_MB_REACHED
from supervision.models import Concern, VisitDocument
from tests.factories import DocumentFactory
from tests.personas import ANONYMOUS, OWN

MINUTE = datetime.timedelta(minutes=1)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def png(kb=1):
    return PNG + b"\x00" * (kb * 1024)


def stored_files() -> int:
    return sum(1 for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def _document_type():
    return DocumentType.objects.filter(is_active=True).order_by("pk").first()


def upload_document(client, institution, content, name="scan.png"):
    return client.post(
        reverse("lks_registry:document_upload", args=[institution.pk]),
        {
            "document_type": _document_type().pk,
            "file": SimpleUploadedFile(name, content),
            "valid_until": "2030-01-31",
        },
    )


def upload_visit_document(client, visit, content):
    return client.post(
        reverse("supervision:visit_detail", args=[visit.pk]),
        {"file": SimpleUploadedFile("foto.png", content)},
    )


def _message(text, limit):
    return escape(str(text) % {"limit": limit})


def test_an_account_past_its_daily_file_count_is_refused_and_nothing_is_saved(world, settings):
    settings.UPLOAD_DAILY_MAX_FILES = 3
    objects, clients = world
    institution = objects["document"].institution
    for _n in range(3):
        assert upload_document(clients[OWN], institution, png()).status_code == 302
    documents, files = Document.objects.count(), stored_files()

    response = upload_document(clients[OWN], institution, png())

    assert response.status_code == 200
    page = response.content.decode()
    assert _message(UPLOAD_DAILY_FILES_REACHED, 3) in page
    assert 'value="2030-01-31"' in page  # the form keeps what was typed
    assert (Document.objects.count(), stored_files()) == (documents, files)
    # Another account has its own allowance.
    assert upload_document(clients[roles.OPERATOR], institution, png()).status_code == 302


def test_the_allowance_counts_every_kind_of_upload_of_the_account(world, settings):
    settings.UPLOAD_DAILY_MAX_FILES = 2
    objects, clients = world
    operator = clients[roles.OPERATOR]
    assert upload_visit_document(operator, objects["visit"], png()).status_code == 302
    assert upload_document(operator, objects["document"].institution, png()).status_code == 302
    visits = VisitDocument.objects.count()

    response = upload_visit_document(operator, objects["visit"], png())

    assert _message(UPLOAD_DAILY_FILES_REACHED, 2) in response.content.decode()
    assert VisitDocument.objects.count() == visits


def test_an_account_past_its_daily_megabytes_is_refused(world, settings):
    settings.UPLOAD_DAILY_MAX_MB = 1
    objects, clients = world
    institution = objects["document"].institution
    assert upload_document(clients[OWN], institution, png(600)).status_code == 302

    response = upload_document(clients[OWN], institution, png(600))

    assert _message(UPLOAD_DAILY_MB_REACHED, 1) in response.content.decode()
    assert Document.objects.filter(size__gt=600 * 1024).count() == 1


def test_the_allowance_counts_the_office_day_only(world, settings):
    """Midnight in Asia/Jakarta starts a new day: a file from 23:59 yesterday counts for nothing,
    one from 00:01 today counts."""
    settings.UPLOAD_DAILY_MAX_FILES = 1
    objects, clients = world
    institution = objects["document"].institution
    user = InstitutionMember.objects.get(institution=institution).user
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    DocumentFactory(institution=institution, uploaded_by=user, uploaded_at=midnight - MINUTE)
    assert upload_document(clients[OWN], institution, png()).status_code == 302
    Document.objects.filter(uploaded_by=user).update(uploaded_at=midnight + MINUTE)
    assert upload_document(clients[OWN], institution, png()).status_code == 200


def test_an_application_has_its_own_daily_allowance(world, settings):
    settings.UPLOAD_DAILY_MAX_FILES = 2  # the world's application holds one file from today
    objects, clients = world
    application = objects["application"]
    url = reverse("applications:application_upload", args=[application.token])
    post = {"document_type": _document_type().pk}
    clients[ANONYMOUS].post(url, {**post, "file": SimpleUploadedFile("a.png", png())})
    uploaded = ApplicationDocument.objects.filter(application=application).count()

    response = clients[ANONYMOUS].post(
        url, {**post, "file": SimpleUploadedFile("b.png", png())}, follow=True
    )

    assert _message(UPLOAD_DAILY_FILES_REACHED, 2) in response.content.decode()
    assert ApplicationDocument.objects.filter(application=application).count() == uploaded


@pytest.mark.parametrize("rate, accepted", [("2/h", 2)])
def test_the_anonymous_concern_form_caps_uploads_per_client_address(
    db, client, settings, rate, accepted
):
    settings.PUBLIC_FORM_RATE = rate
    concern = {
        "category": "neglect",
        "institution_name": "Panti Contoh",
        "description": "Anak-anak tidak terurus.",
        "place": "Jl. Contoh 1",
    }
    answers = [
        client.post(
            reverse("supervision:concern_new"),
            {**concern, "attachment": SimpleUploadedFile("bukti.png", png(100))},
        ).status_code
        for _n in range(accepted + 2)
    ]
    assert answers == [302] * accepted + [429, 429]
    assert Concern.objects.exclude(attachment="").count() == accepted
