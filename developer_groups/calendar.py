"""A person's developer-group meetings as iCalendar events, for their feed (enrolment.views.feed_view)
and the reminder email.

The notes of a meeting are never in an event: the feed's address is a secret anyone holding it can
read, and notes are for the group only. The agenda, place and link are what a calendar needs.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Event

from lms.ical import add_organizer, add_version, new_calendar, to_ical

from .models import Meeting, Membership


def _event(meeting: Meeting, *, group_url: str) -> Event:
    event = Event()
    event.add("uid", f"group-meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}")
    name = meeting.group.name
    if meeting.is_cancelled:
        # Calendar apps show a cancelled event crossed out or drop it; the title says so for the rest.
        event.add("status", "CANCELLED")
        name = _("Cancelled: %(name)s") % {"name": name}
    event.add("summary", name)
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    add_version(event, sequence=meeting.sequence, changed_at=meeting.changed_at)
    if meeting.place:
        event.add("location", meeting.place)
    elif meeting.online_url:
        event.add("location", meeting.online_url)
    event.add("url", group_url)
    description = [meeting.agenda, meeting.online_url, group_url]
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def events_for(user) -> list:
    """VEVENTs of the meetings of the groups the person belongs to now, in the active language;
    two queries however many groups and meetings."""
    from .tasks import site_url

    groups = Membership.objects.current().filter(user=user).values("group_id")
    meetings = list(Meeting.objects.filter(group_id__in=groups).select_related("group").order_by("starts_at", "pk"))
    if not meetings:
        return []
    base = site_url("")
    return [
        _event(meeting, group_url=base + reverse("developer_groups:group", args=[meeting.group_id]))
        for meeting in meetings
    ]


def meeting_calendar(meeting: Meeting) -> bytes:
    """One meeting as a calendar file, attached to its reminder and, once it is cancelled, to the
    word that it is (METHOD:CANCEL, STATUS:CANCELLED, its raised SEQUENCE): a calendar app that
    took the event in from the reminder then drops or crosses out its copy."""
    from .tasks import site_url

    calendar = new_calendar(method="CANCEL" if meeting.is_cancelled else "PUBLISH")
    event = _event(meeting, group_url=site_url(reverse("developer_groups:group", args=[meeting.group_id])))
    calendar.add_component(add_organizer(event))
    return to_ical(calendar)
