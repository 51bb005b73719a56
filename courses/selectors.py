"""Reads for the public pages: each returns what its page shows in a fixed number of queries."""

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from enrolment.models import Enrolment

from .availability import availability
from .models import (
    AdvancedCoursePage,
    BasicCoursePage,
    InstructionLanguage,
    IntroductionSessionPage,
    Offering,
    Region,
    Sector,
    Session,
    WorkshopSeriesPage,
)

logger = logging.getLogger(__name__)

KINDS = {
    model.kind_key: model
    for model in (IntroductionSessionPage, BasicCoursePage, AdvancedCoursePage, WorkshopSeriesPage)
}


def _confirmed_count():
    confirmed = (
        Enrolment.objects.filter(offering=OuterRef("pk"), status=Enrolment.Status.CONFIRMED)
        .order_by()
        .values("offering")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))


def with_places(queryset: QuerySet) -> QuerySet:
    """Places left (never below zero), as an annotation."""
    return queryset.annotate(places_left=Greatest(F("capacity") - _confirmed_count(), Value(0)))


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str = ""
    region: str = ""
    language: str = ""
    month: dt.date | None = None
    audience: str = ""
    query: str = ""
    past: bool = False


def catalogue_offerings(catalogue, filters: CatalogueFilters, *, today: dt.date | None = None) -> QuerySet:
    """Live offerings under the catalogue page, filtered and ordered, not yet annotated.

    Upcoming offerings (a session today or later) come soonest first; past ones newest first.
    Page through `.values_list("pk", flat=True)` and pass a page to `listing()`: annotating only
    the offerings shown keeps the cost flat as the programme grows.
    """
    today = today or timezone.localdate()
    # Offerings live only under the one catalogue (its max_count and their parent_page_types), so
    # no tree filter is needed: a path LIKE scans every page on SQLite.
    offerings = Offering.objects.live().public()
    if filters.kind in KINDS:
        offerings = offerings.filter(content_type=ContentType.objects.get_for_model(KINDS[filters.kind]))
    if filters.region:
        offerings = offerings.filter(region__slug=filters.region)
    if filters.language:
        # A bilingual offering is taught in both of its languages.
        languages = [filters.language, *([InstructionLanguage.BILINGUAL] if filters.language in ("fi", "sv") else [])]
        offerings = offerings.filter(language__in=languages)
    if filters.audience:
        offerings = offerings.filter(
            Exists(Offering.audiences.through.objects.filter(offering=OuterRef("pk"), sector__slug=filters.audience))
        )
    if filters.month:
        next_month = (filters.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        offerings = offerings.filter(
            Exists(Session.objects.filter(offering=OuterRef("pk"), date__gte=filters.month, date__lt=next_month))
        )
    if filters.query:
        offerings = offerings.filter(pk__in=search_matches(filters.query))
    if filters.past:
        return offerings.filter(ends_on__lt=today).order_by("-starts_on", "pk")
    return offerings.filter(ends_on__gte=today).order_by("starts_on", "pk")


def search_terms(query: str) -> str:
    """The words of a visitor's query: quotes and operators mean something to the full-text engines."""
    return " ".join(re.findall(r"\w+", query))[:100]


def search_matches(query: str) -> list[int]:
    terms = search_terms(query)
    if not terms:
        return []
    try:
        # A savepoint: on PostgreSQL a failed query would otherwise spoil the request's transaction.
        with transaction.atomic():
            return [page.pk for page in Offering.objects.live().public().search(terms, operator="and")]
    except DatabaseError:
        logger.warning("Search failed for %r", terms, exc_info=True)
        return []


def upcoming_months(*, today: dt.date | None = None) -> list[dt.date]:
    today = today or timezone.localdate()
    # Distinct days, folded into months here: truncating in SQL runs a Python function per row on SQLite.
    days = (
        Session.objects.filter(date__gte=today, offering__in=Offering.objects.live().public())
        .order_by()
        .values_list("date", flat=True)
        .distinct()
    )
    return sorted({day.replace(day=1) for day in days})


FILTER_CHOICES_KEY = "catalogue-filter-choices"


def filter_choices(*, today: dt.date | None = None) -> dict:
    """Regions, audiences and months with sessions for the catalogue's filters.

    Cached: they change only when an offering is published or reference data is edited, and
    courses.signals clears the cache then.
    """
    today = today or timezone.localdate()
    key = f"{FILTER_CHOICES_KEY}:{today.isoformat()}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "regions": list(Region.objects.all()),
            "audiences": list(Sector.objects.all()),
            "months": upcoming_months(today=today),
        }
        cache.set(key, choices, 60 * 60)
    return choices


def clear_filter_choices():
    cache.delete(f"{FILTER_CHOICES_KEY}:{timezone.localdate().isoformat()}")


def confirmed_count(offering: Offering) -> int:
    return Enrolment.objects.filter(offering=offering, status=Enrolment.Status.CONFIRMED).count()


def offering_detail(page: Offering) -> Offering:
    """The offering with its sessions, trainers, places and reference data, for its own page."""
    return (
        with_places(Offering.objects.filter(pk=page.pk))
        .select_related("region", "municipality", "organiser", "partner")
        .prefetch_related("sessions", "trainers", "audiences")
        .get()
    )


LISTING_FIELDS = (
    "pk",
    "url_path",
    "live_revision_id",
    "capacity",
    "session_count",
    "region_id",
    "municipality_id",
    # What availability is decided on.
    "enrolment_opens",
    "enrolment_closes",
    "starts_on",
    "ends_on",
)


def listing(ids) -> list[dict]:
    """What a list shows of these offerings, in this order: a row each with its places left and
    its `availability` (courses.availability), decided once here for the card and its cache key.

    Plain rows, not pages: a card is rendered from the cache whenever its row is unchanged
    (courses.cards), and building Wagtail page objects costs more than the query.
    """
    ids = list(ids)
    rows = {row["pk"]: row for row in Offering.objects.filter(pk__in=ids).values(*LISTING_FIELDS)}
    confirmed = dict(
        Enrolment.objects.filter(offering_id__in=ids, status=Enrolment.Status.CONFIRMED)
        .order_by()
        .values("offering_id")
        .annotate(n=Count("pk"))
        .values_list("offering_id", "n")
    )
    now = timezone.now()
    for pk, row in rows.items():
        row["places_left"] = max(row["capacity"] - confirmed.get(pk, 0), 0)
        row["availability"] = availability(
            opens_at=row["enrolment_opens"],
            closes_at=row["enrolment_closes"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            places_left=row["places_left"],
            now=now,
        )
    return [rows[pk] for pk in ids if pk in rows]


def upcoming_offerings(catalogue, *, limit: int, today: dt.date | None = None) -> list[Offering]:
    upcoming = catalogue_offerings(catalogue, CatalogueFilters(), today=today)
    return listing(upcoming.values_list("pk", flat=True)[:limit])
