"""An institution registers itself with its documents, Dinsos asks for a revision, the institution
fixes it, Dinsos approves: the number and the PDF exist and the public register shows it."""

import pytest
from playwright.sync_api import expect

from lks_registry import roles
from lks_registry.models import Institution, LegalType
from tests.factories import PDF_BYTES, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_application(page):
    page.locator("[name=name]").fill("Yayasan Peduli Lansia Sejahtera")
    page.locator("[name=kind][value=lks]").check()
    page.locator("[name=specialisation]").select_option(label="Lanjut Usia")
    page.get_by_label("Lanjut usia terlantar").check()
    page.locator("[name=head_name]").fill("Hj. Siti Aminah")
    page.locator("[name=legal_form]").select_option(label="Yayasan")
    page.locator("[name=deed_number]").fill("21")
    page.locator("[name=deed_date]").fill("2019-05-02")
    page.locator("[name=deed_notary]").fill("Rudi Hartono, S.H., M.Kn.")
    page.locator("[name=ratification_number]").fill("AHU-0077.AH.01.04.Tahun 2019")
    page.locator("[name=ratification_date]").fill("2019-06-10")
    page.locator("[name=npwp]").fill("02.345.678.9-012.000")
    page.locator("[name=address]").fill("Jl. Melati No. 9")
    # Choosing the kecamatan reloads the form with its kelurahan only (what was typed stays).
    with page.expect_navigation():
        page.locator("[name=kecamatan]").select_option(label="Cipondoh")
    expect(page.locator("[name=name]")).to_have_value("Yayasan Peduli Lansia Sejahtera")
    expect(page.locator("#error-summary")).to_have_count(0)
    kelurahan = page.locator("[name=kelurahan] option")
    expect(kelurahan.filter(has_text="Cipondoh Makmur")).to_have_count(1)
    expect(kelurahan.filter(has_text="Sukarasa")).to_have_count(0)
    page.locator("[name=kelurahan]").select_option(label="Cipondoh Makmur")
    page.locator("[name=email]").fill("lansia.sejahtera@example.org")
    page.locator("[name=board-0-name]").fill("Hj. Siti Aminah")
    page.locator("[name=board-0-position]").fill("Ketua")


def test_registration_from_application_to_public_register(browser, live_server, tmp_path):
    UserFactory(username="verifikator-reg", role=roles.VERIFIKATOR)
    applicant = browser.new_context(locale="id-ID").new_page()
    staff = browser.new_context(locale="id-ID").new_page()
    for page in (applicant, staff):
        page.set_default_timeout(10000)

    applicant.goto(f"{live_server.url}/register/")
    fill_application(applicant)
    applicant.get_by_role("button", name="Simpan dan lanjutkan").click()
    expect(applicant.locator("#application-status")).to_contain_text("Draf")
    tracking = applicant.url

    pdf = tmp_path / "dokumen.pdf"
    pdf.write_bytes(PDF_BYTES)
    for document_type in LegalType.objects.get(code="berbadan-hukum").required_document_types.all():
        applicant.locator("[name=document_type]").select_option(label=document_type.name)
        applicant.locator("[name=file]").set_input_files(str(pdf))
        applicant.get_by_role("button", name="Unggah", exact=True).click()
        expect(applicant.locator(".alert-success")).to_contain_text("telah diunggah")
    applicant.get_by_role("button", name="Kirim permohonan ke Dinas Sosial").click()
    expect(applicant.locator("#application-status")).to_contain_text("Menunggu pemeriksaan")
    expect(applicant.locator("#answers")).to_contain_text("Yayasan Peduli Lansia Sejahtera")
    href = applicant.locator("#receipt-link").get_attribute("href")
    receipt = applicant.request.get(f"{live_server.url}{href}")
    assert receipt.headers["content-type"] == "application/pdf"

    staff.goto(f"{live_server.url}/accounts/login/")
    staff.locator("#id_username").fill("verifikator-reg")
    staff.locator("#id_password").fill("secret-pass-123")
    staff.get_by_role("button", name="Masuk").click()
    staff.goto(f"{live_server.url}/institutions/applications/")
    staff.locator("#application-queue a").first.click()
    staff.get_by_label("Minta perbaikan").check()
    staff.locator("[name=message]").fill("Tambahkan nomor telepon ketua.")
    staff.locator("[name=confirm]").check()
    staff.get_by_role("button", name="Catat keputusan").click()
    expect(staff.locator(".alert-success")).to_contain_text("Perlu perbaikan")

    applicant.goto(tracking)
    expect(applicant.locator("#staff-messages")).to_contain_text("Tambahkan nomor telepon ketua.")
    applicant.get_by_role("link", name="Ubah jawaban").click()
    applicant.locator("[name=board-0-phone]").fill("081299990000")
    applicant.get_by_role("button", name="Simpan dan lanjutkan").click()
    applicant.get_by_role("button", name="Kirim permohonan ke Dinas Sosial").click()
    expect(applicant.locator("#application-status")).to_contain_text("Menunggu pemeriksaan")

    staff.reload()
    staff.get_by_label("Setujui dan daftarkan").check()
    staff.locator("[name=confirm]").check()
    staff.get_by_role("button", name="Catat keputusan").click()
    expect(staff.locator(".alert-success")).to_contain_text("Disetujui")
    expect(staff.locator("body")).not_to_contain_text("Lembaga lain sudah terdaftar dengan NPWP")
    expect(staff.locator("body")).not_to_contain_text("permohonan perubahan")

    institution = Institution.objects.get(name="Yayasan Peduli Lansia Sejahtera")
    assert institution.registration_number.startswith("001/LKS/DINSOS/")
    response = staff.request.get(
        f"{live_server.url}/institutions/{institution.pk}/tanda-daftar.pdf"
    )
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(
        b"%PDF"
    )

    applicant.goto(tracking)
    expect(applicant.locator("#registration-number")).to_have_text(institution.registration_number)
    expect(applicant.get_by_role("link", name="Cetak tanda daftar (PDF)")).to_be_visible()
    expect(applicant.locator("body")).not_to_contain_text("dapat melihat dan mengubah")
    applicant.get_by_role("link", name="Lihat di registri publik").click()
    expect(applicant.locator("#registration-state")).to_contain_text("BERLAKU hari ini")
    expect(applicant.get_by_role("heading", name="Yayasan Peduli Lansia Sejahtera")).to_be_visible()
