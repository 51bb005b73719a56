from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_view_audit


@hooks.register("register_admin_urls")
def register_audit_admin_urls():
    return [path("audit/", include("audit.admin_urls"))]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_audit(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(_("Audit log"), reverse("audit_admin:index"), icon_name="history", order=270)


@hooks.register("register_permissions")
def register_audit_permission():
    return Permission.objects.filter(content_type__app_label="audit", codename="view_entry")
