"""`make screenshots`: the gallery (guide/shots.py) taken in Chromium, into docs/screenshots/.

The demo city (load_demo) is built in a database of its own, which is dropped afterwards, with a
cache and an upload folder of its own: the developer's data, cached figures and files are never
touched or shown. The pages are served by Django's live-server thread and opened as each demo
account, with a session made for it (no password typed)."""

import logging
import os
import tempfile

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from django.urls import reverse

from accreditation.models import AccreditationCase, CaseState
from applications.models import ApplicationStatus, RegistrationApplication
from guide.chromium import CHROMIUM, CHROMIUM_ARGS
from guide.shots import FOLDER, SHOTS
from lks_registry.models import InstitutionMember
from supervision.models import Concern

DATABASE = "registri_screenshots"
JPEG_QUALITY = 70


def demo_targets():
    """The URL arguments of each shot's target, from the demo city."""
    own = InstitutionMember.objects.get(user__username="lembaga").institution
    application = RegistrationApplication.objects.filter(
        status=ApplicationStatus.SUBMITTED
    ).earliest("pk")
    # A case in preparation with its readiness profile: the recommendation is the next step.
    case = AccreditationCase.objects.filter(
        state=CaseState.PREPARING, scores__isnull=False
    ).earliest("pk")
    concern = Concern.objects.earliest("pk")
    return {
        "": {},
        "own_institution": {"pk": own.pk},
        "application": {"token": application.token},
        "application_pk": {"pk": application.pk},
        "case": {"pk": case.pk},
        "concern": {"token": concern.token},
        "concern_pk": {"pk": concern.pk},
        "registered": {"key": "registered"},
    }


def shot_path(shot, targets):
    return reverse(shot.url_name, kwargs=targets[shot.target]) + shot.query


def session_cookies(usernames, url):
    """A signed-in session per demo account, as a browser cookie."""
    cookies = {"": []}
    for username in usernames - {""}:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies[username] = [{"name": cookie.key, "value": cookie.value, "url": url}]
    return cookies


class Command(BaseCommand):
    help = "Take the gallery's screenshots (guide/shots.py) into docs/screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these shots (default: all).")

    def handle(self, *args, names, **options):
        if not settings.DEBUG:
            raise CommandError("screenshots needs DEBUG on: it loads the demo data.")
        unknown = set(names) - {shot.name for shot in SHOTS}
        if unknown:
            raise CommandError(f"Unknown shots: {', '.join(sorted(unknown))}")
        if not CHROMIUM.exists():
            raise CommandError(f"{CHROMIUM} is missing (apt-get install chromium).")
        shots = [shot for shot in SHOTS if not names or shot.name in names]
        isolated = override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            MEDIA_ROOT=tempfile.mkdtemp(prefix="registri-screenshots-"),
        )
        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per demo session otherwise
        connection = connections["default"]
        connection.settings_dict["TEST"]["NAME"] = DATABASE
        with isolated:
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            try:
                call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
                self.take(shots)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        if not names:
            wanted = {shot.filename for shot in SHOTS}
            for stale in FOLDER.glob("*"):
                if stale.name not in wanted:
                    stale.unlink()
        total = sum(path.stat().st_size for path in FOLDER.glob("*.jpg"))
        self.stdout.write(f"{len(shots)} screenshots in {FOLDER} ({total // 1024} KB in all).")

    def take(self, shots):
        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base = f"http://127.0.0.1:{server.port}"
        try:
            targets = demo_targets()
            urls = {shot.name: base + shot_path(shot, targets) for shot in shots}
            cookies = session_cookies({shot.user for shot in shots}, base)
            connections.close_all()
            FOLDER.mkdir(parents=True, exist_ok=True)
            self.browse(shots, urls, cookies)
        finally:
            server.terminate()

    def browse(self, shots, urls, cookies):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                # One tab per account and scale (the desktop shots scaled down, the phone's not).
                for user, scale in sorted({(shot.user, shot.scale) for shot in shots}):
                    context = browser.new_context(locale="id-ID", device_scale_factor=scale)
                    context.add_cookies(cookies[user])
                    page = context.new_page()
                    for shot in shots:
                        if (shot.user, shot.scale) == (user, scale):
                            self.take_one(page, shot, urls[shot.name])
                    context.close()
            finally:
                browser.close()

    def take_one(self, page, shot, url):
        page.set_viewport_size({"width": shot.width, "height": shot.height})
        response = page.goto(url, wait_until="networkidle")
        if response.status != 200:
            raise CommandError(f"{shot.name}: {url} answered {response.status}")
        page.screenshot(path=str(FOLDER / shot.filename), type="jpeg", quality=JPEG_QUALITY)
        self.stdout.write(f"  {shot.filename}")
