"""The newcomer's walk-through in a real browser: log in as Operator, find an LKSA in Kecamatan
Cipondoh by search and filter, open it, edit it, upload a PDF."""

import re

import pytest
from playwright.sync_api import expect

from lks_registry import roles
from lks_registry.models import Institution, Kecamatan
from tests.factories import PDF_BYTES, InstitutionFactory, LksaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("secret-pass-123")
    page.get_by_role("button", name="Masuk").click()


def test_operator_finds_edits_and_uploads_for_an_lksa_in_cipondoh(page, live_server, tmp_path):
    UserFactory(username="operator-browser", role=roles.OPERATOR)
    target = LksaFactory(name="Panti Asuhan Kasih Bunda")
    LksaFactory(name="Panti Asuhan Kasih Ibu", kecamatan=Kecamatan.objects.get(name="Larangan"))
    InstitutionFactory(name="Yayasan Kasih Lansia")

    log_in(page, live_server, "operator-browser")
    expect(page.get_by_role("heading", name="Lembaga terdaftar")).to_be_visible()

    page.get_by_label("Cari").fill("kasih")
    page.get_by_label("Kecamatan").select_option(label="Cipondoh")
    page.get_by_label("LKS atau LKSA").select_option(label="LKSA (anak)")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#result-count")).to_contain_text("1 lembaga ditemukan")

    page.get_by_role("link", name="Panti Asuhan Kasih Bunda").click()
    expect(page.get_by_role("heading", name="Panti Asuhan Kasih Bunda")).to_be_visible()

    page.get_by_role("link", name="Ubah", exact=True).click()
    page.get_by_role("group", name="Alamat dan kontak").get_by_label("Telepon").fill("0215551234")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("telah disimpan")

    pdf = tmp_path / "akta.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_role("link", name="Unggah dokumen").click()
    page.get_by_label("Jenis dokumen").select_option(label="Akta pendirian (notaris)")
    page.get_by_label("Berkas").set_input_files(str(pdf))
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("telah diunggah")
    expect(page.get_by_role("link", name="akta.pdf")).to_be_visible()

    target.refresh_from_db()
    assert target.phone == "0215551234"
    assert target.documents.get().original_name == "akta.pdf"
    assert re.search(r"/institutions/\d+/$", page.url)


def test_pimpinan_reads_but_finds_no_edit_button(page, live_server):
    UserFactory(username="pimpinan-browser", role=roles.PIMPINAN)
    InstitutionFactory(name="Yayasan Budi Mulia")
    log_in(page, live_server, "pimpinan-browser")
    page.get_by_role("link", name="Yayasan Budi Mulia").click()
    expect(page.get_by_role("heading", name="Yayasan Budi Mulia")).to_be_visible()
    expect(page.get_by_role("link", name="Ubah", exact=True)).to_have_count(0)
    assert Institution.objects.count() == 1
