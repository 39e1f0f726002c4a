"""Supervision by risk in a real browser, on the demo city: the Verifikator filters the worklist
to LKSA, finds at its top the LKSA with the highest risk (as the profiles compute it, not as the
page says), plans a visit to it, and comes back to the list where the visit now shows."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import formats, timezone
from playwright.sync_api import expect

from lks_registry.models import InstitutionKind
from risk import selectors, services
from supervision.models import PlannedVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_a_visit_for_the_highest_risk_lksa_of_the_demo_city(page, live_server, settings):
    settings.DEBUG = True  # the demo loader refuses to run on a production configuration
    call_command("load_demo", verbosity=0)
    today = timezone.localdate()
    lksa_rows = selectors.worklist(services.snapshot_for(today), kind=InstitutionKind.LKSA)
    highest = lksa_rows.first()
    assert highest.score > 0 and highest.score >= max(row.score for row in lksa_rows)

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("verifikator")
    page.locator("#id_password").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/supervision/risk/")
    page.locator("select[name=kind]").select_option(InstitutionKind.LKSA)
    page.get_by_role("button", name="Terapkan").click()

    first = page.locator("#risk-worklist tbody tr").first
    expect(first).to_have_attribute("data-institution", str(highest.institution_id))
    expect(first).to_contain_text(highest.name)
    first.get_by_role("link", name="Rencanakan kunjungan").click()

    planned_on = today + datetime.timedelta(days=7)
    page.locator("[name=planned_on]").fill(planned_on.isoformat())
    page.locator("[name=officer]").select_option(label="Budi Verifikator")
    page.locator("[name=note]").fill("Kunjungan prioritas: risiko tertinggi")
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator(".alert-success")).to_contain_text(highest.name)
    assert "kind=lksa" in page.url  # back to the list as it was filtered
    row = page.locator(f"#risk-worklist tr[data-institution='{highest.institution_id}']")
    expect(row.locator(".next-visit")).to_have_text(formats.date_format(planned_on, "DATE_FORMAT"))
    visit = PlannedVisit.objects.get(institution_id=highest.institution_id, planned_on=planned_on)
    assert visit.officer.username == "verifikator"
