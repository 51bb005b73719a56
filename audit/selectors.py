import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Entry

PAGE_SIZE = 50


@dataclass(frozen=True)
class EntryFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    action: str = ""
    actor: str = ""
    person: str = ""


def _matching_people(prefix: str, text: str) -> Q:
    """Every word of `text` in the first name, last name or email: "anna virta" finds Anna Virta."""
    query = Q()
    for word in text.split():
        query &= (
            Q(**{f"{prefix}__first_name__icontains": word})
            | Q(**{f"{prefix}__last_name__icontains": word})
            | Q(**{f"{prefix}__email__icontains": word})
        )
    return query


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entries(filters: EntryFilters) -> QuerySet[Entry]:
    """The log, newest first, with the people, training and group a page shows."""
    queryset = Entry.objects.select_related("actor", "subject", "offering", "group")
    if filters.date_from:
        queryset = queryset.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.actor.strip():
        queryset = queryset.filter(_matching_people("actor", filters.actor))
    if filters.person.strip():
        queryset = queryset.filter(_matching_people("subject", filters.person))
    return queryset.order_by("-at", "-pk")
