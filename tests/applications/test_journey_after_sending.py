"""What the applicant and staff see around a decision: the receipt, the answers on the tracking
page, the registration number and tanda daftar after approval, replaced documents, and a review
page that never mistakes the new entry for a duplicate or a change request."""

import base64
import re
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationStatus
from lks_registry.models import DocumentType
from tests.applications.test_online_registration import (
    decide,
    start_application,
    upload_required_documents,
)
from tests.factories import PDF_BYTES


def pdf_text(content: bytes) -> str:
    """The strings ReportLab drew, from its (possibly compressed) page streams."""
    assert content.startswith(b"%PDF")
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        if stream.rstrip().endswith(b"~>"):  # ReportLab's ASCII85 over Flate
            stream = zlib.decompress(base64.a85decode(stream.rstrip()[:-2]))
        text += re.findall(rb"\((.*?)\) Tj", stream)
    return "\n".join(t.decode("latin-1") for t in text)


def sent_application(applicant):
    application = start_application(applicant)
    upload_required_documents(applicant, application)
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def test_receipt_lists_the_number_date_and_documents_once_sent(db):
    applicant = Client()
    application = start_application(applicant)
    receipt = reverse("applications:application_receipt", args=[application.token])
    assert applicant.get(receipt).status_code == 404  # a draft has not been received yet
    upload_required_documents(applicant, application)
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    response = applicant.get(receipt)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert application.number in text and "BUKTI PENDAFTARAN" in text
    for document in application.current_documents():
        assert document.original_name in text
    track = applicant.get(reverse("applications:application_track", args=[application.token]))
    assert receipt in track.content.decode()


def test_tracking_page_shows_the_answers_and_after_approval_the_number_and_tanda_daftar(
    db, verifikator_client
):
    applicant = Client()
    application = sent_application(applicant)
    track = reverse("applications:application_track", args=[application.token])
    page = applicant.get(track).content.decode()
    assert "Panti Asuhan Harapan Baru" in page and "Yayasan" in page  # answers, choice labels
    assert "Anyone with it can" not in page and "dapat melihat dan mengubah" not in page

    decide(verifikator_client, application, ApplicationStatus.APPROVED)
    application.refresh_from_db()
    institution = application.institution
    page = applicant.get(track).content.decode()
    assert institution.registration_number in page
    certificate = reverse("applications:application_certificate", args=[application.token])
    assert certificate in page
    response = applicant.get(certificate)
    assert response["Content-Type"] == "application/pdf"
    assert institution.registration_number in pdf_text(response.content)


def test_no_tanda_daftar_by_link_before_approval(db):
    applicant = Client()
    application = sent_application(applicant)
    certificate = reverse("applications:application_certificate", args=[application.token])
    assert applicant.get(certificate).status_code == 404


def test_review_after_approval_neither_warns_of_its_own_npwp_nor_says_change_request(
    db, verifikator_client
):
    application = sent_application(Client())
    review = reverse("applications:application_review", args=[application.pk])
    decide(verifikator_client, application, ApplicationStatus.APPROVED)
    page = verifikator_client.get(review).content.decode()
    assert "Lembaga lain sudah terdaftar dengan NPWP ini" not in page
    assert "permohonan perubahan" not in page
    application.refresh_from_db()
    assert application.kind == "new"
    assert application.institution.registration_number in page
    queue = verifikator_client.get(
        reverse("applications:application_queue") + "?status=approved"
    ).content.decode()
    assert application.number in queue and "permohonan perubahan" not in queue


def test_a_replaced_document_replaces_the_old_one_which_stays_in_the_history(
    db, verifikator_client
):
    applicant = Client()
    application = start_application(applicant)
    upload_required_documents(applicant, application)
    deed = DocumentType.objects.get(pk=application.current_documents().first().document_type_id)
    applicant.post(
        reverse("applications:application_upload", args=[application.token]),
        {"document_type": deed.pk, "file": SimpleUploadedFile("akta-baru.pdf", PDF_BYTES)},
    )
    current = application.current_documents().filter(document_type=deed)
    assert [d.original_name for d in current] == ["akta-baru.pdf"]
    old = application.replaced_documents().get(document_type=deed)
    assert old.replaced_at is not None
    applicant.post(reverse("applications:application_submit", args=[application.token]))
    review = verifikator_client.get(
        reverse("applications:application_review", args=[application.pk])
    ).content.decode()
    current_list = review.split('id="current-documents"')[1].split("</ul>")[0]
    history = review.split('id="replaced-documents"')[1].split("</ul>")[0]
    assert "akta-baru.pdf" in current_list and old.original_name not in current_list
    assert old.original_name in history
    decide(verifikator_client, application, ApplicationStatus.APPROVED)
    application.refresh_from_db()
    names = list(application.institution.documents.values_list("original_name", flat=True))
    assert "akta-baru.pdf" in names and old.original_name not in names


def test_operator_is_told_who_decides_and_what_it_may_do(db, operator_client):
    application = sent_application(Client())
    page = operator_client.get(
        reverse("applications:application_review", args=[application.pk])
    ).content.decode()
    assert 'id="decision-hint"' in page and "verifikator" in page
    assert 'name="decision"' not in page
