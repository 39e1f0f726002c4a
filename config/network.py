"""The client's address, as every defence that counts per client must see it.

Behind a reverse proxy every request arrives from the proxy's address, so keying lockouts and
rate limits on ``REMOTE_ADDR`` would make all clients one. The forwarded header can be forged by
anyone, so it is read only when ``TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in
front of the app; python-ipware then takes the address that the outermost of them saw.
"""

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str:
    """The address of the client that sent this request (never empty)."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if settings.TRUSTED_PROXY_COUNT <= 0:
        return remote
    # Each of our proxies appends the address it was connected from; the last one's own address is
    # REMOTE_ADDR. So the client is the N-th entry from the right, which ipware calls a chain of
    # N - 1 proxies. Entries further left were written by the client and are ignored.
    address, _routable = get_client_ip(
        request,
        proxy_count=settings.TRUSTED_PROXY_COUNT - 1,
        proxy_order="left-most",
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return address or remote


def ratelimit_key(group, request) -> str:
    """Key for django-ratelimit: ``@ratelimit(key="config.network.ratelimit_key", ...)``."""
    return client_address(request)


def axes_client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the login lockout counts per the same client address."""
    return client_address(request)
