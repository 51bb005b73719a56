import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from attendance.models import Attendance
from developer_groups import selectors
from developer_groups.models import Action, Invitation, MeetingAttendance, Membership
from developer_groups.services import invite
from tests.factories import MunicipalityFactory, ParticipantFactory

from .conftest import make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_my_groups_lists_current_memberships_with_upcoming_meetings_and_my_open_actions(group, member):
    make_meeting(group, -3)
    soon, later = make_meeting(group, 2), make_meeting(group, 9)
    make_meeting(group, 1, cancelled_at=timezone.now())
    Action.objects.create(group=group, title="Auki", owner=member)
    Action.objects.create(group=group, title="Tehty", owner=member, status=Action.Status.DONE)
    left = make_group(name_fi="Päättynyt jäsenyys")
    make_member(left, member.user, left_on=timezone.localdate() - DAY)

    [mine] = selectors.my_groups(member.user)

    assert mine == member
    assert mine.group.upcoming == [soon, later]
    assert mine.my_open_actions == 1


def test_my_groups_costs_the_same_queries_for_one_group_and_three(member):
    make_meeting(member.group, 3)
    one = queries(lambda: [m.group.name for m in selectors.my_groups(member.user)])
    for name in ("Kankaanpää", "Eura"):
        other = make_group(name_fi=name)
        make_member(other, member.user)
        make_meeting(other, 4)

    assert queries(lambda: [m.group.name for m in selectors.my_groups(member.user)]) == one


def test_group_page_splits_the_meetings_and_marks_what_can_be_done(group, facilitator, member):
    held = make_meeting(group, -7)
    MeetingAttendance.objects.create(
        meeting=held, membership=member, status=Attendance.Status.PRESENT, marked_at=held.starts_at
    )
    unmarked = make_meeting(group, -2)
    cancelled_past = make_meeting(group, -1, cancelled_at=timezone.now())
    next_one, after = make_meeting(group, 3), make_meeting(group, 10)
    cancelled_to_come = make_meeting(group, 5, cancelled_at=timezone.now())
    agreed = Action.objects.create(group=group, meeting=held, title="Sovittu", owner=member)

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
    done = Action.objects.create(group=group, title="Tehty", status=Action.Status.DONE, due_on=today)
    late_open = Action.objects.create(group=group, title="Myöhemmin", due_on=today + 9 * DAY)
    soon_open = Action.objects.create(group=group, title="Pian", due_on=today + DAY)
    under_way = Action.objects.create(group=group, title="Työn alla", status=Action.Status.IN_PROGRESS)

    assert selectors.group_page(group).actions == [under_way, soon_open, late_open, done]


def test_members_are_the_current_ones_facilitators_and_contacts_first_by_surname(group):
    make_member(group, ParticipantFactory(last_name="Aalto"))
    contact = make_member(group, ParticipantFactory(last_name="Östman"), role=Membership.Role.CONTACT)
    facilitator = make_member(group, ParticipantFactory(last_name="Virtanen"), role=Membership.Role.FACILITATOR)
    make_member(group, ParticipantFactory(last_name="Berg"), left_on=timezone.localdate() - DAY)

    members = selectors.members(group)

    assert [m.user.last_name for m in members] == ["Virtanen", "Östman", "Aalto"]
    assert members[:2] == [facilitator, contact]


def test_the_meeting_roster_is_who_was_in_the_group_that_day_and_anyone_marked(group, member):
    today = timezone.localdate()
    meeting = make_meeting(group, -10)
    left_before = make_member(group, left_on=today - 11 * DAY)
    joined_after = make_member(group, joined_on=today - 5 * DAY)
    left_after = make_member(group, left_on=today - 2 * DAY)
    marked_then_left = make_member(group, left_on=today - 20 * DAY)
    MeetingAttendance.objects.create(
        meeting=meeting, membership=marked_then_left, status=Attendance.Status.LATE, marked_at=meeting.starts_at
    )
    make_member(make_group(name_fi="Toinen"))

    roster = selectors.meeting_roster(meeting)

    assert {m.pk for m in roster} == {member.pk, left_after.pk, marked_then_left.pk}
    assert left_before not in roster
    assert joined_after not in roster
    marks = {m.pk: m.mark for m in roster}
    assert marks[marked_then_left.pk].status == Attendance.Status.LATE
    assert marks[member.pk] is None


def test_group_meeting_finds_only_the_groups_own_meeting(group):
    mine, theirs = make_meeting(group, 1), make_meeting(make_group(name_fi="Toinen"), 1)

    assert selectors.group_meeting(group, mine.pk) == mine
    assert selectors.group_meeting(group, theirs.pk) is None


def test_public_groups_lists_listed_groups_not_ended_under_their_municipality_in_the_readers_language():
    today = timezone.localdate()
    pori = MunicipalityFactory(name_fi="Pori", name_sv="Björneborg")
    eura = MunicipalityFactory(name_fi="Eura", name_sv="Eura")
    in_pori = make_group(municipality=pori)
    in_eura = make_group(municipality=eura, name_fi="MindMe Eura")
    make_group(municipality=eura, name_fi="Piilotettu", listed=False)
    make_group(municipality=pori, name_fi="Päättynyt", starts_on=today - 90 * DAY, ends_on=today - DAY)

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
    gone = make_member(group, ParticipantFactory(last_name="Aaltonen"), left_on=timezone.localdate() - DAY)
    facilitator = make_member(group, role=Membership.Role.FACILITATOR)
    older = invite(group, email="aino@example.fi", by=coordinator)
    Invitation.objects.filter(pk=older.pk).update(created_at=timezone.now() - DAY)
    newer = invite(group, email="eero@example.fi", by=coordinator)

    assert selectors.admin_members(group) == [facilitator, member, gone]
    assert selectors.admin_invitations(group) == [newer, older]
