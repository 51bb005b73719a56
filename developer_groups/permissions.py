"""Who may see and do what in a developer group; used by views, admin views and templates alike.

A group someone has no part in answers 404, as if it did not exist. A member who may see the group
but not do a facilitator's work is refused with 403: the meeting is no secret to them.
"""

from dataclasses import dataclass

from .models import Action, Membership


def can_manage_groups(user) -> bool:
    """Coordinators: create and edit groups, invite people, and everything a facilitator does in
    any group. The permission to change developer groups (the Coordinators group has it) covers it."""
    return bool(
        user and user.is_active and (user.is_superuser or user.has_perm("developer_groups.change_developergroup"))
    )


@dataclass(frozen=True)
class GroupAccess:
    """A person's part in one group: their current membership (if any) and whether they coordinate."""

    membership: Membership | None
    coordinator: bool

    @property
    def can_view(self) -> bool:
        return self.coordinator or self.membership is not None

    @property
    def can_facilitate(self) -> bool:
        return self.coordinator or (self.membership is not None and self.membership.is_facilitator)

    def can_update_action(self, action: Action) -> bool:
        """Facilitators and coordinators, and the action's owner for their own."""
        return self.can_facilitate or (self.membership is not None and action.owner_id == self.membership.pk)


def access_to(user, group) -> GroupAccess:
    """One query for a member, none for someone not logged in."""
    if not (user and user.is_authenticated and user.is_active):
        return GroupAccess(membership=None, coordinator=False)
    membership = Membership.objects.current().filter(group_id=group.pk, user=user).first()
    return GroupAccess(membership=membership, coordinator=can_manage_groups(user))


def can_view_group(user, group) -> bool:
    """Its current members (any role) and coordinators: the meetings, notes, actions and members."""
    return access_to(user, group).can_view


def can_facilitate(user, group) -> bool:
    """Plan, change and cancel meetings, take attendance, record notes and actions."""
    return access_to(user, group).can_facilitate
