"""A member of the public reports a concern, reloads the thank-you page (nothing is sent twice),
staff handle it step by step to closure, and the reporter follows the status by the private link
without ever seeing the staff's notes."""

import pytest
from playwright.sync_api import expect

from lks_registry import roles
from supervision.models import Concern
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_concern_from_report_to_closure_followed_by_the_reporter(browser, live_server):
    InstitutionFactory(name="Panti Asuhan Kasih Bunda")
    UserFactory(username="operator-adu", role=roles.OPERATOR)
    reporter = browser.new_context(locale="id-ID").new_page()
    staff = browser.new_context(locale="id-ID").new_page()
    for page in (reporter, staff):
        page.set_default_timeout(10000)

    reporter.goto(f"{live_server.url}/concern/")
    expect(reporter.locator("[name=attachment]")).to_have_count(1)
    reporter.locator("[name=category]").select_option(value="neglect")
    reporter.locator("[name=institution_name]").fill("Panti tanpa papan nama")
    reporter.locator("[name=description]").fill("Anak-anak tidak bersekolah.")
    reporter.locator("[name=place]").fill("Jl. Kenanga, Cipondoh")
    reporter.get_by_role("button", name="Kirim laporan").click()
    expect(reporter.locator(".alert-success")).to_contain_text("Terima kasih")
    reference = reporter.locator("#concern-reference").inner_text()
    private_link = reporter.url
    reporter.reload()
    assert Concern.objects.count() == 1
    concern = Concern.objects.get()
    assert concern.reference == reference

    staff.goto(f"{live_server.url}/accounts/login/")
    staff.locator("#id_username").fill("operator-adu")
    staff.locator("#id_password").fill("secret-pass-123")
    staff.get_by_role("button", name="Masuk").click()
    staff.goto(f"{live_server.url}/institutions/concerns/{concern.pk}/")
    # A refused step (closing without a note) keeps the saved status in the badge.
    staff.locator("[name=status]").select_option(value="closed")
    staff.get_by_role("button", name="Simpan").click()
    expect(staff.locator("#concern-status")).to_have_text("Baru")
    staff.locator("[name=status]").select_option(value="in_review")
    staff.locator("[name=note]").fill("Catatan internal: pelapor tetangga panti.")
    staff.get_by_role("button", name="Simpan").click()
    expect(staff.locator("#concern-status")).to_have_text("Sedang ditelaah")
    staff.locator("[name=status]").select_option(value="closed")
    staff.locator("[name=note]").fill("Kunjungan: anak didaftarkan ke SD terdekat.")
    staff.get_by_role("button", name="Simpan").click()
    timeline = staff.locator("#concern-timeline")
    expect(timeline).to_contain_text("pelapor tetangga panti")
    expect(timeline).to_contain_text("didaftarkan ke SD terdekat")
    expect(staff.locator("#concern-closed")).to_be_visible()
    expect(staff.locator("[name=note]")).to_have_count(0)

    reporter.goto(private_link)
    expect(reporter.locator("#concern-status")).to_have_text("Tutup")
    expect(reporter.locator("#concern-steps")).to_contain_text("Sedang ditelaah")
    expect(reporter.locator("body")).not_to_contain_text("pelapor tetangga panti")
