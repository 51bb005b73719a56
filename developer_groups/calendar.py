"""A person's developer-group meetings as iCalendar events, for their feed (enrolment.views.feed_view)
and the reminder email.

The notes of a meeting are never in an event: the feed's address is a secret anyone holding it can
read, and notes are for the group only. The agenda, place and link are what a calendar needs.
"""

from django.urls import reverse

from icalendar import Event

from lms.ical import add_organizer, new_calendar, new_event, to_ical
from lms.links import absolute

from .models import Meeting, Membership


def _event(meeting: Meeting, *, group_url: str) -> Event:
    event = new_event(
        f"group-meeting-{meeting.pk}",
        meeting.group.name,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        sequence=meeting.sequence,
        changed_at=meeting.changed_at,
        location=meeting.place or meeting.online_url,
        cancelled=meeting.is_cancelled,
    )
    event.add("url", group_url)
    description = [meeting.agenda, meeting.online_url, group_url]
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def events_for(user) -> list:
    """VEVENTs of the meetings of the groups the person belongs to now, in the active language;
    two queries however many groups and meetings."""
    groups = Membership.objects.current().filter(user=user).values("group_id")
    meetings = list(Meeting.objects.filter(group_id__in=groups).select_related("group").order_by("starts_at", "pk"))
    if not meetings:
        return []
    base = absolute("")
    return [
        _event(meeting, group_url=base + reverse("developer_groups:group", args=[meeting.group_id]))
        for meeting in meetings
    ]


def meeting_calendar(meeting: Meeting) -> bytes:
    """One meeting as a calendar file, attached to its reminder and, once it is cancelled, to the
    word that it is (METHOD:CANCEL, STATUS:CANCELLED, its raised SEQUENCE): a calendar app that
    took the event in from the reminder then drops or crosses out its copy."""

    calendar = new_calendar(method="CANCEL" if meeting.is_cancelled else "PUBLISH")
    event = _event(meeting, group_url=absolute(reverse("developer_groups:group", args=[meeting.group_id])))
    calendar.add_component(add_organizer(event))
    return to_ical(calendar)
