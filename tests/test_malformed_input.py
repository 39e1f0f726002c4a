"""Malformed input on every page, generated from the URL configuration like the access matrix.

Each page is first fetched plainly by every persona it answers with 200, while the query
parameters it reads are recorded (the request's GET dictionary reports every key looked up). Then
the page is fetched again with each malformed value in all of those parameters at once, and every
text segment of its path (tokens, slugs) is replaced by malformed values too. Nothing may answer
500 or raise: a bad value is ignored, refused with a message, or answered 400/404."""

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils.functional import cached_property

from lks_registry import roles
from tests.personas import PERSONAS
from tests.test_access_matrix import ACCESS, app_url_names, url_for

MALFORMED = [
    "a\x00b",
    "0001-01-01",
    "9999-12-31",
    "-99999999999999999999",
    "99999999999999999999999999",
    "unknown-choice",
    "x" * 5000,
]
# Parameters that pages commonly read only once another one is present; always tried as well.
ALWAYS_TRIED = ("page", "q", "status", "as_of", "year", "month", "kecamatan", "sort", "format")

READ_KEYS: set[str] = set()


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes every key a view looks up."""

    def __getitem__(self, key):
        READ_KEYS.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        READ_KEYS.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        READ_KEYS.add(key)
        return super().__contains__(key)


@pytest.fixture
def recording_get(monkeypatch):
    def get(self):
        return RecordingQueryDict(self.environ.get("QUERY_STRING", ""), encoding=self._encoding)

    prop = cached_property(get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


def fetch(client, url, data=None):
    """The status code, or the exception's name when the view raised."""
    try:
        return client.get(url, data).status_code
    except Exception as error:  # noqa: BLE001 - every escape is a finding
        return type(error).__name__


def path_variants(name, pattern, objects):
    """The page's URL with each text segment (not an integer) replaced by a malformed value."""
    text_keys = [
        key
        for key, converter in pattern.pattern.converters.items()
        if type(converter).__name__ != "IntConverter"
    ]
    if not text_keys:
        return []
    good = url_for(name, pattern, objects)
    kwargs = resolve(good).kwargs
    variants = []
    for key in text_keys:
        for bad in ("%00", "a%00b", "x" * 300, "-1", "%25"):
            variants.append(good.replace(f"/{kwargs[key]}/", f"/{bad}/", 1))
    return variants


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_fails_on_malformed_query_values(world, recording_get, persona):
    objects, clients = world
    client = clients[persona]
    failures = {}
    for name, pattern in app_url_names():
        if ACCESS[name][persona] != 200:
            continue
        url = url_for(name, pattern, objects)
        READ_KEYS.clear()
        assert fetch(client, url, {"_probe": "1"}) == 200, name
        keys = READ_KEYS | set(ALWAYS_TRIED)
        for value in MALFORMED:
            status = fetch(client, url, dict.fromkeys(keys, value))
            if not isinstance(status, int) or status >= 500:
                failures[f"{name} ?{value[:20]!r}"] = status
        for variant in path_variants(name, pattern, objects):
            status = fetch(client, variant)
            if not isinstance(status, int) or status >= 500:
                failures[variant[:80]] = status
    assert failures == {}


def test_the_recorder_sees_the_parameters_a_page_reads(world, recording_get):
    """The generated test is only as good as its recording: a list page's filters are seen."""
    _objects, clients = world
    READ_KEYS.clear()
    url = reverse("lks_registry:institution_list")
    assert clients[roles.ADMIN].get(url, {"_probe": "1"}).status_code == 200
    assert "q" in READ_KEYS
