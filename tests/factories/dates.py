import datetime as dt

from django.utils import timezone


def at(days: int, hour: int = 13) -> dt.datetime:
    """Today + `days` at `hour` o'clock, local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
