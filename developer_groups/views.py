"""Members' and facilitators' pages of developer groups, and accepting an invitation.

A group the person is not in answers 404, as if it did not exist; a member on a facilitator's page
is refused with 403. Coordinators see and do everything a facilitator does, in every group.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from allauth.account.adapter import get_adapter

from accounts.selectors import display_name
from accounts.services import person_with_email
from home.translation import current_language

from . import selectors
from .forms import (
    AcceptWithAccountForm,
    ActionFormSet,
    ActionStatusForm,
    MeetingForm,
    MeetingRosterForm,
    NotesForm,
)
from .models import Action, DeveloperGroup, Meeting
from .permissions import GroupAccess, access_to, can_manage_groups
from .services import (
    GroupRefused,
    accept_invitation,
    accept_with_new_account,
    cancel_meeting,
    check_invitation,
    plan_meeting,
    record_meeting,
    save_meeting_attendance,
    update_action_status,
    update_meeting,
)


def _group(request, group_id: int) -> tuple[DeveloperGroup, GroupAccess]:
    group = get_object_or_404(DeveloperGroup.objects.select_related("municipality"), pk=group_id)
    access = access_to(request.user, group)
    if not access.can_view:
        raise Http404
    return group, access


def _facilitated(request, group_id: int) -> tuple[DeveloperGroup, GroupAccess]:
    group, access = _group(request, group_id)
    if not access.can_facilitate:
        raise PermissionDenied
    return group, access


def _meeting(group: DeveloperGroup, meeting_id: int) -> Meeting:
    meeting = selectors.group_meeting(group, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _meeting_label(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")


def _back(group: DeveloperGroup, anchor: str = "") -> str:
    return reverse("developer_groups:group", args=[group.pk]) + (f"#{anchor}" if anchor else "")


@never_cache
@login_required
def my_groups_view(request):
    """The groups the person is in, each with its next meeting. Anyone else sees a page that says so."""
    return render(
        request,
        "developer_groups/my_groups.html",
        {"memberships": selectors.my_groups(request.user), "coordinator": can_manage_groups(request.user)},
    )


@never_cache
@login_required
def group_view(request, group_id: int):
    """A group's page: the next meeting, later ones, past meetings with their notes, the actions
    with owner and status, and the other members."""
    group, access = _group(request, group_id)
    page = selectors.group_page(group)
    for action in page.actions:
        if access.can_update_action(action):
            action.status_form = ActionStatusForm(initial={"status": action.status}, auto_id=f"action-{action.pk}-%s")
    return render(
        request,
        "developer_groups/group.html",
        {"group": group, "page": page, "access": access, "today": timezone.localdate()},
    )


@never_cache
@login_required
def plan_meeting_view(request, group_id: int):
    group, _access = _facilitated(request, group_id)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = plan_meeting(group, by=request.user, **form.meeting_fields())
        except GroupRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting on %(when)s is planned.") % {"when": _meeting_label(meeting)})
            return redirect(_back(group, f"meeting-{meeting.pk}"))
    return render(
        request,
        "developer_groups/meeting_form.html",
        {"group": group, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def edit_meeting_view(request, group_id: int, meeting_id: int):
    group, _access = _facilitated(request, group_id)
    meeting = _meeting(group, meeting_id)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting has been cancelled."))
        return redirect(_back(group))
    form = MeetingForm.for_meeting(meeting, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(meeting, by=request.user, **form.meeting_fields())
        except GroupRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting on %(when)s is saved.") % {"when": _meeting_label(meeting)})
            return redirect(_back(group, f"meeting-{meeting.pk}"))
    return render(
        request,
        "developer_groups/meeting_form.html",
        {"group": group, "meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def cancel_meeting_view(request, group_id: int, meeting_id: int):
    """Asks first; the members are told if the meeting was still to come."""
    group, _access = _facilitated(request, group_id)
    meeting = _meeting(group, meeting_id)
    if request.method == "POST":
        try:
            cancel_meeting(meeting, by=request.user)
        except GroupRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The meeting on %(when)s is cancelled.") % {"when": _meeting_label(meeting)})
        return redirect(_back(group))
    return render(request, "developer_groups/meeting_cancel.html", {"group": group, "meeting": meeting})


@never_cache
@login_required
def attendance_view(request, group_id: int, meeting_id: int):
    """The meeting's roster, marked like a course session's: present, late, excused, absent."""
    group, _access = _facilitated(request, group_id)
    meeting = _meeting(group, meeting_id)
    roster = selectors.meeting_roster(meeting)
    submitted = request.method == "POST"
    form = MeetingRosterForm(
        request.POST if submitted else None,
        roster=roster,
        fill_present=submitted and request.POST.get("action") == "all-present",
    )
    if submitted and form.is_valid():
        try:
            saved = save_meeting_attendance(meeting, marks=form.marks(), by=request.user)
        except GroupRefused as error:
            form.add_error(None, error.message)
        else:
            if saved.created or saved.changed:
                messages.success(
                    request,
                    _("Attendance saved. New marks: %(created)s, corrections: %(changed)s.")
                    % {"created": saved.created, "changed": saved.changed},
                )
            else:
                messages.info(request, _("Attendance saved. Nothing had changed."))
            return redirect("developer_groups:attendance", group_id=group.pk, meeting_id=meeting.pk)
    return render(
        request,
        "developer_groups/meeting_attendance.html",
        {
            "group": group,
            "meeting": meeting,
            "form": form,
            "marked_count": sum(1 for membership in roster if membership.mark),
        },
        status=400 if submitted else 200,
    )


@never_cache
@login_required
def record_view(request, group_id: int, meeting_id: int):
    """After a meeting: its notes, and the actions agreed at it, saved with one press."""
    group, _access = _facilitated(request, group_id)
    meeting = _meeting(group, meeting_id)
    members = group.memberships.current().select_related("user").order_by("user__last_name", "user__first_name")
    submitted = request.method == "POST"
    data = request.POST if submitted else None
    notes_form = NotesForm(data, initial={"notes": meeting.notes})
    action_forms = ActionFormSet(data, prefix="actions", form_kwargs={"members": members})
    if submitted and notes_form.is_valid() and action_forms.is_valid():
        try:
            added = record_meeting(
                meeting, notes=notes_form.cleaned_data["notes"], actions=action_forms.actions(), by=request.user
            )
        except GroupRefused as error:
            notes_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Notes saved. New actions: %(count)s.") % {"count": len(added)},
            )
            return redirect(_back(group, f"meeting-{meeting.pk}"))
    return render(
        request,
        "developer_groups/meeting_record.html",
        {
            "group": group,
            "meeting": meeting,
            "notes_form": notes_form,
            "action_forms": action_forms,
            "agreed": list(meeting.actions.select_related("owner__user").order_by("pk")),
        },
        status=400 if submitted else 200,
    )


@require_POST
@login_required
def action_status_view(request, group_id: int, action_id: int):
    """An action's owner, a facilitator or a coordinator changes its status."""
    group, access = _group(request, group_id)
    action = get_object_or_404(Action, pk=action_id, group=group)
    if not access.can_update_action(action):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        update_action_status(action, status=form.cleaned_data["status"], by=request.user)
        messages.success(
            request,
            _("“%(action)s” is now: %(status)s.") % {"action": action.title, "status": action.get_status_display()},
        )
    else:
        messages.error(request, _("Choose the action's status."))
    return redirect(_back(group, "actions"))


