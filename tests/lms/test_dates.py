"""How the site writes dates and times (lms.dates): one style per language, for pages, emails and
Python alike, and a deadline as its last moment."""

import datetime as dt

from django.template import Context, Template
from django.utils import timezone, translation

import pytest

from courses.models import Offering, Session
from lms import dates

# A new page asks the database for its locale.
pytestmark = pytest.mark.django_db

HELSINKI = timezone.get_default_timezone()
# A Tuesday afternoon.
SESSION = Session(date=dt.date(2026, 12, 8), starts_at=dt.time(12, 30), ends_at=dt.time(15, 30))


@pytest.fixture
def course():
    """Starts on 21 January 2027 with a week's free cancellation: until the end of 14 January."""
    return Offering(starts_on=dt.date(2027, 1, 21), cancellation_days=7)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            {
                "short_date": "8.12.2026",
                "weekday_date": "ti 8.12.2026",
                "short_time": "12.30",
                "short_datetime": "8.12.2026 klo 12.30",
                "when": "ti 8.12.2026 klo 12.30–15.30",
                "date_range": "8.12.2026–10.12.2026",
                "deadline": "14.1.2027 klo 23.59",
            },
        ),
        (
            "sv",
            {
                "short_date": "8.12.2026",
                "weekday_date": "tis 8.12.2026",
                "short_time": "12.30",
                "short_datetime": "8.12.2026 kl. 12.30",
                "when": "tis 8.12.2026 kl. 12.30–15.30",
                "date_range": "8.12.2026–10.12.2026",
                "deadline": "14.1.2027 kl. 23.59",
            },
        ),
        (
            "en",
            {
                "short_date": "8 Dec 2026",
                "weekday_date": "Tue 8 Dec 2026",
                "short_time": "12:30",
                "short_datetime": "8 Dec 2026, 12:30",
                "when": "Tue 8 Dec 2026, 12:30–15:30",
                "date_range": "8 Dec 2026–10 Dec 2026",
                "deadline": "14 Jan 2027, 23:59",
            },
        ),
    ],
)
def test_each_language_has_one_style_in_python_and_in_templates_alike(course, language, expected):
    day, starts_at = SESSION.date, dt.datetime.combine(SESSION.date, SESSION.starts_at, tzinfo=HELSINKI)
    template = Template(
        "{{ day|short_date }}|{{ day|weekday_date }}|{{ session.starts_at|short_time }}|{{ starts_at|short_datetime }}|"
        "{{ session|when }}|{{ day|date_range:last }}|{{ course.cancellation_deadline|deadline }}"
    )
    context = {"day": day, "starts_at": starts_at, "session": SESSION, "last": dt.date(2026, 12, 10), "course": course}

    with translation.override(language):
        written = {
            "short_date": dates.short_date(day),
            "weekday_date": dates.weekday_date(day),
            "short_time": dates.short_time(SESSION.starts_at),
            "short_datetime": dates.short_datetime(starts_at),
            "when": dates.when(SESSION),
            "date_range": dates.date_range(day, dt.date(2026, 12, 10)),
            "deadline": dates.deadline(course.cancellation_deadline),
        }
        rendered = template.render(Context(context))

    assert written == expected
    assert rendered == "|".join(expected.values())


def test_a_deadline_that_ends_a_day_is_written_as_that_days_last_minute_and_any_other_as_it_is(course):
    # Kept as the first moment that is too late: midnight after 14 January, stored in UTC.
    assert course.cancellation_deadline == dt.datetime(2027, 1, 15, tzinfo=HELSINKI)
    stored = course.cancellation_deadline.astimezone(dt.UTC)

    with translation.override("fi"):
        assert dates.deadline(stored) == "14.1.2027 klo 23.59"
        assert dates.short_datetime(stored) == "15.1.2027 klo 0.00"  # what the deadline used to say
        assert dates.deadline(dt.datetime(2027, 1, 14, 12, 0, tzinfo=HELSINKI)) == "14.1.2027 klo 12.00"
        assert dates.deadline(None) == ""


def test_times_stored_in_utc_are_written_in_finnish_time():
    late_evening_utc = dt.datetime(2026, 6, 30, 21, 30, tzinfo=dt.UTC)  # 1 July 0.30 in summer time

    with translation.override("sv"):
        assert dates.short_datetime(late_evening_utc) == "1.7.2026 kl. 0.30"
        assert dates.weekday_date(late_evening_utc) == "ons 1.7.2026"


def test_a_range_of_one_day_is_that_day_and_no_first_day_is_nothing():
    with translation.override("fi"):
        assert dates.date_range(dt.date(2026, 3, 12), dt.date(2026, 3, 12)) == "12.3.2026"
        assert dates.date_range(dt.date(2026, 3, 12), None) == "12.3.2026"
        assert dates.date_range(None, None) == ""


def test_a_meeting_with_a_start_and_an_end_is_written_as_a_session_is():
    class Meeting:
        starts_at = dt.datetime(2026, 12, 8, 10, 30, tzinfo=dt.UTC)  # 12.30 in Helsinki
        ends_at = dt.datetime(2026, 12, 8, 13, 30, tzinfo=dt.UTC)

    with translation.override("fi"):
        assert dates.when(Meeting()) == dates.when(SESSION) == "ti 8.12.2026 klo 12.30–15.30"
