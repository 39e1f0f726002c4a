"""What every open-data response shares: the rate limit per client, the conditional GET
(ETag / Last-Modified, 304) and the cache headers."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.throttling import SimpleRateThrottle

from config.network import client_address
from opendata.selectors import data_version, etag_for

#: Caches may keep a response but must ask again each time (answered 304 while unchanged).
CACHE_CONTROL = "public, no-cache"


class ClientRateThrottle(SimpleRateThrottle):
    """OPEN_DATA_RATE requests per client address (config.network: the proxy-aware address of the
    security work); DRF answers 429 with Retry-After."""

    scope = "opendata"

    def get_rate(self):
        return settings.OPEN_DATA_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class FixedContentNegotiation(BaseContentNegotiation):
    """Each endpoint has one format (JSON, or the file it names): the Accept header does not
    turn a download into a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Version:
    """The version of one response: the data generation, the day and what was asked."""

    def __init__(self, request, day: datetime.date, *parts):
        token, seen = data_version()
        today = timezone.localdate()
        if day == today:
            # "Today" is a new day at midnight even when nothing was written.
            midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
            seen = max(seen, midnight)
        self.etag = etag_for(token, request.get_host(), request.path, day.isoformat(), *parts)
        self.last_modified = seen

    def not_modified(self, request):
        """The 304 answer when the client holds this version, else None."""
        response = get_conditional_response(
            request, etag=self.etag, last_modified=int(self.last_modified.timestamp())
        )
        if response is not None:
            self.stamp(response)
        return response

    def stamp(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = CACHE_CONTROL
        return response
