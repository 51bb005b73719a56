from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

import pytest

from courses.demo import DEMO_PASSWORD
from developer_groups.models import (
    Action,
    DeveloperGroup,
    DeveloperGroupIndexPage,
    Meeting,
    MeetingAttendance,
    Membership,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_programmes_groups_a_facilitator_and_a_member_and_runs_again_without_duplicates():
    call_command("load_demo", stdout=None)
    counts = [model.objects.count() for model in (DeveloperGroup, Membership, Meeting, MeetingAttendance, Action)]
    call_command("load_demo", stdout=None)

    assert [
        model.objects.count() for model in (DeveloperGroup, Membership, Meeting, MeetingAttendance, Action)
    ] == counts
    assert sorted(DeveloperGroup.objects.values_list("municipality__name_fi", flat=True)) == [
        "Eura",
        "Kankaanpää",
        "Pori",
        "Turku",
        "Ulvila",
    ]
    users = get_user_model().objects
    facilitator = users.get(username="fasilitaattori@example.fi")
    member = users.get(username="ryhmajasen@example.fi")
    assert facilitator.check_password(DEMO_PASSWORD)
    assert member.check_password(DEMO_PASSWORD)
    pori = DeveloperGroup.objects.get(municipality__name_fi="Pori")
    assert pori.memberships.get(user=facilitator).role == Membership.Role.FACILITATOR
    assert pori.memberships.get(user=member).role == Membership.Role.MEMBER
    held = pori.meetings.filter(starts_at__lt=timezone.now())
    assert held.count() == 3
    assert all(meeting.notes for meeting in held)
    assert pori.meetings.filter(starts_at__gt=timezone.now()).count() == 2
    assert users.get(username="koordinaattori@example.fi").has_perm("developer_groups.change_developergroup")
    assert DeveloperGroupIndexPage.objects.live().count() == 1
