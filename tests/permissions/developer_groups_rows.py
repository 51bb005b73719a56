"""Permission-matrix rows of developer_groups (see test_matrix.py): (name, url template, {role: status}),
with every role of roles.ALL_ROLES named.

A group's pages are for its current members (any role) and coordinators; anyone else logged in gets
404. A member on a facilitator's page (plan, edit, cancel, attendance, notes) is refused with 403.
The invitation page is open to anyone holding its link: it offers a new account to a visitor (the
matrix's invitation is for an address nobody has); someone logged in joins only with the invited
address verified on their account, so every logged-in role is told how to (400: log in with that
address, or add and confirm it); an expired link is 400, an unknown one 404. The public groups page is a Wagtail page anyone
sees. The coordinators' pages sit in the Wagtail admin like the enrolment pages: everyone without
admin access is sent to its log-in.
"""

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from developer_groups.models import (
    DeveloperGroupIndexPage,
    Membership,
)
from home.models import HomePage
from tests.factories import (
    ActionFactory,
    DeveloperGroupFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
)

from .roles import ALL_ROLES

OUTSIDERS = ("participant", "trainer", "mentor", "mentee")


def expect(anonymous=302, outsiders=404, coordinator=200, member=200, facilitator=200) -> dict:
    expected = {
        "anonymous": anonymous,
        **dict.fromkeys(OUTSIDERS, outsiders),
        "coordinator": coordinator,
        "member": member,
        "facilitator": facilitator,
    }
    assert set(expected) == set(ALL_ROLES)
    return expected


EVERYONE = dict.fromkeys(ALL_ROLES, 200)
IN_THE_GROUP = expect()
FACILITATORS = expect(member=403)
ADMIN = expect(outsiders=302, member=302, facilitator=302)
ADMIN_404 = expect(outsiders=302, member=302, facilitator=302, coordinator=404)
ADMIN_POST_ONLY = expect(outsiders=302, member=302, facilitator=302, coordinator=405)

