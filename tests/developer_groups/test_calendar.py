import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from icalendar import Calendar

from accounts.selectors import profile_for
from developer_groups.calendar import events_for

from .conftest import make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db


def feed(client, user) -> list:
    response = client.get(f"/calendar/{profile_for(user).feed_token}.ics")
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_feed_has_the_meetings_of_the_persons_groups_in_their_language_without_notes(
    client, group, member, home_page
):
    profile = profile_for(member.user)
    profile.preferred_language = "sv"
    profile.save()
    held = make_meeting(group, -7, notes="Luottamuksellinen muistio", agenda="Asialista")
    cancelled = make_meeting(group, 7, cancelled_at=timezone.now())
    make_meeting(make_group(name_fi="Toinen ryhmä"), 3)

    events = {str(event["uid"]): event for event in feed(client, member.user)}

    assert set(events) == {
        f"group-meeting-{held.pk}@koulutus.example.fi",
        f"group-meeting-{cancelled.pk}@koulutus.example.fi",
    }
    event = events[f"group-meeting-{held.pk}@koulutus.example.fi"]
    assert str(event["summary"]) == "MindMe-utvecklingsgruppen Björneborg"
    assert event.decoded("dtstart") == held.starts_at
    assert "Asialista" in str(event["description"])
    assert "Luottamuksellinen" not in str(event["description"])
    assert str(event["url"]).endswith(f"/sv/groups/{group.pk}/")
    assert str(events[f"group-meeting-{cancelled.pk}@koulutus.example.fi"]["status"]) == "CANCELLED"


def test_someone_who_left_the_group_no_longer_has_its_meetings(group, member):
    make_meeting(group, 3)
    member.left_on = timezone.localdate() - dt.timedelta(days=1)
    member.save()

    assert events_for(member.user) == []


def test_the_feed_costs_the_same_queries_for_one_group_and_three(client, member, home_page):
    make_meeting(member.group, 3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            feed(client, member.user)
        return len(captured)

    one = queries()
    for name in ("Kankaanpää", "Eura"):
        other = make_group(name_fi=name)
        make_member(other, member.user)
        make_meeting(other, 5)
        make_meeting(other, -5)

    assert queries() == one