@never_cache
def invitation_view(request, token: str):
    """The page an invitation's link opens.

    Logged in: join with this account, if the invited address is verified on it; otherwise the page
    says how to log in with that address or confirm it first. Not logged in: an address with an
    account and a password logs in first and comes back; otherwise the person
    chooses a name and a password here, which makes (or completes) the account for the invited
    address and logs them in. An expired, used or unknown link says so.
    """
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "developer_groups/invitation.html", {"unknown": True}, status=404)
    user = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation, "group": invitation.group}
    try:
        check_invitation(invitation, user=user)
    except GroupRefused as refusal:
        if refusal.code == "accepted_by_you":
            return render(request, "developer_groups/invitation.html", {**context, "joined": True})
        return render(request, "developer_groups/invitation.html", {**context, "refusal": refusal}, status=400)
    if user is not None:
        if request.method == "POST":
            try:
                membership = accept_invitation(invitation, user=user)
            except GroupRefused as refusal:
                return render(request, "developer_groups/invitation.html", {**context, "refusal": refusal}, status=400)
            return _welcome(request, membership)
        # check_invitation has made sure the invited address is verified on this account.
        other_address = user.email.lower() != invitation.email
        return render(
            request, "developer_groups/invitation.html", {**context, "confirm": True, "other_address": other_address}
        )
    holder = person_with_email(invitation.email)
    if holder is not None and holder.has_usable_password():
        return render(request, "developer_groups/invitation.html", {**context, "log_in": True})
    form = AcceptWithAccountForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={
            "first_name": invitation.first_name or (holder.first_name if holder else ""),
            "last_name": invitation.last_name or (holder.last_name if holder else ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = accept_with_new_account(
                invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=current_language(),
            )
        except GroupRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            get_adapter(request).login(request, membership.user)
            return _welcome(request, membership)
    return render(
        request,
        "developer_groups/invitation.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _welcome(request, membership):
    messages.success(
        request,
        _("Welcome, %(name)s: you are now in %(group)s as %(role)s.")
        % {
            "name": display_name(membership.user),
            "group": membership.group.name,
            "role": membership.get_role_display().lower(),
        },
    )
    return redirect("developer_groups:group", group_id=membership.group_id)
