import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from attendance.models import Attendance
from developer_groups import selectors
from developer_groups.models import Action, Invitation, Membership
from developer_groups.services import invite
from tests.factories import (
    ActionFactory,
    DeveloperGroupFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_my_groups_lists_current_memberships_with_upcoming_meetings_and_my_open_actions(group, member):
    MeetingFactory(group=group, days=-3)
    soon, later = MeetingFactory(group=group, days=2), MeetingFactory(group=group, days=9)
    MeetingFactory(group=group, days=1, cancelled_at=timezone.now())
    ActionFactory(group=group, title="Auki", owner=member)
    ActionFactory(group=group, title="Tehty", owner=member, status=Action.Status.DONE)
    left = DeveloperGroupFactory(name_fi="Päättynyt jäsenyys")
    MembershipFactory(group=left, user=member.user, left_on=timezone.localdate() - DAY)

    [mine] = selectors.my_groups(member.user)

    assert mine == member
    assert mine.group.upcoming == [soon, later]
    assert mine.my_open_actions == 1


def test_my_groups_costs_the_same_queries_for_one_group_and_three(member):
    MeetingFactory(group=member.group, days=3)
    one = queries(lambda: [m.group.name for m in selectors.my_groups(member.user)])
    for name in ("Kankaanpää", "Eura"):
        other = DeveloperGroupFactory(name_fi=name)
        MembershipFactory(group=other, user=member.user)
        MeetingFactory(group=other, days=4)

    assert queries(lambda: [m.group.name for m in selectors.my_groups(member.user)]) == one


def test_group_page_splits_the_meetings_and_marks_what_can_be_done(group, facilitator, member):
    held = MeetingFactory(group=group, days=-7)
    MeetingAttendanceFactory(
        meeting=held, membership=member, status=Attendance.Status.PRESENT, marked_at=held.starts_at
    )
    unmarked = MeetingFactory(group=group, days=-2)
    cancelled_past = MeetingFactory(group=group, days=-1, cancelled_at=timezone.now())
    next_one, after = MeetingFactory(group=group, days=3), MeetingFactory(group=group, days=10)
    cancelled_to_come = MeetingFactory(group=group, days=5, cancelled_at=timezone.now())
    agreed = ActionFactory(group=group, meeting=held, title="Sovittu", owner=member)

    page = selectors.group_page(group)

    assert page.next_meeting == next_one
    assert page.upcoming == [cancelled_to_come, after]  # a cancelled one to come stays, crossed out
    assert page.past == [unmarked, held]  # newest first, without the cancelled one
    assert cancelled_past not in page.past
    past = {meeting.pk: meeting for meeting in page.past}
    assert (past[held.pk].attended_count, past[held.pk].marked_count, past[held.pk].agreed) == (1, 1, [agreed])
    assert (past[held.pk].recordable, past[held.pk].cancellable) == (True, False)
    assert past[unmarked.pk].cancellable is True
    assert page.next_meeting.recordable is False
    assert [m.role for m in page.members] == [Membership.Role.FACILITATOR, Membership.Role.MEMBER]


def test_group_page_orders_actions_under_way_then_open_then_done(group, member):
    today = timezone.localdate()
    done = ActionFactory(group=group, title="Tehty", status=Action.Status.DONE, due_on=today)
    late_open = ActionFactory(group=group, title="Myöhemmin", due_on=today + 9 * DAY)
    soon_open = ActionFactory(group=group, title="Pian", due_on=today + DAY)
    under_way = ActionFactory(group=group, title="Työn alla", status=Action.Status.IN_PROGRESS)

    assert selectors.group_page(group).actions == [under_way, soon_open, late_open, done]


def test_members_are_the_current_ones_facilitators_and_contacts_first_by_surname(group):
    MembershipFactory(group=group, user=ParticipantFactory(last_name="Aalto"))
    contact = MembershipFactory(group=group, user=ParticipantFactory(last_name="Östman"), role=Membership.Role.CONTACT)
    facilitator = MembershipFactory(
        group=group, user=ParticipantFactory(last_name="Virtanen"), role=Membership.Role.FACILITATOR
    )
    MembershipFactory(group=group, user=ParticipantFactory(last_name="Berg"), left_on=timezone.localdate() - DAY)

    members = selectors.members(group)

    assert [m.user.last_name for m in members] == ["Virtanen", "Östman", "Aalto"]
    assert members[:2] == [facilitator, contact]


def test_the_meeting_roster_is_who_was_in_the_group_that_day_and_anyone_marked(group, member):
    today = timezone.localdate()
    meeting = MeetingFactory(group=group, days=-10)
    left_before = MembershipFactory(group=group, left_on=today - 11 * DAY)
    joined_after = MembershipFactory(group=group, joined_on=today - 5 * DAY)
    left_after = MembershipFactory(group=group, left_on=today - 2 * DAY)
    marked_then_left = MembershipFactory(group=group, left_on=today - 20 * DAY)
    MeetingAttendanceFactory(
        meeting=meeting, membership=marked_then_left, status=Attendance.Status.LATE, marked_at=meeting.starts_at
    )
    MembershipFactory(group=DeveloperGroupFactory(name_fi="Toinen"))

    roster = selectors.meeting_roster(meeting)

    assert {m.pk for m in roster} == {member.pk, left_after.pk, marked_then_left.pk}
    assert left_before not in roster
    assert joined_after not in roster
    marks = {m.pk: m.mark for m in roster}
    assert marks[marked_then_left.pk].status == Attendance.Status.LATE
    assert marks[member.pk] is None


def test_group_meeting_finds_only_the_groups_own_meeting(group):
    mine, theirs = (
        MeetingFactory(group=group, days=1),
        MeetingFactory(group=DeveloperGroupFactory(name_fi="Toinen"), days=1),
    )

    assert selectors.group_meeting(group, mine.pk) == mine
    assert selectors.group_meeting(group, theirs.pk) is None


def test_public_groups_lists_listed_groups_not_ended_under_their_municipality_in_the_readers_language():
    today = timezone.localdate()
    pori = MunicipalityFactory(name_fi="Pori", name_sv="Björneborg")
    eura = MunicipalityFactory(name_fi="Eura", name_sv="Eura")
    in_pori = DeveloperGroupFactory(municipality=pori)
    in_eura = DeveloperGroupFactory(municipality=eura, name_fi="MindMe Eura")
    DeveloperGroupFactory(municipality=eura, name_fi="Piilotettu", listed=False)
    DeveloperGroupFactory(municipality=pori, name_fi="Päättynyt", starts_on=today - 90 * DAY, ends_on=today - DAY)

    with translation.override("sv"):
        listing = selectors.public_groups()
        assert [(municipality.name, groups) for municipality, groups in listing] == [
            ("Björneborg", [in_pori]),
            ("Eura", [in_eura]),
        ]
    assert queries(selectors.public_groups) == 1


def test_invitation_by_token_finds_the_invitation_or_none(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    assert selectors.invitation_by_token(invitation.token) == invitation
    assert selectors.invitation_by_token("no-such-token") is None


def test_the_admin_lists_everyone_who_has_been_in_the_group_current_first_and_every_invitation(
    group, member, coordinator
):
    gone = MembershipFactory(
        group=group, user=ParticipantFactory(last_name="Aaltonen"), left_on=timezone.localdate() - DAY
    )
    facilitator = MembershipFactory(group=group, role=Membership.Role.FACILITATOR)
    older = invite(group, email="aino@example.fi", by=coordinator)
    Invitation.objects.filter(pk=older.pk).update(created_at=timezone.now() - DAY)
    newer = invite(group, email="eero@example.fi", by=coordinator)

    assert selectors.admin_members(group) == [facilitator, member, gone]
    assert selectors.admin_invitations(group) == [newer, older]
