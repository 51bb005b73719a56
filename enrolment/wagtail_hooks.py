from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from courses.models import Offering

from .permissions import can_manage_enrolments


@hooks.register("register_admin_urls")
def register_enrolment_admin_urls():
    return [path("enrolments/", include("enrolment.admin_urls"))]


class EnrolmentsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_enrolments(request.user)


@hooks.register("register_admin_menu_item")
def register_enrolments_menu_item():
    return EnrolmentsMenuItem(_("Enrolments"), reverse("enrolment_admin:index"), icon_name="group", order=250)


def _is_offering(page) -> bool:
    # The content type is cached: no query per page in a listing.
    specific_class = page.specific_class
    return specific_class is not None and issubclass(specific_class, Offering)


def _enrolments_button(page, user, *, priority: int):
    if can_manage_enrolments(user) and _is_offering(page):
        yield Button(
            _("Enrolments"),
            reverse("enrolment_admin:course", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_enrolments_button(page, user, view_name, next_url=None):
    yield from _enrolments_button(page, user, priority=15)


@hooks.register("register_page_listing_more_buttons")
def page_listing_enrolments_button(page, user, next_url=None):
    yield from _enrolments_button(page, user, priority=5)
