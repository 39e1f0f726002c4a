"""Supervision in a real browser: a Verifikator records a visit, issues a first warning with
children in danger, suspends the LKSA; the institution's own account then sees its letter, the
visit's findings and the status; the public verification page says suspended."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lks_registry import roles
from lks_registry.models import InstitutionMember
from tests.factories import LksaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("secret-pass-123")
    page.get_by_role("button", name="Masuk").click()


def test_visit_warning_suspension_institution_view_and_public_verify(page, live_server, browser):
    UserFactory(username="verifikator-sup", role=roles.VERIFIKATOR)
    own = UserFactory(username="lembaga-sup", role=roles.INSTITUTION)
    lksa = LksaFactory(name="Panti Asuhan Cahaya")
    InstitutionMember.objects.create(user=own, institution=lksa)
    today = timezone.localdate()
    detail = f"{live_server.url}{lksa.get_absolute_url()}"

    log_in(page, live_server, "verifikator-sup")
    page.goto(detail)

    # A monitoring visit with its findings in full on its own page.
    page.get_by_role("link", name="Catat kunjungan pemantauan").click()
    page.locator("[name=visited_on]").fill(today.isoformat())
    page.locator("[name=officers]").fill("Rina (Dinsos) dan TKSK Cipondoh")
    page.locator("[name=findings]").fill("Anak tidur di lantai; terdapat tanda kekerasan fisik.")
    page.locator("[name=follow_up]").fill("Rujuk ke UPTD PPA; kunjungan ulang dalam seminggu.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#visit-findings")).to_contain_text("tanda kekerasan fisik")
    expect(page.locator("#visit-follow-up")).to_contain_text("UPTD PPA")

    # A future date for a warning is refused, the form keeps what was typed.
    page.goto(detail)
    page.get_by_role("link", name="Terbitkan surat peringatan").click()
    page.locator("[name=level]").select_option("1")
    page.locator("[name=letter_number]").fill("400.9/021/DINSOS/2026")
    page.locator("[name=issued_on]").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("[name=correction_deadline]").fill(
        (today + datetime.timedelta(days=44)).isoformat()
    )
    page.locator("[name=reason]").fill("Kekerasan terhadap anak asuh")
    page.locator("[name=children_in_danger]").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("masa depan")
    expect(page.locator("[name=letter_number]")).to_have_value("400.9/021/DINSOS/2026")
    page.locator("[name=issued_on]").fill(today.isoformat())
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#warnings")).to_contain_text("400.9/021/DINSOS/2026")

    # Children in danger: suspension at once, before the third warning.
    page.get_by_role("link", name="Ubah status").click()
    page.locator("[name=new_status]").select_option("suspended")
    page.locator("[name=reason]").fill("Anak dalam bahaya; menunggu hasil rujukan.")
    page.locator("[name=confirm]").check()
    page.get_by_role("button", name="Ubah status").click()
    expect(page.locator(".alert-success")).to_contain_text("Dibekukan")

    # The institution's own account sees its letter, its deadline and the visit's findings.
    own_context = browser.new_context(locale="id-ID")
    own_page = own_context.new_page()
    log_in(own_page, live_server, "lembaga-sup")
    own_page.goto(detail)
    panel = own_page.locator("#supervision-panel")
    expect(panel).to_contain_text("400.9/021/DINSOS/2026")
    expect(panel).to_contain_text("Perbaiki paling lambat")
    expect(panel).to_contain_text("tanda kekerasan fisik")
    expect(own_page.locator("body")).to_contain_text("Anak dalam bahaya; menunggu hasil rujukan.")
    own_context.close()

    # The public verification page.
    page.goto(f"{live_server.url}{reverse('public:verify', args=[lksa.pk])}")
    expect(page.locator("#verification")).to_contain_text("DIBEKUKAN")
