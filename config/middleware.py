class DefaultToIndonesianMiddleware:
    """The interface is Indonesian unless the user picks English in the language switcher.

    Django would otherwise follow the browser's Accept-Language header, and many browsers in
    Indonesian offices are set to English. The switcher's cookie still wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
