"""lms.urls with stand-ins for the pages base.html links members and mentees to ("Developer
groups", "Mentoring"), for as long as those apps do not have them: their engineers are building
them. The `navigation_urls` fixture uses this only when the real names are missing."""

from django.http import HttpResponse
from django.urls import include, path

from lms.urls import urlpatterns as lms_urlpatterns


def stand_in(request):
    return HttpResponse()


# Listed first, so these namespaces are the ones reversed.
urlpatterns = [
    path("stand-in/groups/", include(([path("", stand_in, name="my_groups")], "developer_groups"))),
    path("stand-in/mentoring/", include(([path("", stand_in, name="my_mentoring")], "mentoring"))),
    *lms_urlpatterns,
]
