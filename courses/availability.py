"""Whether a person can enrol in an offering now, and how many places are left: the one answer that
an offering's card (catalogue, home page), its page, its enrol button and the enrolment rules
(`enrolment.services.check_can_enrol`) all read, so none of them says "4 places left" beside
"Enrolment has closed".
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

OPEN = "open"
NOT_YET = "not_yet"  # the enrolment window has not opened
CLOSED = "closed"  # the enrolment window has closed
STARTED = "started"  # the first session's day has passed
ENDED = "ended"  # the last session's day has passed


@dataclass(frozen=True)
class Availability:
    state: str
    # Capacity less the confirmed places (None where nobody counted them: the enrolment rules).
    places_left: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def full(self) -> bool:
        """Open, and whoever enrols now joins the waiting list."""
        return self.is_open and self.places_left == 0


def availability(
    *,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    places_left: int | None = None,
    now: dt.datetime | None = None,
) -> Availability:
    """Enrolment is open inside its window (either end may be empty) until the first session's day
    has passed. Plain values, so that a list can decide from the rows it reads (courses.selectors)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if ends_on and ends_on < today:
        state = ENDED
    elif starts_on and starts_on < today:
        state = STARTED
    elif opens_at and now < opens_at:
        state = NOT_YET
    elif closes_at and now >= closes_at:
        state = CLOSED
    else:
        state = OPEN
    return Availability(state, places_left, opens_at, closes_at)
