from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from home.translation import LANGUAGE_CODES

LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def _catalogue_url(request):
    from courses.models import CataloguePage

    catalogue = CataloguePage.objects.live().only("url_path").first()
    return catalogue.get_url(request) if catalogue else ""


def site_navigation(request):
    """The portal's name, the catalogue link, and the language switcher: the same page and query in
    each language."""
    path = request.get_full_path()
    return {
        "portal_name": settings.PORTAL_NAME,
        "catalogue_url": SimpleLazyObject(lambda: _catalogue_url(request)),
        "language_links": [
            {"code": code, "name": LANGUAGE_NAMES[code], "url": translate_url(path, code)} for code in LANGUAGE_CODES
        ],
    }
