"""How the site writes a date or a time, in the active language: the one place for pages, emails
and Python alike. Each language's patterns are Django's formats in `lms/formats/<lang>/`; these
functions put them together, so a session, a deadline or a range reads the same everywhere.

    fi  12.3.2026   to 12.3.2026       12.3.2026 klo 9.00    to 12.3.2026 klo 9.00–12.00
    sv  12.3.2026   tors 12.3.2026     12.3.2026 kl. 9.00    tors 12.3.2026 kl. 9.00–12.00
    en  12 Mar 2026 Thu 12 Mar 2026    12 Mar 2026, 9:00     Thu 12 Mar 2026, 9:00–12:00

Templates have them as filters without `{% load %}` (a builtin library, lms.settings.base):
`{{ session.date|weekday_date }}`, `{{ session|when }}`, `{{ offering.cancellation_deadline|deadline }}`,
`{{ first|date_range:last }}`. Python calls the functions: `dates.when(session)`.
"""

import datetime as dt

from django import template
from django.utils import dateformat, formats, timezone

register = template.Library()


def _local(value):
    """Aware datetimes in Finnish time (stored in UTC); dates and naive times as they are."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def short_date(value) -> str:
    """12.3.2026, 12 Mar 2026."""
    if value in (None, ""):
        return ""
    return formats.date_format(_local(value), "SHORT_DATE_FORMAT")


@register.filter
def weekday_date(value) -> str:
    """to 12.3.2026, tors 12.3.2026, Thu 12 Mar 2026: the weekday as each language abbreviates it
    in running text (lower case in Finnish and Swedish)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{dateformat.format(value, 'D')} {short_date(value)}"


@register.filter
def short_time(value) -> str:
    """9.00, 9:00."""
    if value in (None, ""):
        return ""
    return formats.time_format(_local(value), "TIME_FORMAT")


@register.filter
def short_datetime(value) -> str:
    """12.3.2026 klo 9.00, 12.3.2026 kl. 9.00, 12 Mar 2026, 9:00."""
    if value in (None, ""):
        return ""
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")


@register.filter
def deadline(value) -> str:
    """A deadline as its last moment. One that ends a day is stored as the next midnight (the first
    moment that is too late), which would read as the wrong day ("15.1.2027 klo 0.00"): it is
    written as the day's last minute instead, 14.1.2027 klo 23.59. Any other moment as it is."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if value.time() == dt.time.min:
        value -= dt.timedelta(minutes=1)
    return short_datetime(value)


@register.filter
def date_range(first, last) -> str:
    """12.3.2026–14.3.2026; one date when both are the same day; "" without a first date."""
    if not first:
        return ""
    if not last or last == first:
        return short_date(first)
    return f"{short_date(first)}–{short_date(last)}"


def span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """to 12.3.2026 klo 9.00–12.00, tors 12.3.2026 kl. 9.00–12.00, Thu 12 Mar 2026, 9:00–12:00."""
    starts_at = _local(starts_at)
    return f"{dateformat.format(starts_at, 'D')} {short_datetime(starts_at)}–{short_time(ends_at)}"


@register.filter
def when(event) -> str:
    """The day and times of a course's session (a date, a start and an end time), or of anything
    with a start and an end (a developer group's meeting, a mentoring session)."""
    starts_at, ends_at = event.starts_at, event.ends_at
    if isinstance(starts_at, dt.time):
        starts_at, ends_at = dt.datetime.combine(event.date, starts_at), dt.datetime.combine(event.date, ends_at)
    return span(starts_at, ends_at)
