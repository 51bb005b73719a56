from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render

# Served outside the language prefixes: a 404 there is a 404, not a reason to try /fi/<path>.
UNPREFIXED = ("/admin/", "/django-admin/", "/documents/", "/calendar/", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except for the unprefixed areas above.

    Django redirects a 404 to the same path under the language prefix whenever that path would
    resolve, and Wagtail's catch-all page route resolves every path ending in a slash: a missing
    admin object then showed the public site's 404 under /fi/admin/….
    """

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)


class RefuseNulMiddleware:
    """Answers 400 to an address whose path or query string holds a NUL byte, before any view.

    No address of the site has one, and PostgreSQL refuses NUL in a query with an error: a view of
    ours or of Wagtail's that looked up such a value would answer 500. Our own views also check
    their tokens' shape before a lookup (lms/identifiers.py); form fields refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _pairs(request.GET)):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _pairs(query):
    for key, values in query.lists():
        for value in values:
            yield key, value