ROWS = [
    # Members' and facilitators' pages
    ("developer_groups:my_groups", "/{lang}/my/groups/", expect(outsiders=200)),
    ("developer_groups:group", "/{lang}/groups/{group_id}/", IN_THE_GROUP),
    ("group-not-theirs", "/{lang}/groups/{other_group_id}/", expect(member=404, facilitator=404)),
    ("group-missing", "/{lang}/groups/999999/", expect(coordinator=404, member=404, facilitator=404)),
    ("developer_groups:plan_meeting", "/{lang}/groups/{group_id}/meetings/new/", FACILITATORS),
    ("developer_groups:edit_meeting", "/{lang}/groups/{group_id}/meetings/{next_meeting_id}/edit/", FACILITATORS),
    ("developer_groups:cancel_meeting", "/{lang}/groups/{group_id}/meetings/{next_meeting_id}/cancel/", FACILITATORS),
    ("developer_groups:attendance", "/{lang}/groups/{group_id}/meetings/{held_meeting_id}/attendance/", FACILITATORS),
    (
        "attendance-of-another-groups-meeting",
        "/{lang}/groups/{group_id}/meetings/{other_meeting_id}/attendance/",
        expect(coordinator=404, member=403, facilitator=404),
    ),
    ("developer_groups:record", "/{lang}/groups/{group_id}/meetings/{held_meeting_id}/notes/", FACILITATORS),
    (
        "developer_groups:action_status",
        "/{lang}/groups/{group_id}/actions/{action_id}/status/",
        dict.fromkeys(ALL_ROLES, 405),
    ),
    (
        "developer_groups:invitation",
        "/{lang}/groups/invitations/{invitation_token}/",
        {**dict.fromkeys(ALL_ROLES, 400), "anonymous": 200},
    ),
    ("invitation-expired", "/{lang}/groups/invitations/{expired_invitation_token}/", dict.fromkeys(ALL_ROLES, 400)),
    ("invitation-unknown", "/{lang}/groups/invitations/not-a-token/", dict.fromkeys(ALL_ROLES, 404)),
    # The public page listing the groups
    ("developer-groups-public-page", "/{lang}/kehittajaryhmat/", EVERYONE),
    # Coordinators' pages in the Wagtail admin
    ("developer_groups_admin:index", "/admin/developer-groups/", ADMIN),
    ("developer_groups_admin:index_results", "/admin/developer-groups/results/", ADMIN),
    ("developer_groups_admin:add", "/admin/developer-groups/new/", ADMIN),
    ("developer_groups_admin:edit", "/admin/developer-groups/edit/{group_id}/", ADMIN),
    ("developer-groups-admin-edit-missing", "/admin/developer-groups/edit/999999/", ADMIN_404),
    ("developer_groups_admin:delete", "/admin/developer-groups/delete/{group_id}/", ADMIN),
    ("developer_groups_admin:history", "/admin/developer-groups/history/{group_id}/", ADMIN),
    ("developer_groups_admin:history_results", "/admin/developer-groups/history-results/{group_id}/", ADMIN),
    ("developer_groups_admin:usage", "/admin/developer-groups/usage/{group_id}/", ADMIN),
    ("developer_groups_admin:members", "/admin/developer-groups/{group_id}/members/", ADMIN),
    ("developer-groups-admin-members-missing", "/admin/developer-groups/999999/members/", ADMIN_404),
    ("developer_groups_admin:invite", "/admin/developer-groups/{group_id}/members/invite/", ADMIN_POST_ONLY),
    ("developer_groups_admin:membership", "/admin/developer-groups/{group_id}/members/{membership_id}/", ADMIN),
    (
        "membership-of-another-group",
        "/admin/developer-groups/{other_group_id}/members/{membership_id}/",
        ADMIN_404,
    ),
    (
        "developer_groups_admin:resend",
        "/admin/developer-groups/{group_id}/invitations/{invitation_id}/resend/",
        ADMIN_POST_ONLY,
    ),
    (
        "developer_groups_admin:withdraw",
        "/admin/developer-groups/{group_id}/invitations/{invitation_id}/withdraw/",
        ADMIN_POST_ONLY,
    ),
]


def objects(people) -> dict:
    """A group with the matrix's member and facilitator, a meeting held and one to come, an action,
    a pending and an expired invitation; another group they are not in; the public page."""
    coordinators = Group.objects.get(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="developer_groups",
            codename__in=[f"{action}_developergroup" for action in ("add", "change", "delete", "view")],
        )
    )
    group = DeveloperGroupFactory(name_fi="Kehittäjäryhmä Pori", theme_fi="Sisukas")
    other = DeveloperGroupFactory(name_fi="Kehittäjäryhmä Eura", municipality__name_fi="Eura", theme_fi="Siirtymät")
    member = MembershipFactory(group=group, user=people["member"])
    MembershipFactory(group=group, user=people["facilitator"], role=Membership.Role.FACILITATOR)
    held = MeetingFactory(group=group, days=-2, place="Pori")
    upcoming = MeetingFactory(group=group, days=9, place="Pori")
    elsewhere = MeetingFactory(group=other, days=-1, place="Eura")
    invitation = InvitationFactory(group=group, email="kutsuttu@example.fi")
    expired = InvitationFactory(
        group=group, email="myohassa@example.fi", expires_at=timezone.now() - dt.timedelta(days=1)
    )
    home = HomePage.objects.get()
    home.add_child(instance=DeveloperGroupIndexPage(title="Kehittäjäryhmät", slug="kehittajaryhmat"))
    return {
        "group_id": group.pk,
        "other_group_id": other.pk,
        "held_meeting_id": held.pk,
        "next_meeting_id": upcoming.pk,
        "other_meeting_id": elsewhere.pk,
        "action_id": ActionFactory(group=group, meeting=held, title="Runko", owner=member).pk,
        "invitation_token": invitation.token,
        "invitation_id": invitation.pk,
        "expired_invitation_token": expired.token,
        "membership_id": member.pk,
    }
