"""Password reset cannot be used to flood a mailbox: limited per client and per recipient."""

from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def ask_reset(address, email):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_one_recipient_gets_at_most_the_limit_whoever_asks(db, settings):
    settings.PASSWORD_RESET_RATE_PER_RECIPIENT = "3/h"
    UserFactory(username="siti", email="siti@example.id")
    for number in range(3):
        assert ask_reset(f"198.51.100.{number}", "siti@example.id").status_code == 302
    # The same victim, typed differently, from yet another client.
    assert ask_reset("198.51.100.99", " SITI@example.id ").status_code == 429
    assert ask_reset("198.51.100.99", "budi@example.id").status_code == 302


def test_one_client_may_ask_at_most_the_limit_for_any_recipients(db, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "10/h"
    for number in range(10):
        assert ask_reset("203.0.113.66", f"victim{number}@example.id").status_code == 302
    assert ask_reset("203.0.113.66", "victim10@example.id").status_code == 429
    assert ask_reset("198.51.100.7", "victim10@example.id").status_code == 302
