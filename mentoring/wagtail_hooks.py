from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_manage_mentoring


@hooks.register("register_admin_urls")
def register_mentoring_admin_urls():
    return [path("mentoring/", include("mentoring.admin_urls"))]


class MentoringMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_mentoring(request.user)


@hooks.register("register_admin_menu_item")
def register_mentoring_menu_item():
    return MentoringMenuItem(_("Mentoring"), reverse("mentoring_admin:index"), icon_name="user", order=270)
