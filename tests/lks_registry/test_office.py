"""The office's name, city, signatory and logo are data an admin edits: pages, e-mails and the
tanda daftar read them, so another city runs the same code by changing this row only."""

import base64
import io
import re
import zlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth

from lks_registry.models import LegalBasis, LegalScope, OfficeSettings
from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def png_bytes(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


OTHER_CITY = {
    "government_name": "Pemerintah Kota Contoh",
    "office_name": "Dinas Sosial Kota Contoh",
    "city": "Kota Contoh",
    "signing_place": "Contoh",
    "address": "Jl. Balai Kota No. 1",
    "head_title": "Kepala Dinas Sosial Kota Contoh",
    "head_name": "Dra. Sri Wahyuni, M.Si.",
    "head_nip": "197001012000032001",
}


def office_url():
    return reverse(
        "admin:lks_registry_officesettings_change", args=[OfficeSettings.objects.get().pk]
    )


def set_office(admin_client, **fields):
    data = {**OTHER_CITY, **fields}
    response = admin_client.post(office_url(), data)
    return response


def test_another_city_by_changing_the_office_row_only(admin_client, operator_client):
    response = set_office(admin_client, logo=SimpleUploadedFile("logo.png", png_bytes()))
    assert response.status_code == 302, response.context["adminform"].form.errors
    for url in (reverse("home"), reverse("public:register_search"), reverse("public_statistics")):
        page = Client().get(url).content.decode()
        assert "Kota Contoh" in page, url
        assert "Kota Tangerang" not in page, url  # (Tangerang is also a kecamatan: area data)
    home = Client().get(reverse("home")).content.decode()
    assert reverse("public:office_logo") in home
    # The open-data page, an institution's verification page and the statistics' city row.
    institution = InstitutionFactory()
    for url in (
        reverse("opendata:open_data"),
        reverse("public:verify", args=[institution.pk]),
        reverse("public:profile", args=[institution.pk]),
        reverse("opendata:statistics_csv"),
    ):
        response = Client().get(url)
        page = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Kota Contoh" in page.decode(), url
        assert "Kota Tangerang" not in page.decode(), url
    logo = Client().get(reverse("public:office_logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == png_bytes()


def test_password_reset_mail_is_signed_by_the_office(admin_client):
    set_office(admin_client)
    UserFactory(username="lembaga-x", email="lembaga@example.org")
    Client().post(reverse("password_reset"), {"email": "lembaga@example.org"})
    assert "Dinas Sosial Kota Contoh" in mail.outbox[-1].body
    assert "Kota Tangerang" not in mail.outbox[-1].body


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"head_nip": "1970"}, "NIP terdiri atas 18 digit"),
        ({"head_nip": "19700101200003200A"}, "NIP terdiri atas 18 digit"),
        ({"logo": SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image")}, "gambar"),
        ({"office_name": ""}, "Kesalahan:"),  # the admin marks the empty required field
    ],
)
def test_bad_office_settings_are_refused_with_a_message(admin_client, fields, error):
    response = set_office(admin_client, **fields)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert OfficeSettings.current().office_name == "Dinas Sosial Kota Tangerang"


def pdf_text_lines(content: bytes):
    """(x, text) of every string the PDF draws, from its (compressed) page streams."""
    lines = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        if not stream.endswith(b"~>"):  # images and fonts; ReportLab's text is ASCII85 + Flate
            continue
        try:
            text = zlib.decompress(base64.a85decode(stream[:-2])).decode("latin-1")
        except (ValueError, zlib.error):
            continue
        for x, _y, string in re.findall(r"1 0 0 1 ([\d.]+) ([\d.]+) Tm \((.*?)\) Tj", text):
            lines.append((float(x), string.replace("\\(", "(").replace("\\)", ")")))
    return lines


def test_tanda_daftar_shows_logo_and_signatory_and_wraps_the_legal_basis(
    admin_client, operator_client
):
    set_office(admin_client, logo=SimpleUploadedFile("logo.png", png_bytes((300, 200))))
    long_basis = LegalBasis.objects.create(
        code="perwal-panjang",
        name="Peraturan Wali Kota Contoh Nomor 12 Tahun 2030 tentang Tata Cara Pendaftaran, "
        "Perpanjangan dan Pencabutan Tanda Daftar Lembaga Kesejahteraan Sosial di Kota Contoh",
        governs=LegalScope.REGISTRATION,
    )
    institution = InstitutionFactory(legal_basis=long_basis)
    response = operator_client.get(reverse("applications:certificate_pdf", args=[institution.pk]))
    assert response.status_code == 200
    content = response.content
    assert b"/Subtype /Image" in content
    lines = pdf_text_lines(content)
    texts = [text for _x, text in lines]
    assert "Dra. Sri Wahyuni, M.Si." in texts
    assert "NIP. 197001012000032001" in texts
    assert "PEMERINTAH KOTA CONTOH" in texts and "DINAS SOSIAL KOTA CONTOH" in texts
    assert not any("Tangerang" in text or "TANGERANG" in text for text in texts)
    right_edge = A4[0] - 2 * cm
    value_lines = [(x, t) for x, t in lines if abs(x - 8 * cm) < 0.5]
    basis_lines = [t for _x, t in value_lines if t.split()[0] in long_basis.name.split()]
    assert len(basis_lines) >= 2  # wrapped
    for x, text in value_lines:
        assert x + stringWidth(text, "Helvetica-Bold", 11) <= right_edge, text


def test_tanda_daftar_without_a_logo_has_no_image(operator_client):
    institution = InstitutionFactory()
    content = operator_client.get(
        reverse("applications:certificate_pdf", args=[institution.pk])
    ).content
    assert b"/Subtype /Image" not in content
    assert "Kepala Dinas Sosial Kota Tangerang" in [t for _x, t in pdf_text_lines(content)]
