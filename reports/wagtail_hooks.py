from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_view_reports


@hooks.register("register_admin_urls")
def register_reports_admin_urls():
    return [path("reports/", include("reports.admin_urls"))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    # Not "Reports": Wagtail has a menu of that name (locked pages, site history) beside it.
    return ReportsMenuItem(_("Programme reports"), reverse("reports_admin:index"), icon_name="table", order=260)


@hooks.register("register_permissions")
def register_reports_permission():
    # Shown in Wagtail's group editor, so that an administrator can give it without the Django admin.
    return Permission.objects.filter(content_type__app_label="reports", codename="view_reports")
