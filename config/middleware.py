from django.http import HttpResponseBadRequest
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
