"""Every page each persona may open, generated from the URL configuration (as the access matrix
is), in Chromium at a desktop width (1366 px) and a phone width (390 px):

- the document is never wider than the window (nothing pushed off-screen, no sideways scroll);
- axe-core (shipped inside axe-playwright-python) finds no serious or critical violation of
  WCAG 2.1 A/AA, the level government sites are held to.

One browser, one tab per persona; each page is loaded once at the phone width, measured, then the
window is resized to the desktop width and measured again. axe runs on each page once, as the first persona allowed to open
it, and on every persona's home page (the top bar, which differs by role); its rules do not depend
on the width, except reflow, which the width check covers. This keeps the run to a few minutes.
A new page is checked as soon as it has an entry in the access matrix."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from tests.personas import PERSONAS
from tests.test_access_matrix import ACCESS, app_url_names, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
HEIGHT = 800
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
GRAVE = {"serious", "critical"}


def allowed_urls(persona, objects):
    for name, pattern in app_url_names():
        if ACCESS[name][persona] == 200:
            yield name, url_for(name, pattern, objects)


def open_html(page, url):
    """Opens the URL; False for what is not an HTML page (downloads and PDFs are not laid out)."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        # Chromium turns a download into one of these errors, depending on timing.
        if "Download is starting" not in str(error) and "ERR_ABORTED" not in str(error):
            raise
        answer = page.request.get(url)
        assert answer.status == 200, (url, answer.status)
        return False
    assert response.status == 200, (url, response.status)
    return response.headers.get("content-type", "").startswith("text/html")


def audited_by(name):
    """The persona whose visit runs axe on this page: the first one allowed to open it."""
    return next(persona for persona in PERSONAS if ACCESS[name][persona] == 200)


OVERFLOW = """() => {
  const extra = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
    - window.innerWidth;
  if (extra <= 0) return null;
  // The innermost elements that stick out on the right, to say what to fix.
  const out = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > window.innerWidth + 1
      && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1));
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string"
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  return extra + "px too wide: " + out.slice(0, 3).map(describe).join(", ");
}"""


def overflow(page):
    """None when the document fits the window, else by how much and what sticks out."""
    return page.evaluate(OVERFLOW)


def grave_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in GRAVE
    ]


def check_persona(browser, live_server, objects, client, persona, too_wide, inaccessible):
    """Opens every page the persona may open; returns how many were HTML pages."""
    context = browser.new_context(locale="id-ID")
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    checked = 0
    try:
        for name, url in allowed_urls(persona, objects):
            # Narrowest first: a chart resized to a wider window only grows into its room, while
            # one resized narrower would still have its old width for a moment.
            page.set_viewport_size({"width": min(WIDTHS), "height": HEIGHT})
            if not open_html(page, live_server.url + url):
                continue
            checked += 1
            for width in sorted(WIDTHS):
                page.set_viewport_size({"width": width, "height": HEIGHT})
                if problem := overflow(page):
                    too_wide[f"{persona} · {name} @ {width}px"] = problem
            # axe at the desktop width, where the whole top bar is shown.
            audit = audited_by(name) == persona or name == "home"
            if audit and (found := grave_violations(page)):
                inaccessible[f"{persona} · {name}"] = found
    finally:
        context.close()
    return checked


def test_every_page_fits_the_window_and_passes_axe(browser, live_server, world):
    """One test for all personas: the world is built (and the database flushed) once."""
    objects, clients = world
    too_wide, inaccessible = {}, {}
    for persona in PERSONAS:
        checked = check_persona(
            browser, live_server, objects, clients[persona], persona, too_wide, inaccessible
        )
        assert checked > 0, persona
    problems = [f"{key}: {value}" for key, value in too_wide.items()] + [
        f"{key}: {found}" for key, values in inaccessible.items() for found in values
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
