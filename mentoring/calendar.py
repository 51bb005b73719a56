"""A person's mentoring sessions as iCalendar events, for their feed (enrolment.views.feed_view),
and one session as a calendar file for the email that says it is cancelled."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from icalendar import Event

from accounts.selectors import display_name
from lms.ical import add_organizer, new_calendar, new_event, to_ical
from lms.links import site_root

from .models import MentoringSession


def _event(session: MentoringSession, *, url: str) -> Event:
    """Neither the summary nor the working notes: calendar apps copy events to other services."""
    agreement = session.agreement
    event = new_event(
        f"mentoring-session-{session.pk}",
        _("Mentoring: %(team)s") % {"team": agreement.team},
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence,
        changed_at=session.changed_at,
        location=session.place,
        cancelled=session.is_cancelled,
    )
    event.add("url", url)
    description = [
        _("Topic: %(topic)s") % {"topic": session.topic},
        _("Mentor: %(name)s") % {"name": display_name(agreement.mentor)},
        url,
    ]
    event.add("description", "\n\n".join(description))
    return event


def _url() -> str:
    return site_root() + reverse("mentoring:my_mentoring")


def events_for(user) -> list[Event]:
    """VEVENTs of the sessions the person mentors or is a mentee in (planned, delivered and
    cancelled, the last with STATUS:CANCELLED), in the active language (the feed's owner's); one
    query. A mentee's feed holds only the sessions they take part in."""
    sessions = (
        MentoringSession.objects.filter(Q(agreement__mentor=user) | Q(participants__user=user))
        .select_related("agreement", "agreement__mentor")
        .distinct()
        .order_by("starts_at", "pk")
    )
    url = _url()
    return [_event(session, url=url) for session in sessions]


def cancelled_session_calendar(session: MentoringSession) -> bytes:
    """The cancelled session as a calendar file (METHOD:CANCEL, STATUS:CANCELLED, its raised
    SEQUENCE), attached to the email that says so: a calendar app holding the event from the feed
    drops or crosses out its copy."""
    calendar = new_calendar(method="CANCEL")
    calendar.add_component(add_organizer(_event(session, url=_url())))
    return to_ical(calendar)
