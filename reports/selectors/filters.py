"""The report's period and filters, and the reference data its form offers and its rows are named by."""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from courses.models import Municipality, Offering, Region, Sector
from courses.selectors import KINDS
from home.translation import current_language

# Programme kinds beyond the four kinds of offering.
GROUPS = "groups"
MENTORING = "mentoring"
# Longest period a report covers: 120 months is already a long table.
MAX_PERIOD_DAYS = 3660


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date
    date_to: dt.date
    # "introduction", "basic", "advanced", "mindme", GROUPS or MENTORING; empty for all.
    kind: str = ""
    offering: int | None = None
    language: str = ""
    # Where the training took place (the offering's, group's or agreement's region).
    held_in: int | None = None
    # Where the participants come from: their profile.
    region: int | None = None
    municipality: int | None = None
    sector: int | None = None

    @property
    def courses(self) -> bool:
        return self.kind not in (GROUPS, MENTORING)

    @property
    def groups(self) -> bool:
        # A group is no offering and has no language of instruction: those filters leave groups out.
        return self.kind in ("", GROUPS) and not self.offering and not self.language

    @property
    def mentoring(self) -> bool:
        return self.kind in ("", MENTORING) and not self.offering and not self.language

    @property
    def narrows_people(self) -> bool:
        return bool(self.region or self.municipality or self.sector)

    @staticmethod
    def moment(day: dt.date) -> dt.datetime:
        """A day's first moment in Finnish time, for the facts that are moments (meetings, …)."""
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    @property
    def start(self) -> dt.datetime:
        return self.moment(self.date_from)

    @property
    def end(self) -> dt.datetime:
        """The moment after the period's last day."""
        return self.moment(self.date_to + dt.timedelta(days=1))


def this_year(today: dt.date | None = None) -> ReportFilters:
    today = today or timezone.localdate()
    return ReportFilters(date_from=today.replace(month=1, day=1), date_to=today.replace(month=12, day=31))


class OfferingChoice(NamedTuple):
    pk: int
    title: str  # in the active language
    starts_on: dt.date | None
    ends_on: dt.date | None
    content_type: int

    def runs_in(self, date_from: dt.date, date_to: dt.date) -> bool:
        return bool(self.starts_on and self.starts_on <= date_to and self.ends_on >= date_from)


@dataclass(frozen=True)
class ReferenceData:
    """What the filters offer and the rows are named by, read once per page."""

    regions: list
    municipalities: list
    sectors: list
    offerings: list[OfferingChoice]  # newest first


def reference_data() -> ReferenceData:
    language = current_language()
    offerings = [
        OfferingChoice(pk, (language == "sv" and title_sv) or (language == "en" and title_en) or title, *rest)
        for pk, title, title_sv, title_en, *rest in Offering.objects.order_by(
            F("starts_on").desc(nulls_last=True), "title", "pk"
        ).values_list("pk", "title", "title_sv", "title_en", "starts_on", "ends_on", "content_type_id")
    ]
    return ReferenceData(
        regions=sorted(Region.objects.all(), key=lambda region: region.name),
        municipalities=sorted(Municipality.objects.select_related("region"), key=lambda place: place.name),
        sectors=list(Sector.objects.all()),
        offerings=offerings,
    )


def kind_of_content_type(content_type_id: int) -> str:
    """The offering kind ("basic", …) of a page's content type."""
    for key, model in KINDS.items():
        if ContentType.objects.get_for_model(model).pk == content_type_id:
            return key
    return ""


def months_of(filters: ReportFilters) -> list[dt.date]:
    month, last = filters.date_from.replace(day=1), filters.date_to.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months
