"""The figures of a report, in the rows of its tables: counted by the statements of facts.py."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .facts import homes, statements
from .filters import ReferenceData, ReportFilters, months_of
from .grouping import grouped


@dataclass
class Row:
    """The figures of one row of a table (a region, a month, …) or of the whole report."""

    label: str = ""
    participants: int = 0
    enrolments: int = 0
    marked: int = 0
    attended: int = 0
    completions: int = 0
    certificates: int = 0
    group_members: int = 0
    group_meetings: int = 0
    mentoring_minutes: int = 0
    # The "not given" row of people whose profile does not say.
    not_given: bool = False

    @property
    def attendance_rate(self) -> Decimal | None:
        """Present or late, of the marks given, in per cent with one decimal; None without marks."""
        if not self.marked:
            return None
        return (Decimal(self.attended * 100) / self.marked).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def mentoring_hours(self) -> Decimal:
        return (Decimal(self.mentoring_minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def figures(self) -> list:
        return [getattr(self, name) for name, _label in COLUMNS]

    def named_figures(self) -> list[tuple[str, str, object]]:
        """(name, label, value) in the order of the tables, for templates."""
        return [(name, label, getattr(self, name)) for name, label in COLUMNS]


# The figures in the order of the tables and the exports.
COLUMNS = [
    ("participants", gettext_lazy("Participants")),
    ("enrolments", gettext_lazy("Enrolments")),
    ("attendance_rate", gettext_lazy("Attendance rate (%)")),
    ("completions", gettext_lazy("Completions")),
    ("certificates", gettext_lazy("Certificates")),
    ("group_members", gettext_lazy("Developer-group members")),
    ("group_meetings", gettext_lazy("Developer-group meetings")),
    ("mentoring_hours", gettext_lazy("Mentoring hours")),
]


@dataclass
class Breakdown:
    name: str  # "region", "municipality", "sector", "month"
    title: str
    heading: str  # the first column's heading
    rows: list[Row]
    total: Row


@dataclass
class Report:
    filters: ReportFilters
    total: Row
    breakdowns: list[Breakdown] = field(default_factory=list)


def report(filters: ReportFilters, reference: ReferenceData) -> Report:
    cells: dict[tuple[str, object], Row] = defaultdict(Row)
    people = homes(filters)
    for statement in statements(filters):
        for name, place, month, *values in grouped(statement, people, only_these_homes=filters.narrows_people):
            row = cells[(name, _month(month) if name == "month" else place)]
            for measure, value in zip(statement.measures, values, strict=True):
                # Counts and minutes, whole numbers (PostgreSQL sums bigints as numeric).
                setattr(row, measure, int(value or 0))
    total = cells.get(("total", None), Row())
    total.label = _("Total")
    places = [
        ("region", _("By region"), _("Region"), {region.pk: region.name for region in reference.regions}),
        (
            "municipality",
            _("By municipality"),
            _("Municipality"),
            {place.pk: place.name for place in reference.municipalities},
        ),
        ("sector", _("By sector"), _("Sector"), {sector.pk: sector.name for sector in reference.sectors}),
    ]
    breakdowns = [
        Breakdown(name, title, heading, _place_rows(cells, name, names), total)
        for name, title, heading, names in places
    ]
    breakdowns.append(Breakdown("month", _("By month"), _("Month"), _month_rows(cells, filters), total))
    return Report(filters=filters, total=total, breakdowns=breakdowns)


def _place_rows(cells, name: str, names: dict) -> list[Row]:
    """Rows in the order of `names` (alphabetical; sectors in their own order), then "not given"."""
    order = {pk: position for position, pk in enumerate(names)}
    keys = sorted((key for kind, key in cells if kind == name and key is not None), key=lambda key: order.get(key, -1))
    rows = []
    for key in keys:
        rows.append(cells[(name, key)])
        # A place added since the names were read is still counted, under its number.
        rows[-1].label = names.get(key, str(key))
    if (name, None) in cells:
        rows.append(cells[(name, None)])
        rows[-1].label = _("Not given")
        rows[-1].not_given = True
    return rows


def _month_rows(cells, filters: ReportFilters) -> list[Row]:
    """Every month of the period, those without any figure too: a chart over time needs its gaps."""
    rows = []
    for month in months_of(filters):
        row = cells.get(("month", month)) or Row()
        row.label = formats.date_format(month, "YEAR_MONTH_FORMAT").capitalize()
        rows.append(row)
    return rows


def _month(value) -> dt.date:
    """A month as the database gave it back: a date, a datetime (PostgreSQL truncating a moment) or
    an ISO string (SQLite, whose dates are text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
