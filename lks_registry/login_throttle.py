"""Password spraying: many usernames tried from one address.

django-axes locks a username for one address after AXES_FAILURE_LIMIT failures, so an attacker
who tries one or two common passwords on each of many usernames never meets it. Here every failed
login notes its username under the client's address (config.network.client_address, so behind
the proxy each client counts on its own); when LOGIN_SPRAY_USERNAMES different usernames have
failed from one address within LOGIN_SPRAY_WINDOW_MINUTES, that address may not try to log in for
LOGIN_SPRAY_COOLOFF_MINUTES. The counts live in the shared cache, like the rate limits."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from config.network import client_address


def _tried_key(address: str) -> str:
    return f"login-spray:tried:{address}"


def _blocked_key(address: str) -> str:
    return f"login-spray:blocked:{address}"


def login_failure_record(*, request, username: str) -> None:
    """Note a failed login for this username from the request's client address."""
    address = client_address(request)
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_SPRAY_WINDOW_MINUTES)
    tried = {
        name: at for name, at in cache.get(_tried_key(address), {}).items() if now - at < window
    }
    tried[(username or "").strip().lower()[:150]] = now
    cache.set(_tried_key(address), tried, int(window.total_seconds()))
    if len(tried) >= settings.LOGIN_SPRAY_USERNAMES:
        until = now + timedelta(minutes=settings.LOGIN_SPRAY_COOLOFF_MINUTES)
        cache.set(_blocked_key(address), until, int((until - now).total_seconds()))


def login_address_blocked(request) -> bool:
    """Whether the request's client address is kept from logging in for now."""
    until = cache.get(_blocked_key(client_address(request)))
    return until is not None and timezone.now() < until


def on_login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver (connected in LksRegistryConfig.ready)."""
    if request is not None:
        login_failure_record(request=request, username=credentials.get("username", ""))


class LoginSprayMiddleware:
    """Refuses a login attempt (429) from an address that tried too many usernames."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path == reverse("login")
            and login_address_blocked(request)
        ):
            return render(request, "registration/login_throttled.html", status=429)
        return self.get_response(request)
