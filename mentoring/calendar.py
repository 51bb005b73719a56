"""A person's mentoring sessions as iCalendar events, for their feed (enrolment.views.feed_view)."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Event

from accounts.selectors import display_name
from lms.ical import add_version

from .models import MentoringSession


def events_for(user) -> list[Event]:
    """VEVENTs of the sessions the person mentors or is a mentee in (planned, delivered and
    cancelled, the last with STATUS:CANCELLED), in the active language (the feed's owner's); one
    query.

    A mentee's feed holds only the sessions they take part in. Neither the summary nor the working
    notes go into the feed: calendar apps copy it to other services.
    """
    from certificates.services import site_root

    sessions = (
        MentoringSession.objects.filter(Q(agreement__mentor=user) | Q(participants__user=user))
        .select_related("agreement", "agreement__mentor")
        .distinct()
        .order_by("starts_at", "pk")
    )
    url = site_root() + reverse("mentoring:my_mentoring")
    events = []
    for session in sessions:
        agreement = session.agreement
        event = Event()
        event.add("uid", f"mentoring-session-{session.pk}@{settings.CALENDAR_UID_DOMAIN}")
        summary = _("Mentoring: %(team)s") % {"team": agreement.team}
        if session.is_cancelled:
            # Calendar apps show a cancelled event crossed out or drop it; the title says so for the rest.
            event.add("status", "CANCELLED")
            summary = _("Cancelled: %(name)s") % {"name": summary}
        event.add("summary", summary)
        event.add("dtstart", timezone.localtime(session.starts_at))
        event.add("dtend", timezone.localtime(session.ends_at))
        add_version(event, sequence=session.sequence, changed_at=session.changed_at)
        if session.place:
            event.add("location", session.place)
        event.add("url", url)
        description = [
            _("Topic: %(topic)s") % {"topic": session.topic},
            _("Mentor: %(name)s") % {"name": display_name(agreement.mentor)},
            url,
        ]
        event.add("description", "\n\n".join(description))
        events.append(event)
    return events
