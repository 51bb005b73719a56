from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_manage_personal_data


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    return [path("personal-data/", include("privacy.admin_urls"))]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)


@hooks.register("register_admin_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(_("Personal data"), reverse("privacy_admin:search"), icon_name="user", order=280)


@hooks.register("register_permissions")
def register_personal_data_permission():
    return Permission.objects.filter(content_type__app_label="privacy", codename="manage_personal_data")
