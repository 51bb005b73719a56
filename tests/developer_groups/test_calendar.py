import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from icalendar import Calendar

from accounts.selectors import profile_for
from developer_groups.calendar import events_for, meeting_calendar
from developer_groups.services import cancel_meeting, update_meeting
from tests.factories import DeveloperGroupFactory, MeetingFactory, MembershipFactory

from .conftest import HOUR

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
    held = MeetingFactory(group=group, days=-7, notes="Luottamuksellinen muistio", agenda="Asialista")
    cancelled = MeetingFactory(group=group, days=7, cancelled_at=timezone.now())
    MeetingFactory(group=DeveloperGroupFactory(name_fi="Toinen ryhmä"), days=3)

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
    MeetingFactory(group=group, days=3)
    member.left_on = timezone.localdate() - dt.timedelta(days=1)
    member.save()

    assert events_for(member.user) == []


def test_the_feed_costs_the_same_queries_for_one_group_and_three(client, member, home_page):
    MeetingFactory(group=member.group, days=3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            feed(client, member.user)
        return len(captured)

    one = queries()
    for name in ("Kankaanpää", "Eura"):
        other = DeveloperGroupFactory(name_fi=name)
        MembershipFactory(group=other, user=member.user)
        MeetingFactory(group=other, days=5)
        MeetingFactory(group=other, days=-5)

    assert queries() == one


def test_the_feed_names_its_time_zone_and_a_moved_or_cancelled_meeting_gets_a_higher_sequence(
    client, group, facilitator, member, home_page
):
    meeting = MeetingFactory(group=group, days=5, agenda="Asialista")

    def event():
        response = client.get(f"/calendar/{profile_for(member.user).feed_token}.ics")
        calendar = Calendar.from_ical(response.content)
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
        assert calendar.get_missing_tzids() == set()
        [event] = calendar.walk("VEVENT")
        assert event["dtstart"].params["TZID"] == "Europe/Helsinki"
        return event

    first = event()
    assert event()["sequence"] == first["sequence"]  # the same meeting, read again
    update_meeting(
        meeting,
        by=facilitator.user,
        starts_at=meeting.starts_at + HOUR,
        ends_at=meeting.ends_at + HOUR,
        place=meeting.place,
        online_url="",
        agenda=meeting.agenda,
    )
    moved = event()
    cancel_meeting(meeting, by=facilitator.user)
    cancelled = event()

    assert first["sequence"] < moved["sequence"] < cancelled["sequence"]
    assert first.decoded("last-modified") <= moved.decoded("last-modified") <= cancelled.decoded("last-modified")
    assert moved.decoded("dtstart") == meeting.starts_at
    assert str(cancelled["status"]) == "CANCELLED"


def test_saving_a_meeting_unchanged_keeps_its_calendar_version(group, facilitator):
    meeting = MeetingFactory(group=group, days=5)

    update_meeting(
        meeting,
        by=facilitator.user,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        online_url=meeting.online_url,
        agenda=meeting.agenda,
    )

    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_the_reminders_calendar_file_has_its_time_zone_and_version(group, member):
    meeting = MeetingFactory(group=group, days=2)

    calendar = Calendar.from_ical(meeting_calendar(meeting))

    assert calendar.get_missing_tzids() == set()
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    [event] = calendar.walk("VEVENT")
    assert (event["sequence"], event.decoded("last-modified").tzinfo is not None) == (0, True)
