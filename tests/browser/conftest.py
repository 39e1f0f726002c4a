"""Playwright driving Debian's Chromium (playwright cannot download browsers here).

Skipped when /usr/bin/chromium is missing, except where REQUIRE_BROWSER_TESTS is set (.ci/run
sets it after installing Chromium), so CI never silently skips them."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps

from lks_registry.roles import sync_roles

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the test
# itself (factories) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(
                "Chromium is required for the browser tests but /usr/bin/chromium is missing."
            )
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


REFERENCE_DATA_MIGRATIONS = [
    "lks_registry.migrations.0002_reference_data",
    "accreditation.migrations.0002_grades",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test starts from a flushed database: load the reference data the data
    migrations provide (their loaders are idempotent) and the role groups."""
    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).load(apps, None)
    sync_roles()
