"""Developer groups in the Wagtail admin: a ModelViewSet to list, create, edit (and delete) groups,
with the group's members and invitations pages (admin_views.py) in the same URL namespace. Creating
and editing save through `developer_groups.services`."""

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from certificates.permissions import can_issue_certificates

from . import admin_views, services
from .models import DeveloperGroup


class GroupIndexView(IndexView):
    def get_base_queryset(self):
        current = Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=timezone.localdate())
        return (
            super()
            .get_base_queryset()
            .select_related("municipality")
            .annotate(member_count=Count("memberships", filter=current))
        )

    def get_list_buttons(self, instance):
        buttons = [
            ListingButton(
                _("Members"),
                url=reverse("developer_groups_admin:members", args=[instance.pk]),
                icon_name="group",
                attrs={"aria-label": _("Members and invitations: %(group)s") % {"group": instance}},
                priority=5,
            )
        ]
        if can_issue_certificates(self.request.user):
            buttons.append(
                ListingButton(
                    _("Attestations"),
                    url=reverse("certificates_admin:group", args=[instance.pk]),
                    icon_name="doc-full",
                    attrs={"aria-label": _("Attestations: %(group)s") % {"group": instance}},
                    priority=6,
                )
            )
        return [*buttons, *super().get_list_buttons(instance)]


class GroupCreateView(CreateView):
    def save_instance(self):
        # Through the service, as every write is; the form has validated the same fields.
        return services.create_group(by=self.request.user, **self.form.cleaned_data)

    def get_success_url(self):
        # A new group's next step is inviting its people.
        return reverse("developer_groups_admin:members", args=[self.object.pk])


class GroupEditView(EditView):
    def save_instance(self):
        return services.update_group(self.object, by=self.request.user, **self.form.cleaned_data)

    @cached_property
    def header_buttons(self):
        return admin_views.group_buttons(self.object, self.request.user, edit=False)


class DeveloperGroupViewSet(ModelViewSet):
    model = DeveloperGroup
    icon = "group"
    menu_label = _("Developer groups")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "developer-groups"
    copy_view_enabled = False
    index_view_class = GroupIndexView
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    list_display = [
        "__str__",
        "municipality",
        "unit",
        "starts_on",
        "ends_on",
        Column("member_count", label=_("Members")),
        BooleanColumn("listed", label=_("Listed publicly")),
    ]
    list_filter = ["municipality", "listed"]
    search_fields = ["name_fi", "name_sv", "name_en", "unit", "theme_fi", "theme_sv"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:group_id>/members/", admin_views.MembersView.as_view(), name="members"),
            path("<int:group_id>/members/invite/", admin_views.InviteView.as_view(), name="invite"),
            path(
                "<int:group_id>/members/<int:membership_id>/", admin_views.MembershipView.as_view(), name="membership"
            ),
            path("<int:group_id>/invitations/<int:invitation_id>/resend/", admin_views.resend_view, name="resend"),
            path(
                "<int:group_id>/invitations/<int:invitation_id>/withdraw/", admin_views.withdraw_view, name="withdraw"
            ),
        ]


@hooks.register("register_admin_viewset")
def register_developer_group_viewset():
    return DeveloperGroupViewSet("developer_groups_admin")
