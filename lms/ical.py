"""What every calendar file of the site has, whoever builds its events (course sessions, group
meetings, mentoring sessions): RFC 5545's VTIMEZONE for every TZID it uses, and events that say
which version of themselves they are.

Calendar apps keep an event by its UID and replace it only with a higher SEQUENCE (or, for the
same SEQUENCE, a later DTSTAMP); a moved or cancelled event whose SEQUENCE stayed may be ignored.
So each kind of event keeps a counter that its writes raise when the time, place or status
changes, and when that was (LAST-MODIFIED).
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from icalendar import Calendar, Event

PRODID = "-//Systeeminen työote ja MindMe//koulutukset//FI"


def new_calendar(*, method: str = "PUBLISH", name: str = "", time_zone: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    if time_zone:
        calendar.add("x-wr-timezone", time_zone)
    calendar.add("method", method)
    return calendar


def add_version(event: Event, *, sequence: int, changed_at: dt.datetime, stamp: dt.datetime | None = None) -> Event:
    """SEQUENCE, LAST-MODIFIED and DTSTAMP (in UTC, as RFC 5545 asks of the last two)."""
    event.add("sequence", sequence)
    event.add("last-modified", changed_at.astimezone(dt.UTC))
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    return event


def new_event(
    uid: str,
    summary: str,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    sequence: int,
    changed_at: dt.datetime,
    location: str = "",
    cancelled: bool = False,
) -> Event:
    """A VEVENT as every feed of the site makes it: UID under CALENDAR_UID_DOMAIN, times in Finnish
    time, the version, the place; a cancelled one is STATUS:CANCELLED and says so in its title
    (calendar apps show it crossed out or drop it; the title tells the rest)."""
    event = Event()
    event.add("uid", f"{uid}@{settings.CALENDAR_UID_DOMAIN}")
    if cancelled:
        event.add("status", "CANCELLED")
        summary = _("Cancelled: %(name)s") % {"name": summary}
    event.add("summary", summary)
    event.add("dtstart", timezone.localtime(starts_at))
    event.add("dtend", timezone.localtime(ends_at))
    add_version(event, sequence=sequence, changed_at=changed_at)
    if location:
        event.add("location", location)
    return event


def to_ical(calendar: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE for every time zone its events name (icalendar
    builds them from the system's zone data, 1970–2038)."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def add_organizer(event: Event) -> Event:
    """The site as the event's organiser: iTIP (RFC 5546) asks for one in an emailed PUBLISH or
    CANCEL, which is how a calendar app knows the cancellation is about the event it has."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", f"mailto:{address}", parameters={"cn": name or str(settings.PORTAL_NAME)})
    return event


# An emailed calendar file's name says what it holds, in the recipient's language (the one active
# while their email is written).
FILE_NAMES = {
    "meeting": pgettext_lazy("file name of an emailed calendar event, without .ics", "meeting"),
    "training": pgettext_lazy("file name of an emailed calendar event, without .ics", "training"),
}


def attachment(calendar_file: bytes, *, kind: str = "meeting") -> tuple[str, bytes, str]:
    """An email attachment of a calendar file: a developer group's or a mentoring meeting, or a
    training's sessions; named in the active language."""
    return (f"{FILE_NAMES[kind]}.ics", calendar_file, "text/calendar")
