"""Sessions as iCalendar: attached to the confirmation email and served as a person's feed."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from icalendar import Event

from lms.ical import new_calendar, new_event, to_ical
from lms.links import page_url


def _event(session, offering) -> Event:
    tz = timezone.get_default_timezone()
    event = new_event(
        f"session-{session.pk}",
        offering.localized_title,
        starts_at=dt.datetime.combine(session.date, session.starts_at, tzinfo=tz),
        ends_at=dt.datetime.combine(session.date, session.ends_at, tzinfo=tz),
        sequence=session.sequence,
        changed_at=session.changed_at,
        location=session.place,
    )
    description = [offering.lead]
    if session.online_url:
        description.append(session.online_url)
    url = page_url(offering)
    if url:
        event.add("url", url)
        description.append(url)
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def sessions_calendar(offerings, *, name: str, extra=()) -> bytes:
    """One VEVENT per session of these offerings (their `sessions` prefetched), and the `extra`
    events (a person's developer-group meetings and mentoring sessions)."""
    calendar = new_calendar(name=name, time_zone=settings.TIME_ZONE)
    for offering in offerings:
        for session in offering.sessions.all():
            calendar.add_component(_event(session, offering))
    for event in extra:
        calendar.add_component(event)
    return to_ical(calendar)
