from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

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
