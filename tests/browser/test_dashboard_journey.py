"""An official opens the dashboard and follows one number to its list."""

import pytest
from playwright.sync_api import expect

from lks_registry import roles
from tests.factories import InstitutionFactory, UserFactory
from tests.reports.test_metrics import days, decided

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pimpinan_follows_the_accredited_number_to_its_list(page, live_server):
    UserFactory(username="pimpinan-dash", role=roles.PIMPINAN)
    for grade in ("A", "B"):
        decided(InstitutionFactory(registered_on=days(500)), grade, days(10))
    InstitutionFactory.create_batch(3)

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("pimpinan-dash")
    page.locator("#id_password").fill("secret-pass-123")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Dasbor").click()
    tile = page.locator("[data-metric=accredited]")
    expect(tile).to_contain_text("2")
    expect(page.locator("#chart-kecamatan")).to_be_visible()
    tile.click()
    expect(page.locator("#result-count")).to_contain_text("2")
    expect(page.locator("#metric-rows tbody tr")).to_have_count(2)
