"""Issue 15, uploads: a file is stored under the extension of the type read from its content and
served with that type; a PDF with script or launch actions is refused at every upload."""

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import ApplicationDocument
from lks_registry import roles
from lks_registry.models import Document, DocumentType
from lks_registry.validators import UPLOAD_PDF_ACTIVE
from supervision.models import Concern, VisitDocument

# A real PNG header followed by a page that runs a script if a browser ever renders it as HTML.
POLYGLOT = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde<html><body><script>alert(document.cookie)</script></body></html>"
)


def _pdf(objects: dict[int, bytes], root=1) -> bytes:
    """A small PDF with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets.get(number, 0)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
}
PLAIN_PDF = _pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES})
# A destination, not an action: opening at the first page is harmless.
OPEN_AT_PAGE_PDF = _pdf({1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", **PAGES})
OPEN_ACTION_JS = _pdf(
    {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        **PAGES,
        4: b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>",
    }
)
# The same names written with #xx escapes, as a viewer reads them.
ESCAPED_JS = _pdf(
    {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        **PAGES,
        4: b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
    }
)
LAUNCH = _pdf(
    {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        **PAGES,
        4: b"<< /S /Launch /F (cmd.exe) >>",
    }
)
NAMED_JAVASCRIPT = _pdf(
    {
        1: b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>",
        **PAGES,
        4: b"<< /Names [(a) 5 0 R] >>",
        5: b"<< /S /JavaScript /JS (app.alert(1)) >>",
    }
)


def _object_stream_pdf() -> bytes:
    """PDF 1.5: the catalogue and its script action packed in a compressed object stream, with
    a cross-reference stream, so no script name is visible in the file's bytes."""
    packed = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        **PAGES,
        4: b"<< /S /JavaScript /JS (app.alert(1)) >>",
    }
    header, bodies = b"", b""
    for number, body in packed.items():
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b" "
    content = zlib.compress(header + bodies)
    out = bytearray(b"%PDF-1.5\n")
    stream_at = len(out)
    out += b"5 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(packed),
        len(header),
        len(content),
    )
    out += b"stream\n" + content + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for index, _number in enumerate(packed):
        rows.append(bytes([2]) + (5).to_bytes(4, "big") + index.to_bytes(2, "big"))
    rows.append(bytes([1]) + stream_at.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    rows.append(bytes([1]) + xref_at.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    table = b"".join(rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


ACTIVE_PDFS = {
    "open action with JavaScript": OPEN_ACTION_JS,
    "escaped names": ESCAPED_JS,
    "launch action": LAUNCH,
    "document-level JavaScript": NAMED_JAVASCRIPT,
    "JavaScript in a compressed object stream": _object_stream_pdf(),
}


def _document_type():
    return DocumentType.objects.filter(is_active=True).order_by("pk").first()


def _upload_institution_document(world, name, content):
    objects, clients = world
    institution = objects["document"].institution
    return clients[roles.ADMIN].post(
        reverse("lks_registry:document_upload", args=[institution.pk]),
        {"document_type": _document_type().pk, "file": SimpleUploadedFile(name, content)},
    )


def _upload_application_document(world, name, content):
    objects, _clients = world
    return objects["application"], _clients["anonymous"].post(
        reverse("applications:application_upload", args=[objects["application"].token]),
        {"document_type": _document_type().pk, "file": SimpleUploadedFile(name, content)},
    )


def _upload_visit_document(world, name, content):
    objects, clients = world
    return clients[roles.ADMIN].post(
        reverse("supervision:visit_detail", args=[objects["visit"].pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


CONCERN = {
    "category": "neglect",
    "institution_name": "Panti Contoh",
    "description": "Anak-anak tidak terurus.",
    "place": "Jl. Contoh 1",
}


def _report_concern(world, name, content):
    _objects, clients = world
    return clients["anonymous"].post(
        reverse("supervision:concern_new"),
        {**CONCERN, "attachment": SimpleUploadedFile(name, content)},
    )


def test_a_png_html_polyglot_is_stored_and_served_as_png_wherever_it_is_uploaded(world):
    objects, clients = world
    admin = clients[roles.ADMIN]

    assert _upload_institution_document(world, "x.html", POLYGLOT).status_code == 302
    document = Document.objects.latest("pk")
    _application, response = _upload_application_document(world, "x.html", POLYGLOT)
    assert response.status_code == 302
    application_document = ApplicationDocument.objects.latest("pk")
    assert _upload_visit_document(world, "x.html", POLYGLOT).status_code == 302
    visit_document = VisitDocument.objects.latest("pk")
    assert _report_concern(world, "x.html", POLYGLOT).status_code == 302
    concern = Concern.objects.latest("pk")

    stored = {
        "lks_registry:document_download": (document.pk, document.file.name),
        "applications:application_document": (
            application_document.pk,
            application_document.file.name,
        ),
        "supervision:visit_document": (visit_document.pk, visit_document.file.name),
        "supervision:concern_attachment": (concern.pk, concern.attachment.name),
    }
    for url_name, (pk, file_name) in stored.items():
        assert file_name.endswith(".png") and ".htm" not in file_name, url_name
        response = admin.get(reverse(url_name, args=[pk]))
        assert response["Content-Type"] == "image/png", url_name
        assert response["Content-Disposition"].startswith("attachment;"), url_name


@pytest.mark.parametrize("kind", ACTIVE_PDFS)
def test_a_pdf_with_script_or_launch_action_is_refused_with_the_reason(world, kind):
    content = ACTIVE_PDFS[kind]

    response = _upload_institution_document(world, "akta.pdf", content)

    assert response.status_code == 200
    assert str(UPLOAD_PDF_ACTIVE) in response.content.decode()
    assert not Document.objects.filter(original_name="akta.pdf").exists()


def test_every_upload_point_refuses_an_active_pdf(world):
    content = ACTIVE_PDFS["JavaScript in a compressed object stream"]
    documents = Document.objects.count()

    _application, app_response = _upload_application_document(world, "aktif.pdf", content)
    follow = world[1]["anonymous"].get(app_response["Location"])
    visit_response = _upload_visit_document(world, "aktif-laporan.pdf", content)
    concern_response = _report_concern(world, "bukti.pdf", content)

    assert Document.objects.count() == documents
    assert not ApplicationDocument.objects.filter(original_name="aktif.pdf").exists()
    assert not VisitDocument.objects.filter(original_name="aktif-laporan.pdf").exists()
    assert not Concern.objects.filter(place=CONCERN["place"]).exists()
    assert str(UPLOAD_PDF_ACTIVE) in follow.content.decode()
    assert str(UPLOAD_PDF_ACTIVE) in visit_response.content.decode()
    page = concern_response.content.decode()
    # The form keeps what was typed beside the refused file.
    assert str(UPLOAD_PDF_ACTIVE) in page and CONCERN["description"] in page


@pytest.mark.parametrize("content", [PLAIN_PDF, OPEN_AT_PAGE_PDF], ids=["plain", "open at page"])
def test_a_plain_pdf_is_accepted(world, content):
    response = _upload_institution_document(world, "akta.pdf", content)

    assert response.status_code == 302
    assert Document.objects.get(original_name="akta.pdf").file.name.endswith(".pdf")
