"""The named predicates of developer_groups.permissions, one by one (the permission matrix checks them
through every URL)."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

import pytest

from developer_groups.models import Membership
from developer_groups.permissions import access_to, can_facilitate, can_manage_groups, can_view_group
from tests.factories import ActionFactory, DeveloperGroupFactory, MembershipFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_coordinators_and_superusers_manage_groups_and_nobody_else_does(coordinator, member):
    inactive = UserFactory(is_active=False, is_superuser=True)

    assert can_manage_groups(coordinator)
    assert can_manage_groups(UserFactory(is_superuser=True))
    assert not can_manage_groups(member.user)
    assert not can_manage_groups(inactive)
    assert not can_manage_groups(AnonymousUser())
    assert not can_manage_groups(None)


@pytest.mark.parametrize(
    ("who", "view", "facilitate"),
    [
        ("member", True, False),
        ("contact", True, False),
        ("facilitator", True, True),
        ("coordinator", True, True),
        ("left yesterday", False, False),
        ("leaves today", True, False),
        ("member of another group", False, False),
        ("facilitator of another group", False, False),
        ("stranger", False, False),
        ("anonymous", False, False),
    ],
)
def test_who_views_and_who_facilitates_a_group(group, coordinator, who, view, facilitate):
    today = timezone.localdate()
    other = DeveloperGroupFactory(name_fi="Toinen ryhmä")
    people = {
        "member": lambda: MembershipFactory(group=group).user,
        "contact": lambda: MembershipFactory(group=group, role=Membership.Role.CONTACT).user,
        "facilitator": lambda: MembershipFactory(group=group, role=Membership.Role.FACILITATOR).user,
        "coordinator": lambda: coordinator,
        "left yesterday": lambda: MembershipFactory(group=group, left_on=today - dt.timedelta(days=1)).user,
        "leaves today": lambda: MembershipFactory(group=group, left_on=today).user,
        "member of another group": lambda: MembershipFactory(group=other).user,
        "facilitator of another group": lambda: MembershipFactory(group=other, role=Membership.Role.FACILITATOR).user,
        "stranger": ParticipantFactory,
        "anonymous": AnonymousUser,
    }
    user = people[who]()

    assert (can_view_group(user, group), can_facilitate(user, group)) == (view, facilitate)


def test_an_inactive_member_has_no_access(group):
    membership = MembershipFactory(group=group, role=Membership.Role.FACILITATOR)
    membership.user.is_active = False
    membership.user.save()

    access = access_to(membership.user, group)

    assert (access.membership, access.can_view, access.can_facilitate) == (None, False, False)


def test_an_actions_owner_may_update_it_other_members_may_not_facilitators_may_all(group, member, facilitator):
    other_member = MembershipFactory(group=group)
    mine = ActionFactory(group=group, title="Minun", owner=member)
    unowned = ActionFactory(group=group, title="Ei omistajaa")

    assert access_to(member.user, group).can_update_action(mine)
    assert not access_to(member.user, group).can_update_action(unowned)
    assert not access_to(other_member.user, group).can_update_action(mine)
    assert access_to(facilitator.user, group).can_update_action(mine)
    assert access_to(facilitator.user, group).can_update_action(unowned)


def test_access_to_costs_one_query_for_a_member_and_none_for_anonymous(group, member, django_assert_num_queries):
    with django_assert_num_queries(0):
        access_to(AnonymousUser(), group)
    user = member.user
    user.is_superuser = True  # superusers are coordinators without asking the permission tables
    with django_assert_num_queries(1):
        access_to(user, group)
