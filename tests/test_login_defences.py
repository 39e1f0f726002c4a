"""Login lockout and password spraying through HTTP, with and without a configured proxy.

The attacker's and the victim's addresses reach the app either directly (REMOTE_ADDR, no proxy)
or through our one proxy, which appends the client's address to X-Forwarded-For while the
connection itself always comes from the proxy (10.0.0.1)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "secret-pass-123"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
PROXY = "10.0.0.1"


@pytest.fixture(params=[0, 1], ids=["direct", "behind one proxy"])
def from_address(request, settings):
    """A client whose requests come from the given address, as the deployment delivers them."""
    settings.TRUSTED_PROXY_COUNT = request.param

    def client(address):
        if request.param == 0:
            return Client(REMOTE_ADDR=address)
        # The client forges an entry of its own; our proxy appends the real address after it.
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")

    return client


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_lockout_holds_for_the_attackers_address_only(db, from_address):
    UserFactory(username="admin")
    attacker = from_address(ATTACKER)
    for _attempt in range(5):
        login(attacker, "admin", "wrong")
    assert login(attacker, "admin", PASSWORD).status_code == 429
    # The real admin, from elsewhere, is not locked out by the attacker.
    assert login(from_address(VICTIM), "admin", PASSWORD).status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lockout(db, from_address):
    UserFactory(username="admin")
    for attempt in range(6):
        client = from_address(ATTACKER)
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{attempt}, " + client.defaults.get(
            "HTTP_X_FORWARDED_FOR", ATTACKER
        )
        response = login(client, "admin", "wrong" if attempt < 5 else PASSWORD)
    assert response.status_code == 429


def test_many_usernames_from_one_address_are_refused(db, from_address, settings):
    settings.LOGIN_SPRAY_USERNAMES = 10
    UserFactory(username="siti")
    attacker = from_address(ATTACKER)
    for number in range(9):
        assert login(attacker, f"user{number}", "Password123").status_code == 200
    # Nine usernames: still allowed (a correct login works).
    assert login(attacker, "siti", PASSWORD).status_code == 302
    attacker = from_address(ATTACKER)
    login(attacker, "user9", "Password123")
    response = login(attacker, "siti", PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak akun" in response.content.decode()
    # Another client is not affected.
    assert login(from_address(VICTIM), "siti", PASSWORD).status_code == 302


def test_the_spray_count_forgets_usernames_older_than_the_window(db, from_address, settings):
    settings.LOGIN_SPRAY_USERNAMES = 3
    settings.LOGIN_SPRAY_WINDOW_MINUTES = 15
    settings.LOGIN_SPRAY_COOLOFF_MINUTES = 30
    UserFactory(username="siti")
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    def at(minutes, seconds=0):
        clock.move_to(start + datetime.timedelta(minutes=minutes, seconds=seconds))
        return from_address(ATTACKER)

    with time_machine.travel(start, tick=False) as clock:
        login(at(0), "a", "x")
        login(at(14, 59), "b", "x")
        login(at(15), "c", "x")  # "a" is 15 minutes old: forgotten, two usernames count
        assert login(at(15), "siti", PASSWORD).status_code == 302
        login(at(15), "d", "x")  # b, c, d within the window
        assert login(at(15), "siti", PASSWORD).status_code == 429
        assert login(at(44, 59), "siti", PASSWORD).status_code == 429
        assert login(at(45), "siti", PASSWORD).status_code == 302
