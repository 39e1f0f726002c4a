import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import InstitutionFactory

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES"


def test_every_interface_text_has_an_indonesian_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_source():
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    for entry in polib.pofile(str(LOCALE / "django.po")).translated_entries():
        if not entry.msgid_plural:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_pages_are_in_indonesian_whatever_the_browser_asks_and_english_on_request(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk untuk petugas" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in for staff" in client.get(reverse("home")).content.decode()


def test_dates_are_written_the_indonesian_way(operator_client):
    institution = InstitutionFactory()
    page = operator_client.get(institution.get_absolute_url()).content.decode()
    assert "15 Januari 2024" in page


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_no_interface_text_is_missing_from_the_catalogue(tmp_path, settings, monkeypatch):
    """Extract the strings afresh into a copy of the catalogue: every one must be translated,
    so a new text without an Indonesian translation fails here. The extraction runs in a
    folder of links to the sources, so the project's own catalogue is not touched."""
    root = LOCALE.parent.parent.parent
    for name in (
        "config",
        "lks_registry",
        "applications",
        "supervision",
        "accreditation",
        "reports",
        "demo",
        "templates",
    ):
        (tmp_path / name).symlink_to(root / name)
    shutil.copytree(root / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["id"], symlinks=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    assert len(fresh) >= len(polib.pofile(str(LOCALE / "django.po")))
    assert [entry.msgid for entry in fresh.untranslated_entries()] == []
