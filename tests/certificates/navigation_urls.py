"""lms.urls with stand-ins for the pages base.html links members and mentees to ("Developer
groups", "Mentoring"), for as long as those apps do not have them: their engineers are building
them. The `navigation_urls` fixture uses this only when a real name is missing, and only the
missing names are stood in for, so an app's real URLs are never hidden behind a stand-in."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from lms.urls import urlpatterns as lms_urlpatterns


def stand_in(request):
    return HttpResponse()


def _missing(name: str) -> bool:
    try:
        reverse(name, urlconf="lms.urls")
    except NoReverseMatch:
        return True
    return False


STAND_INS = {
    "developer_groups:my_groups": path(
        "stand-in/groups/", include(([path("", stand_in, name="my_groups")], "developer_groups"))
    ),
    "mentoring:my_mentoring": path(
        "stand-in/mentoring/", include(([path("", stand_in, name="my_mentoring")], "mentoring"))
    ),
}

# Listed first, so these namespaces are the ones reversed.
urlpatterns = [*(pattern for name, pattern in STAND_INS.items() if _missing(name)), *lms_urlpatterns]
