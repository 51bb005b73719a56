"""Developer-group memberships, meetings, actions and invitations (lms.personal_data).

Erasure keeps the memberships and marks, which the funder counts, and ends a current membership
that day; it removes the remarks written about the person and the invitations sent to their
addresses (those verified on the account: an address it only claims is somebody else's). A
meeting's agenda and notes, and the actions agreed, are the group's record, read by its members:
they stay, as a mentoring session's summary does, and a meeting's `created_by` names nobody once
that account is erased."""

import datetime as dt

from django.db.models import Prefetch, Q

from accounts.selectors import addresses_of
from lms.personal_data import PersonalData, iso

from .models import Action, Invitation, MeetingAttendance, Membership


class DeveloperGroupData(PersonalData):
    models = (
        "developer_groups.Membership",
        "developer_groups.Invitation",
        "developer_groups.Meeting",
        "developer_groups.MeetingAttendance",
        "developer_groups.Action",
    )

    def export(self, user) -> dict:
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("group", "organisation", "sector")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=MeetingAttendance.objects.select_related("meeting").order_by("meeting__starts_at"),
                ),
                Prefetch("actions", queryset=Action.objects.order_by("pk")),
            )
            .order_by("joined_on", "pk")
        )
        # Not those sent to an address the account only claims: they are somebody else's.
        invitations = (
            Invitation.objects.filter(email__in=addresses_of(user)).select_related("group").order_by("created_at")
        )
        return {
            "developer_groups": [
                {
                    "group": membership.group.name,
                    "role": membership.get_role_display(),
                    "organisation": membership.organisation.name if membership.organisation else "",
                    "sector": membership.sector.name if membership.sector else "",
                    "joined_on": iso(membership.joined_on),
                    "left_on": iso(membership.left_on),
                    "meetings": [
                        {
                            "starts_at": iso(mark.meeting.starts_at),
                            "status": mark.get_status_display(),
                            "remark": mark.remark,
                        }
                        for mark in membership.attendances.all()
                    ],
                    "actions_you_own": [
                        {"action": action.title, "status": action.get_status_display(), "due_on": iso(action.due_on)}
                        for action in membership.actions.all()
                    ],
                }
                for membership in memberships
            ],
            "developer_group_invitations": [
                {
                    "group": invitation.group.name,
                    "email": invitation.email,
                    "invited_at": iso(invitation.created_at),
                    "accepted_at": iso(invitation.accepted_at),
                }
                for invitation in invitations
            ],
        }

    def has_records(self, user) -> bool:
        return Membership.objects.filter(user=user).exists()

    def in_use_since(self, day: dt.date) -> list[Q]:
        return [Q(group_memberships__group__ends_on__gte=day)]

    def erase(self, user, *, by, today: dt.date) -> None:
        memberships = Membership.objects.filter(user=user)
        memberships.filter(Q(left_on__isnull=True) | Q(left_on__gt=today)).update(left_on=today)
        MeetingAttendance.objects.filter(membership__in=memberships).update(remark="")
        invitations = Q(membership__in=memberships)
        # Runs before the account's own part (lms.personal_data), while its addresses are still on it.
        for address in addresses_of(user):
            invitations |= Q(email__iexact=address)
        Invitation.objects.filter(invitations).delete()
