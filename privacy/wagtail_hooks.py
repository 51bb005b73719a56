from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_manage_personal_data
from .selectors import has_records


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


@hooks.register("before_delete_user")
def refuse_deleting_people_with_records(request, user):
    """Deleting an account would take its enrolments, memberships and mentoring with it and change
    the funder's figures for past years (the database refuses it too: those rows PROTECT their
    person). Someone with records is erased, which keeps them nameless."""
    if not has_records(user):
        return None
    messages.error(
        request,
        gettext(
            "This person has enrolments, group memberships or mentoring on record, so the account is not "
            "deleted. Erase their personal data under Personal data instead: the records stay, nameless."
        ),
    )
    if can_manage_personal_data(request.user):
        return redirect("privacy_admin:person", user.pk)
    return redirect("wagtailusers_users:edit", user.pk)
