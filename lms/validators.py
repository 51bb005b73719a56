import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The dates a programme's records can have. Far outside them a date is a typo or a probe, and at
# the edges of what Python can hold (the year 1) a local time has no UTC to be stored in.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def validate_programme_date(value: dt.date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(_("Give a date between the years 2000 and 2099."), code="date_range")
