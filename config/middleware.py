from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class DefaultToIndonesianMiddleware:
    """The interface is Indonesian unless the user picks English in the language switcher.

    Django would otherwise follow the browser's Accept-Language header, and many browsers in
    Indonesian offices are set to English. The switcher's cookie still wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """A NUL byte in the path or the query string is refused with 400 before any view runs.

    No legitimate link carries one, and PostgreSQL cannot store or compare text holding it, so a
    view that looked the value up would fail with a database error (a 500). Form fields refuse it
    on their own (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(
                _("The address contains a character that is not allowed.")
            )
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """A request announcing a body larger than REQUEST_BODY_MAX_MB is answered 413 at once.

    Django would otherwise read (and spool to disk) the whole body before a form could refuse it.
    The web server (nginx's client_max_body_size, deploy/) refuses the same bodies before they
    reach the app; this holds when it is missing or misconfigured. The largest legitimate body is
    a spreadsheet to import (IMPORT_MAX_MB) with its form around it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("The request could not be read."))
        if announced > settings.REQUEST_BODY_MAX_MB * 1024 * 1024:
            # Plain text: this runs before sessions and users, which the page layout needs.
            response = HttpResponse(
                _("The upload is too large. Files may be at most %(mb)s MB.")
                % {"mb": settings.REQUEST_BODY_MAX_MB},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)
