"""Every page each persona may open (generated from the URL configuration, as the access matrix
is), rendered in Indonesian: no English text that the app itself produces may show. English here
means a source text of the catalogue whose translation differs (a choice label, a model or field
name, a button), a field name that has no translation at all, or a known English fragment
(django-filter's "(descending)", Django's `__all__`, a raw `None`).

Only what a person reads is checked: text nodes, the tab title, option labels and the aria-label,
title and placeholder attributes; the records' own data (names, addresses) are the factories'."""

import re
from pathlib import Path

import polib
import pytest
from django.utils.functional import Promise
from lxml import html
from simple_history.models import registered_models

from lks_registry.selectors import UNLABELLED_FIELDS
from tests.personas import PERSONAS
from tests.test_access_matrix import ACCESS, app_url_names, url_for

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "django.po"
FRAGMENTS = ("(descending)", "(ascending)", "__all__", "{'", "<div")
#: A raw None, but not the "If-None-Match" of the open-data page.
RAW_NONE = re.compile(r"(^|[\s:(])None($|[\s,.)])")
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def english_texts():
    """Whole texts that can only be English: catalogue sources translated to something else,
    and the English field names of the models whose changes the histories show."""
    texts = {
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE)).translated_entries()
        if not entry.msgid_plural
        and entry.msgstr.strip().lower() != entry.msgid.strip().lower()
        and "%" not in entry.msgid
        and "{" not in entry.msgid
        and len(entry.msgid) > 3
    }
    for model in registered_models.values():
        for model_field in model._meta.concrete_fields:
            name = model_field.verbose_name
            if not isinstance(name, Promise) and model_field.name not in UNLABELLED_FIELDS:
                texts.add(str(name))
    return texts - {"NPWP", "RT", "RW", "PDF", "XLSX", "CSV", "id"}


def read_texts(content):
    """What a person reads on the page, each text node or attribute as one piece."""
    page = html.fromstring(content)
    # <code> holds identifiers of the open-data API ("name", "kind"), not interface text.
    for bad in page.xpath("//script | //style | //code"):
        bad.drop_tree()
    pieces = [text.strip() for text in page.xpath("//text()")]
    for attribute in READ_ATTRIBUTES:
        pieces += [value.strip() for value in page.xpath(f"//@{attribute}")]
    return [piece for piece in pieces if piece]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_english_the_app_produces(world, persona):
    objects, clients = world
    english = english_texts()
    found = {}
    for name, pattern in app_url_names():
        if ACCESS[name][persona] != 200:
            continue
        response = clients[persona].get(url_for(name, pattern, objects))
        if not response["Content-Type"].startswith("text/html"):
            continue
        for piece in read_texts(response.content):
            # Title-case prefixes ("Nama (descending)") and labels with a colon count too.
            if (
                piece.rstrip(":").strip() in english
                or any(f in piece for f in FRAGMENTS)
                or RAW_NONE.search(piece)
            ):
                found.setdefault(name, set()).add(piece[:120])
    if found:
        pytest.fail(
            "\n".join(f"{name}: {sorted(pieces)}" for name, pieces in found.items()), pytrace=False
        )
