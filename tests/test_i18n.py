import gettext
from pathlib import Path

import polib
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
