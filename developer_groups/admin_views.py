"""Coordinators' developer-group pages in the Wagtail admin, beside the group's own create and edit
views (wagtail_hooks.py): the group's members and invitations, inviting by email, renewing or
withdrawing an invitation, and correcting a membership.

Wagtail sends anyone without admin access to its log-in; an admin user without
`can_manage_groups` meets PermissionDenied (Wagtail's dashboard with "no permission"); a group,
invitation or membership that does not exist, or belongs to another group, answers 404. Every
change goes through `developer_groups.services`.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from accounts.selectors import display_name
from certificates.permissions import can_issue_certificates

from . import selectors
from .forms import InviteForm, MembershipForm
from .models import DeveloperGroup, Invitation, Membership
from .permissions import can_manage_groups
from .services import GroupRefused, invite, resend_invitation, update_membership, withdraw_invitation


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_groups(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def group_buttons(group, user, *, members: bool = True, edit: bool = True) -> list[HeaderButton]:
    """The header buttons of a group's admin pages: its members, editing it, its attestations and
    the members' own page of it."""
    buttons = []
    if members:
        buttons.append(
            HeaderButton(
                _("Members and invitations"),
                url=reverse("developer_groups_admin:members", args=[group.pk]),
                icon_name="group",
                priority=10,
            )
        )
    if edit:
        buttons.append(
            HeaderButton(
                _("Edit group"),
                url=reverse("developer_groups_admin:edit", args=[group.pk]),
                icon_name="edit",
                priority=20,
            )
        )
    if can_issue_certificates(user):
        buttons.append(
            HeaderButton(
                _("Attestations"),
                url=reverse("certificates_admin:group", args=[group.pk]),
                icon_name="doc-full",
                priority=30,
            )
        )
    buttons.append(
        HeaderButton(
            _("Group page"), url=reverse("developer_groups:group", args=[group.pk]), icon_name="view", priority=40
        )
    )
    return buttons


class GroupMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_groups(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # Looked up after dispatch has checked the permission: nobody without it learns which groups exist.
    @cached_property
    def group(self) -> DeveloperGroup:
        return get_object_or_404(DeveloperGroup.objects.select_related("municipality"), pk=self.kwargs["group_id"])

    def get_page_subtitle(self):
        return self.group.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("developer_groups_admin:index"), "label": _("Developer groups")},
            {"url": reverse("developer_groups_admin:edit", args=[self.group.pk]), "label": self.group.name},
            {"url": "", "label": self.get_page_title()},
        ]


class MembersView(GroupMixin, WagtailAdminTemplateMixin, TemplateView):
    """The group's people (current first, then those who left) and its invitations with their state,
    and the form that invites someone by email."""

    template_name = "developer_groups/admin/members.html"
    page_title = gettext_lazy("Members and invitations")
    header_icon = "group"

    def get_header_buttons(self):
        return group_buttons(self.group, self.request.user, members=False)

    def get_context_data(self, invite_form=None, **kwargs):
        return super().get_context_data(
            group=self.group,
            members=selectors.admin_members(self.group),
            invitations=selectors.admin_invitations(self.group),
            invite_form=invite_form or InviteForm(),
            **kwargs,
        )


class InviteView(MembersView):
    """An invalid form comes back on the members' page with what was typed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = invite(self.group, by=request.user, **form.cleaned_data)
            except GroupRefused as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    _("An invitation is on its way to %(email)s. It works for %(days)s days.")
                    % {"email": invitation.email, "days": settings.DEVELOPER_GROUP_INVITATION_DAYS},
                )
                return redirect("developer_groups_admin:members", self.group.pk)
        messages.error(request, _("The invitation was not sent. Check the form below."))
        return self.render_to_response(self.get_context_data(invite_form=form), status=400)


def _invitation(group_id: int, invitation_id: int) -> Invitation:
    return get_object_or_404(Invitation, pk=invitation_id, group_id=group_id)


@coordinator_required
@require_POST
def resend_view(request, group_id: int, invitation_id: int):
    invitation = _invitation(group_id, invitation_id)
    try:
        resend_invitation(invitation, by=request.user)
    except GroupRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation was sent again to %(email)s with a new link; the old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("developer_groups_admin:members", group_id)


@coordinator_required
@require_POST
def withdraw_view(request, group_id: int, invitation_id: int):
    invitation = _invitation(group_id, invitation_id)
    try:
        withdraw_invitation(invitation, by=request.user)
    except GroupRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.") % {"email": invitation.email},
        )
    return redirect("developer_groups_admin:members", group_id)


class MembershipView(GroupMixin, WagtailAdminTemplateMixin, TemplateView):
    """Correct one membership: role, organisation, sector, joining and leaving days."""

    template_name = "developer_groups/admin/membership.html"
    header_icon = "user"

    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user"), pk=self.kwargs["membership_id"], group_id=self.group.pk
        )

    def get_page_title(self):
        return display_name(self.membership.user)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items.insert(
            -1, {"url": reverse("developer_groups_admin:members", args=[self.group.pk]), "label": _("Members")}
        )
        return items

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            group=self.group,
            membership=self.membership,
            form=form or MembershipForm(instance=self.membership),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        # A copy to validate, so that a refused form does not change the membership shown beside it.
        form = MembershipForm(request.POST, instance=Membership.objects.get(pk=self.membership.pk))
        if form.is_valid():
            try:
                update_membership(self.membership, by=request.user, **form.cleaned_data)
            except GroupRefused as error:
                form.add_error("left_on", error.message)
            else:
                messages.success(request, _("%(person)s's membership is saved.") % {"person": self.get_page_title()})
                return redirect("developer_groups_admin:members", self.group.pk)
        messages.error(request, _("The membership was not saved. Check the form below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
