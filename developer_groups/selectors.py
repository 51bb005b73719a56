"""Reads for the developer-group pages, each in a fixed number of queries however big the group."""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from attendance.models import Attendance
from lms import identifiers

from .models import Action, DeveloperGroup, Invitation, Meeting, MeetingAttendance, Membership

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
# Open actions first, then those under way, the done ones last; within each, the nearest due first.
ACTION_ORDER = Case(
    When(status=Action.Status.IN_PROGRESS, then=Value(0)),
    When(status=Action.Status.OPEN, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
ROLE_ORDER = Case(
    When(role=Membership.Role.FACILITATOR, then=Value(0)),
    When(role=Membership.Role.CONTACT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def my_groups(user, *, now: dt.datetime | None = None) -> list[Membership]:
    """The person's current memberships, newest period first, each with its group, `upcoming`
    (the group's meetings not yet over and not cancelled, soonest first) and `my_open_actions`."""
    now = now or timezone.now()
    upcoming = Meeting.objects.filter(ends_at__gte=now, cancelled_at__isnull=True).order_by("starts_at", "pk")
    return list(
        Membership.objects.current(timezone.localdate(now))
        .filter(user=user)
        .select_related("group__municipality")
        .prefetch_related(Prefetch("group__meetings", queryset=upcoming, to_attr="upcoming"))
        .annotate(my_open_actions=Count("actions", filter=~Q(actions__status=Action.Status.DONE)))
        .order_by("-group__starts_on", "group__name_fi", "pk")
    )


@dataclass
class GroupPage:
    group: DeveloperGroup
    next_meeting: Meeting | None
    upcoming: list[Meeting]
    past: list[Meeting]
    actions: list[Action]
    members: list[Membership]


def group_page(group: DeveloperGroup, *, now: dt.datetime | None = None) -> GroupPage:
    """What a member sees: the next meeting, those after it, past meetings newest first (each with
    `agreed`: the actions agreed at it, `attended_count` / `marked_count`, and whether it can be
    `recordable` (attendance, notes) or `cancellable`), every action with its owner, and the current
    members, facilitators first."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(group=group)
        .annotate(
            marked_count=Count("attendances"),
            attended_count=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
        )
        .order_by("starts_at", "pk")
    )
    actions = list(
        Action.objects.filter(group=group).select_related("owner__user").order_by(ACTION_ORDER, "due_on", "pk")
    )
    by_meeting = {}
    for action in actions:
        by_meeting.setdefault(action.meeting_id, []).append(action)
    today = timezone.localdate(now)
    for meeting in meetings:
        meeting.agreed = by_meeting.get(meeting.pk, [])
        # Attendance and notes from the meeting's day on; cancelling only while nobody is marked.
        meeting.recordable = not meeting.is_cancelled and timezone.localdate(meeting.starts_at) <= today
        meeting.cancellable = not meeting.is_cancelled and meeting.marked_count == 0
    upcoming = [meeting for meeting in meetings if meeting.ends_at >= now]
    planned = [meeting for meeting in upcoming if not meeting.is_cancelled]
    return GroupPage(
        group=group,
        next_meeting=planned[0] if planned else None,
        upcoming=[meeting for meeting in upcoming if not planned or meeting is not planned[0]],
        past=[meeting for meeting in reversed(meetings) if meeting.ends_at < now and not meeting.is_cancelled],
        actions=actions,
        members=members(group, today=today),
    )


def members(group: DeveloperGroup, *, today: dt.date | None = None) -> list[Membership]:
    """The group's current members with their profiles, organisations and sectors; facilitators
    first, then contact persons, then members, each by surname."""
    return list(
        Membership.objects.current(today)
        .filter(group=group)
        .select_related("user__profile__sector", "organisation", "sector")
        .order_by(ROLE_ORDER, "user__last_name", "user__first_name", "pk")
    )


def meeting_roster(meeting: Meeting) -> list[Membership]:
    """Everyone who was a member on the meeting's day, and anyone marked at it, by surname, each with
    `mark` (their MeetingAttendance at this meeting or None) and their profile."""
    memberships = list(
        Membership.objects.on_roster(meeting)
        .select_related("user", "user__profile")
        .prefetch_related(
            Prefetch("attendances", queryset=MeetingAttendance.objects.filter(meeting=meeting), to_attr="marks")
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for membership in memberships:
        membership.mark = membership.marks[0] if membership.marks else None
    return memberships


def group_meeting(group: DeveloperGroup, meeting_id: int) -> Meeting | None:
    return Meeting.objects.filter(group=group, pk=meeting_id).select_related("group").first()


def public_groups(*, today: dt.date | None = None) -> list[tuple]:
    """The listed groups whose period has not ended, as (municipality, [groups]) by the municipality's
    name in the reader's language. Texts only: nothing about members is read."""
    today = today or timezone.localdate()
    groups = list(
        DeveloperGroup.objects.filter(listed=True, ends_on__gte=today)
        .select_related("municipality")
        .only(
            *(f"{name}_{code}" for name in ("name", "theme", "description") for code in ("fi", "sv", "en")),
            "unit",
            "starts_on",
            "ends_on",
            "municipality__name_fi",
            "municipality__name_sv",
            "municipality__name_en",
        )
    )
    # Sorted by the names the reader sees (TranslatedField reads the active language).
    groups.sort(key=lambda g: (g.municipality.name.casefold(), g.municipality_id, g.starts_on, g.name.casefold()))
    return [(municipality, list(items)) for municipality, items in groupby(groups, key=lambda g: g.municipality)]


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation the link's token names; None, without a query, for what cannot be a token."""
    if not identifiers.is_token(token):
        return None
    return Invitation.objects.select_related("group__municipality").filter(token=token).first()


def admin_members(group: DeveloperGroup) -> list[Membership]:
    """Everyone who has been in the group, those still in it first, with what the coordinators' list shows."""
    return list(
        Membership.objects.filter(group=group)
        .select_related("user__profile__sector", "organisation", "sector")
        .annotate(left=Case(When(left_on__lt=timezone.localdate(), then=Value(1)), default=Value(0)))
        .order_by("left", ROLE_ORDER, "user__last_name", "user__first_name", "pk")
    )


def admin_invitations(group: DeveloperGroup) -> list[Invitation]:
    return list(
        Invitation.objects.filter(group=group).select_related("invited_by", "membership__user").order_by("-created_at")
    )
