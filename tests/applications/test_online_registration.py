"""An institution registers itself; Dinsos reviews; the register and the public see the result."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import ApplicationStatus, RegistrationApplication
from applications.services import email_confirmation_token
from lks_registry.models import DocumentType, Institution, InstitutionMember, LegalType
from tests.factories import PDF_BYTES, InstitutionFactory, RegistrationApplicationFactory
from tests.lks_registry.helpers import institution_form_data

START = reverse("applications:application_start")


def application_answers(**overrides):
    data = institution_form_data(**overrides)
    for field in ("registration_number", "registered_on"):
        data.pop(field, None)
    return data


def start_application(client, **overrides):
    response = client.post(START, application_answers(**overrides))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return RegistrationApplication.objects.latest("pk")


def confirm_address(client, application):
    """Open the confirmation link as the applicant would and press its button."""
    url = reverse("applications:email_confirm", args=[email_confirmation_token(application)])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    return response


def upload_required_documents(client, application):
    required = LegalType.objects.get(code="berbadan-hukum").required_document_types.all()
    for document_type in required:
        client.post(
            reverse("applications:application_upload", args=[application.token]),
            {
                "document_type": document_type.pk,
                "file": SimpleUploadedFile(f"{document_type.code}.pdf", PDF_BYTES),
            },
        )


def decide(client, application, decision, message=""):
    return client.post(
        reverse("applications:application_review", args=[application.pk]),
        {"decision": decision, "message": message, "confirm": "on"},
    )


def test_the_whole_journey_from_application_to_public_register(
    db, verifikator_client, django_capture_on_commit_callbacks
):
    applicant = Client()
    application = start_application(applicant)
    track = reverse("applications:application_track", args=[application.token])
    assert application.status == ApplicationStatus.DRAFT

    response = applicant.post(
        reverse("applications:application_submit", args=[application.token]), follow=True
    )
    assert "Unggah dokumen wajib terlebih dahulu" in response.content.decode()

    upload_required_documents(applicant, application)
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(reverse("applications:application_submit", args=[application.token]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # Only the link to confirm the address goes out until the applicant opens it.
    confirmation = mail.outbox[-1]
    link = next(line for line in confirmation.body.split() if "/register/confirm/" in line)
    assert application.token not in confirmation.body
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(link.split("testserver", 1)[1])
    assert application.number in mail.outbox[-1].body and application.token in mail.outbox[-1].body

    decide(
        verifikator_client,
        application,
        ApplicationStatus.REVISION,
        "Lengkapi nomor telepon pengurus.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVISION
    assert "Lengkapi nomor telepon pengurus." in applicant.get(track).content.decode()

    edit = reverse("applications:application_edit", args=[application.token])
    assert 'value="Panti Asuhan Harapan Baru"' in applicant.get(edit).content.decode()
    applicant.post(edit, application_answers(**{"board-0-phone": "0812000111"}))
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    application.refresh_from_db()
    assert application.rounds.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        decide(verifikator_client, application, ApplicationStatus.APPROVED)
    application.refresh_from_db()
    institution = application.institution
    year = timezone.localdate().year
    assert institution.registration_number == f"001/LKS/DINSOS/{year}"
    assert institution.registered_on == timezone.localdate()
    assert institution.registration_valid_until == timezone.localdate().replace(year=year + 5)
    assert institution.board.get().phone == "0812000111"
    assert institution.documents.count() == 8
    assert (
        InstitutionMember.objects.get(institution=institution).user.email == "harapan@example.org"
    )
    assert any("/accounts/reset/" in message.body for message in mail.outbox)

    pdf = verifikator_client.get(reverse("applications:certificate_pdf", args=[institution.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    public = Client().get(reverse("public:profile", args=[institution.pk])).content.decode()
    assert "BERLAKU hari ini" in public
    assert "012345678901000" not in public and "01.234.567.8-901.000" not in public
    assert "Siti Rahmawati" not in public


def test_likely_duplicates_are_shown_beside_the_application(db, verifikator_client):
    same_npwp = InstitutionFactory(name="Yayasan Lain Sekali", npwp="012345678901000")
    application = RegistrationApplicationFactory(
        name="Panti Asuhan Kasih Bunda", npwp="012345678901000"
    )
    similar = InstitutionFactory(name="Panti Asuhan Kasih Bundaa", kelurahan=application.kelurahan)
    InstitutionFactory(name="Panti Werdha Lain")
    assert set(services.duplicate_candidates(application)) == {same_npwp, similar}
    page = verifikator_client.get(reverse("applications:application_review", args=[application.pk]))
    assert "Panti Asuhan Kasih Bundaa" in page.content.decode()


def test_another_token_sees_nothing(db):
    mine = RegistrationApplicationFactory(name="Lembaga Saya")
    other = RegistrationApplicationFactory(name="Lembaga Rahasia")
    page = (
        Client().get(reverse("applications:application_track", args=[mine.token])).content.decode()
    )
    assert "Lembaga Saya" in page and "Lembaga Rahasia" not in page
    assert (
        Client().get(reverse("applications:application_track", args=["tebakan-token"])).status_code
        == 404
    )
    assert other.token not in page


def test_real_tokens_are_long_and_random(db):
    first, second = (start_application(Client(), name=name) for name in ("A Satu", "B Dua"))
    assert len(first.token) >= 40 and first.token != second.token


def test_submitted_application_cannot_be_edited_by_the_applicant(db):
    application = RegistrationApplicationFactory(status=ApplicationStatus.SUBMITTED)
    assert (
        Client().get(reverse("applications:application_edit", args=[application.token])).status_code
        == 404
    )


def test_invalid_public_answers_are_refused_and_kept(db):
    response = Client().post(START, application_answers(npwp="123", email=""))
    assert response.status_code == 200
    assert {"npwp", "email"} <= set(response.context["form"].errors)
    assert 'value="Jl. Mawar No. 5"' in response.content.decode()
    assert not RegistrationApplication.objects.exists()


def test_disguised_file_is_refused_on_the_tracking_page(db):
    client = Client()
    application = start_application(client)
    response = client.post(
        reverse("applications:application_upload", args=[application.token]),
        {
            "document_type": DocumentType.objects.get(code="akta-pendirian").pk,
            "file": SimpleUploadedFile("akta.pdf", b"MZ\x90\x00" * 50),
        },
        follow=True,
    )
    assert "Hanya berkas PDF, JPEG atau PNG" in response.content.decode()
    assert not application.documents.exists()


def test_rejection_needs_a_reason_and_only_a_waiting_application_is_decided(
    db, verifikator_client, operator_client
):
    application = RegistrationApplicationFactory(status=ApplicationStatus.SUBMITTED)
    response = decide(verifikator_client, application, ApplicationStatus.REJECTED)
    assert "Tuliskan alasan" in response.content.decode()
    response = decide(operator_client, application, ApplicationStatus.REJECTED, "x")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    decide(
        verifikator_client,
        application,
        ApplicationStatus.REJECTED,
        "Bukan kegiatan kesejahteraan sosial.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    with pytest.raises(services.ApplicationError):
        services.application_decide(
            application_id=application.pk,
            decision="approved",
            message="",
            user=None,
            tracking_url="",
            invite=None,
        )


def test_review_queue_shows_waiting_days_and_overdue(db, verifikator_client):
    application = RegistrationApplicationFactory(
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now() - timezone.timedelta(days=30),
    )
    RegistrationApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    response = verifikator_client.get(reverse("applications:application_queue"))
    rows = {a.pk: a for a in response.context["page"].object_list}
    assert rows[application.pk].overdue and rows[application.pk].waiting >= 20
    assert "table-danger" in response.content.decode()


def test_public_forms_are_rate_limited(db, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    client = Client()
    statuses = [client.post(reverse("supervision:concern_new"), {}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Institution.objects.count() == 0
