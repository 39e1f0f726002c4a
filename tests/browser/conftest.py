"""Playwright driving Debian's Chromium (playwright cannot download browsers here).

Skipped when /usr/bin/chromium is missing, except where REQUIRE_BROWSER_TESTS is set (.ci/run
sets it after installing Chromium), so CI never silently skips them."""

import os

import pytest

from guide.chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(
                "Chromium is required for the browser tests but /usr/bin/chromium is missing."
            )
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests
    # make themselves (factories) are still synchronous and safe. Only while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Browser tests run against a live server, so they commit: see reference_data."""
