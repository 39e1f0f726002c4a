from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lks_registry.models import Document, DocumentType
from lks_registry.validators import UPLOAD_BAD_TYPE
from tests.factories import PDF_BYTES, DocumentFactory, InstitutionFactory


def upload(client, institution, name, content, type_code="ad-art"):
    return client.post(
        reverse("lks_registry:document_upload", args=[institution.pk]),
        {
            "document_type": DocumentType.objects.get(code=type_code).pk,
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )


def test_operator_uploads_a_pdf_and_it_no_longer_counts_as_missing(operator_client):
    institution = InstitutionFactory()
    assert "ad-art" in {t.code for t in institution.missing_document_types()}
    response = upload(operator_client, institution, "AD ART.pdf", PDF_BYTES)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.original_name, document.content_type, document.uploaded_by) == (
        "AD ART.pdf",
        "application/pdf",
        operator_client.user,
    )
    assert "AD ART" not in document.file.name  # stored under a random name
    assert "ad-art" not in {t.code for t in institution.missing_document_types()}


def test_disguised_executable_is_refused_with_a_clear_message(operator_client):
    institution = InstitutionFactory()
    response = upload(operator_client, institution, "akta.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    assert response.status_code == 200
    assert str(UPLOAD_BAD_TYPE) in response.context["form"].errors["file"]
    assert "PDF, JPEG atau PNG" in response.content.decode()
    assert not Document.objects.exists()


def test_document_is_served_only_to_signed_in_staff(operator_client):
    document = DocumentFactory()
    url = reverse("lks_registry:document_download", args=[document.pk])
    response = operator_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert Client().get(url).status_code == 302


def test_detail_page_lists_documents_and_missing_ones(operator_client):
    document = DocumentFactory(original_name="domisili-2025.pdf")
    page = operator_client.get(document.institution.get_absolute_url()).content.decode()
    assert "domisili-2025.pdf" in page
    assert "missing-documents" in page
    assert "Kartu NPWP" in page
