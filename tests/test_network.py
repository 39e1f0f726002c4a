"""The client address behind a configured number of proxies, and never from a forged header."""

import pytest
from django.test import RequestFactory

from config.network import client_address

FACTORY = RequestFactory()


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return FACTORY.get("/", **extra)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("198.51.100.7", "6.6.6.6")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        # The client forged an entry; our one proxy appended the real address after it.
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        # Fewer entries than proxies: the header is not what our proxies write, so not believed.
        (2, "203.0.113.5", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_behind_proxies_the_client_is_the_entry_our_outermost_proxy_wrote(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request_from("10.0.0.1", forwarded)) == expected


def test_missing_header_behind_a_proxy_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.1")) == "10.0.0.1"
