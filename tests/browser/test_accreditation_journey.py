"""From never applied to grade A in a real browser, step by step as a Verifikator does it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lks_registry import roles
from tests.factories import LksaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirm_step(page, button, fields=None):
    page.get_by_role("link", name=button).click()
    for selector, value in (fields or {}).items():
        if selector.startswith("select:"):
            page.locator(f"[name={selector[7:]}]").select_option(label=value)
        else:
            page.locator(f"[name={selector}]").fill(value)
    page.locator("[name=confirm]").check()
    page.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_contain_text("Selesai")


def test_verifikator_takes_an_institution_from_never_applied_to_grade_a(page, live_server):
    UserFactory(username="verifikator-browser", role=roles.VERIFIKATOR)
    institution = LksaFactory(name="Panti Asuhan Tunas Bangsa")
    today = timezone.localdate()

    def day(n):
        return (today - datetime.timedelta(days=n)).isoformat()

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("verifikator-browser")
    page.locator("#id_password").fill("secret-pass-123")
    page.get_by_role("button", name="Masuk").click()

    page.goto(f"{live_server.url}{institution.get_absolute_url()}")
    expect(page.locator("#accreditation-panel")).to_contain_text("Belum pernah mengajukan")
    page.get_by_role("link", name="Buka proses akreditasi").click()
    page.locator("[name=confirm]").check()
    page.get_by_role("button", name="Buka proses").click()
    expect(page.locator("#case-state")).to_have_text("Persiapan")

    confirm_step(
        page,
        "Terbitkan rekomendasi Dinsos",
        {"recommendation_number": "045/REK/DINSOS/2026", "recommendation_date": day(90)},
    )
    confirm_step(page, "Catat pengajuan ke BALKS", {"submitted_on": day(80)})
    confirm_step(page, "BALKS menilai dokumen")
    confirm_step(
        page,
        "Catat jadwal visitasi",
        {"visit_scheduled_on": day(30), "assessors": "Tim asesor BALKS"},
    )
    confirm_step(
        page,
        "Catat keputusan BALKS",
        {
            "visit_held_on": day(30),
            "select:grade": "A (Baik Sekali)",
            "certificate_number": "321/BALKS/2026",
            "decided_on": day(5),
            "select:legal_basis": "Permensos No. 8 Tahun 2025 tentang Akreditasi Lembaga Kesejahteraan Sosial",
        },
    )
    expect(page.locator("#case-state")).to_have_text("Diputuskan")
    expect(page.locator("#timeline li")).to_have_count(6)

    page.get_by_role("link", name="Data lembaga").click()
    expect(page.locator("#current-grade")).to_contain_text("Peringkat A (Baik Sekali)")
