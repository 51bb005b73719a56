"""The funder's figures: what the programme achieved in a period, in total and by the participants'
region, municipality and sector and by month. What each figure counts is in docs/decisions.md
("Reports") and on the page itself.

The database counts everything. Each kind of fact (a confirmed enrolment, a completion, an
attendance mark, a certificate, a developer-group membership, a meeting attended, a part taken in a
mentoring session) is a queryset the ORM filters and joins, giving their home as the person's
profile states it, the month the fact falls in and what is counted (a number, a person, a meeting). One statement per fact then groups it five ways
at once: in total, by region, municipality, sector and month. SQLite has no GROUPING SETS, so the
statement is five GROUP BYs joined by UNION ALL over the fact as a common table expression. The
queryset's own SQL and parameters are embedded, so joins and conditions stay the ORM's and come out
alike on SQLite and PostgreSQL. Eight statements and four small reads of
reference data, whatever the filters and however much data there is.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.db.models.lookups import LessThan
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Profile
from attendance.models import Attendance
from certificates.models import Certificate
from courses.models import InstructionLanguage, Municipality, Offering, Region, Sector
from courses.selectors import KINDS
from developer_groups.models import MeetingAttendance, Membership
from enrolment.models import Enrolment
from home.translation import current_language
from mentoring.models import MentoringSession

# Programme kinds beyond the four kinds of offering.
GROUPS = "groups"
MENTORING = "mentoring"
# Facilitators run a group (like a course's trainers); the members and contact persons take part.
TAKING_PART = (Membership.Role.MEMBER, Membership.Role.CONTACT)
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
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


# Figures


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
MEASURES = {item.name for item in fields(Row)} - {"label", "not_given"}


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
    for statement in _statements(filters):
        for name, place, month, *values in _grouped(statement, filters):
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


def months_of(filters: ReportFilters) -> list[dt.date]:
    month, last = filters.date_from.replace(day=1), filters.date_to.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


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


# The facts, one queryset each


@dataclass(frozen=True)
class Statement:
    """One kind of fact and what is counted of it.

    `facts` gives `person` and `month` and the columns the measures read. `measures`: each figure as
    an SQL aggregate over the columns named in braces. `sums`: columns that only add up, summed per
    home and month before the five groupings. `distinct`: columns of which each row keeps one fact
    per distinct value, so that a mentoring session with three people from Pori counts its hours
    once in Pori's row.
    """

    facts: object
    measures: dict
    sums: tuple = ()
    distinct: tuple = ()
    # For measures that count people: the same measures over one row per person (a person has one
    # home), which the total and the places read instead of a row per person and month.
    per_person: dict | None = None

    def __post_init__(self):
        # The figures are read back in the order of `measures`, whichever set a grouping used.
        assert self.per_person is None or list(self.per_person) == list(self.measures)  # noqa: S101


def _statements(filters: ReportFilters) -> list[Statement]:
    return [
        # Enrolments are read once, for the places and for the people who took part.
        Statement(
            _participants(filters),
            {"participants": "COUNT(DISTINCT {person})", "enrolments": "SUM({n})"},
            per_person={"participants": "COUNT(*)", "enrolments": "SUM({n})"},
        ),
        Statement(_completions(filters), {"completions": "SUM({n})"}, sums=("n",)),
        Statement(_attendance(filters), {"marked": "SUM({n})", "attended": "SUM({attended})"}, sums=("n", "attended")),
        Statement(_certificates(filters), {"certificates": "SUM({n})"}, sums=("n",)),
        Statement(
            _memberships(filters),
            {"group_members": "COUNT(DISTINCT {person})"},
            per_person={"group_members": "COUNT(*)"},
        ),
        Statement(_meetings(filters), {"group_meetings": "COUNT(DISTINCT {held_meeting})"}),
        Statement(_mentoring(filters), {"mentoring_minutes": "SUM({minutes})"}, distinct=("held_session", "minutes")),
    ]


NOTHING = Q(pk__isnull=True)  # a filter nothing passes: the statement runs, and counts nothing


def month_of(expression, filters: ReportFilters, *, moment: bool = False) -> Case:
    """The month of the period a date (or, with `moment`, a point in time) falls in, as its first day.

    A CASE comparing the value with the first day (or first moment, Finnish time) of the period's
    months, nested by halves: seven comparisons a row for ten years. A value before the period
    falls in its first month, which is where a course that began before the period is counted.
    Not TruncMonth: on SQLite it calls Python for every row (and converts each moment to Finnish
    time there), 0.8 s of 1.7 for 150,000 attendance marks; comparisons run natively on SQLite and
    PostgreSQL alike and give the same local month.
    """
    expression = F(expression) if isinstance(expression, str) else expression
    months = months_of(filters)
    starts = [filters.moment(month) if moment else month for month in months]

    def pick(first: int, last: int):
        if last - first == 1:
            return Value(months[first], output_field=DateField())
        middle = (first + last) // 2
        return Case(
            When(LessThan(expression, Value(starts[middle])), then=pick(first, middle)),
            default=pick(middle, last),
            output_field=DateField(),
        )

    return pick(0, len(months))


def _homes(filters: ReportFilters) -> QuerySet:
    """Where each person comes from, by their profile (None where it does not say), narrowed to the
    participants' filters. Joined to the facts once they are grouped by person: the facts are many
    and the people few, so a profile is read once per person, not once per attendance mark."""
    homes = Profile.objects.order_by()
    if filters.region:
        homes = homes.filter(municipality__region=filters.region)
    if filters.municipality:
        homes = homes.filter(municipality=filters.municipality)
    if filters.sector:
        homes = homes.filter(sector=filters.sector)
    return homes.values(
        person=F("user"),
        home_region=F("municipality__region"),
        home_municipality=F("municipality"),
        home_sector=F("sector"),
    )


def _offering(filters: ReportFilters, offering: str) -> Q:
    if not filters.courses:
        return NOTHING
    q = Q()
    if filters.kind:
        q &= Q(**{f"{offering}__content_type": ContentType.objects.get_for_model(KINDS[filters.kind])})
    if filters.offering:
        q &= Q(**{offering: filters.offering})
    if filters.language:
        # A bilingual offering is taught in both of its languages, as in the catalogue.
        bilingual = [InstructionLanguage.BILINGUAL] if filters.language in ("fi", "sv") else []
        q &= Q(**{f"{offering}__language__in": [filters.language, *bilingual]})
    if filters.held_in:
        q &= Q(**{f"{offering}__region": filters.held_in})
    return q


def _group(filters: ReportFilters, group: str) -> Q:
    if not filters.groups:
        return NOTHING
    return Q(**{f"{group}__municipality__region": filters.held_in}) if filters.held_in else Q()


def _agreement(filters: ReportFilters, agreement: str) -> Q:
    if not filters.mentoring:
        return NOTHING
    return Q(**{f"{agreement}__municipality__region": filters.held_in}) if filters.held_in else Q()


def _confirmed_enrolments(filters: ReportFilters) -> QuerySet:
    """Confirmed enrolments on offerings that run in the period (first session on or before its
    end, last on or after its start), published or not."""
    return (
        Enrolment.objects.filter(
            status=Enrolment.Status.CONFIRMED,
            offering__starts_on__lte=filters.date_to,
            offering__ends_on__gte=filters.date_from,
        )
        .filter(_offering(filters, "offering"))
        .order_by()
    )


def _enrolments(filters: ReportFilters) -> QuerySet:
    """A row per confirmed place (`n` 1), in the month the offering starts, or the period's first
    month when it started before. Not grouped here: the statement groups them per person anyway."""
    return _confirmed_enrolments(filters).values(
        person=F("user"), month=month_of("offering__starts_on", filters), n=Value(1)
    )


def _completions(filters: ReportFilters) -> QuerySet:
    # A completion falls when the course ends.
    return (
        _confirmed_enrolments(filters)
        .filter(completed=True, offering__ends_on__lte=filters.date_to)
        .values(person=F("user"), month=month_of("offering__ends_on", filters), n=Value(1))
    )


def _attendance(filters: ReportFilters) -> QuerySet:
    return (
        Attendance.objects.filter(
            enrolment__status=Enrolment.Status.CONFIRMED,
            session__date__gte=filters.date_from,
            session__date__lte=filters.date_to,
        )
        .filter(_offering(filters, "session__offering"))
        .order_by()
        .values(person=F("enrolment__user"), month=month_of("session__date", filters))
        # Grouped per person here: 150,000 marks become 50,000 rows before they meet the homes.
        .annotate(n=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    )


def _certificates(filters: ReportFilters) -> QuerySet:
    """Valid certificates and attestations issued in the period; a revoked or replaced one does not
    count (its reissue does, when it was issued)."""
    of_kind = (
        (Q(kind=Certificate.Kind.COURSE) & _offering(filters, "enrolment__offering"))
        | (Q(kind=Certificate.Kind.GROUP) & _group(filters, "membership__group"))
        | (Q(kind=Certificate.Kind.MENTORING) & _agreement(filters, "mentee__agreement"))
    )
    return (
        Certificate.objects.filter(status=Certificate.Status.VALID, issued_at__gte=filters.start)
        .filter(issued_at__lt=filters.end)
        .filter(of_kind)
        .order_by()
        .values(person=F("subject"), month=month_of("issued_at", filters, moment=True), n=Value(1))
    )


def _memberships(filters: ReportFilters) -> QuerySet:
    """Members and contact persons of a group that runs in the period, while they belonged to it;
    in the first month of the period in which they were a member of the running group. (`n`, no
    places on a course, lets the rows join those of the enrolments.)"""
    return (
        Membership.objects.filter(
            role__in=TAKING_PART,
            joined_on__lte=filters.date_to,
            group__starts_on__lte=filters.date_to,
            group__ends_on__gte=filters.date_from,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=filters.date_from))
        .filter(_group(filters, "group"))
        .order_by()
        .values(person=F("user"), month=month_of(Greatest("joined_on", "group__starts_on"), filters))
        .distinct()
        .annotate(n=Value(0))
    )


def _meetings(filters: ReportFilters) -> QuerySet:
    """A member marked present or late at a meeting in the period: a meeting nobody was marked at is
    not known to have been held."""
    return (
        MeetingAttendance.objects.filter(
            status__in=ATTENDED,
            membership__role__in=TAKING_PART,
            meeting__starts_at__gte=filters.start,
            meeting__starts_at__lt=filters.end,
        )
        .filter(_group(filters, "meeting__group"))
        .order_by()
        .values(
            held_meeting=F("meeting"),
            person=F("membership__user"),
            month=month_of("meeting__starts_at", filters, moment=True),
        )
        .distinct()
    )


def _mentoring(filters: ReportFilters, *, people: bool = False) -> QuerySet:
    """A mentee's part in a delivered session (one with its duration logged) in the period."""
    taking_part = MentoringSession.participants.through
    parts = (
        taking_part.objects.filter(
            mentoringsession__duration_minutes__isnull=False,
            mentoringsession__starts_at__gte=filters.start,
            mentoringsession__starts_at__lt=filters.end,
        )
        .filter(_agreement(filters, "mentoringsession__agreement"))
        .order_by()
    )
    columns = {"person": F("mentee__user"), "month": month_of("mentoringsession__starts_at", filters, moment=True)}
    if people:
        return parts.values(**columns).distinct().annotate(n=Value(0))
    return parts.values(
        held_session=F("mentoringsession"), minutes=F("mentoringsession__duration_minutes"), **columns
    ).distinct()


def _participants(filters: ReportFilters) -> tuple[str, tuple]:
    """Everyone who took part in anything: a confirmed place on a course (with `n`, their number of
    places that month), a group membership, a mentoring session; a row per person, month and kind
    of fact, each person counted once by COUNT(DISTINCT)."""
    parts = [_enrolments(filters), _memberships(filters), _mentoring(filters, people=True)]
    selects, params = [], []
    names = ", ".join(_q(column) for column in ("person", "month", "n"))
    for number, queryset in enumerate(parts):
        sql, part_params = _sql(queryset)
        # Only quoted names of our own are written into the SQL; every value stays a parameter.
        selects.append(f"SELECT {names} FROM ({sql}) {_q(f'part{number}')}")  # noqa: S608
        params.extend(part_params)
    return " UNION ALL ".join(selects), tuple(params)


# Grouping

HOME = ("home_region", "home_municipality", "home_sector")
# (breakdown, the column it groups by)
GROUPINGS = [
    ("total", None),
    ("region", "home_region"),
    ("municipality", "home_municipality"),
    ("sector", "home_sector"),
    ("month", "month"),
]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _sql(facts) -> tuple[str, tuple]:
    if isinstance(facts, tuple):
        return facts
    sql, params = facts.query.get_compiler(using=facts.db).as_sql()
    return sql, tuple(params)


def _grouped(statement: Statement, filters: ReportFilters) -> list[tuple]:
    """(breakdown, place id or None, month or None, *measures) for each grouping of the facts.

    The facts are joined to the people's homes: on the left, keeping those without a profile for
    the "not given" rows, unless a participants' filter leaves only the people who pass it. The SQL
    is written from quoted names of our own and the querysets' own SQL; every value (dates, ids)
    stays a parameter. A place id of None is the "not given" row (and the total's).
    """
    facts_sql, facts_params = _sql(statement.facts)
    homes_sql, homes_params = _sql(_homes(filters))
    join = "INNER JOIN" if filters.region or filters.municipality or filters.sector else "LEFT OUTER JOIN"
    home = ", ".join(f"{_q('h')}.{_q(column)}" for column in HOME)
    if statement.sums:
        sums = ", ".join(f"SUM({_q('f')}.{_q(column)}) AS {_q(column)}" for column in statement.sums)
        select = f"{home}, {_q('f')}.{_q('month')}, {sums}"
        group_by = f" GROUP BY {home}, {_q('f')}.{_q('month')}"
    else:
        select, group_by = f"{_q('f')}.*, {home}", ""
    facts = (
        f"SELECT {select} FROM ({facts_sql}) {_q('f')} {join} ({homes_sql}) {_q('h')} "  # noqa: S608
        f"ON {_q('h')}.{_q('person')} = {_q('f')}.{_q('person')}{group_by}"
    )
    columns = {name: _q(name) for name in ("person", "n", "attended", "held_meeting", "minutes")}

    def aggregates(measures: dict) -> str:
        return ", ".join(f"{template.format(**columns)} AS {_q(name)}" for name, template in measures.items())

    tables = f"facts AS ({facts})"
    if statement.per_person:
        person = f"{_q('person')}, {', '.join(_q(column) for column in HOME)}"
        tables += f", people AS (SELECT {person}, SUM({_q('n')}) AS {_q('n')} FROM facts GROUP BY {person})"  # noqa: S608
    branches = []
    for name, column in GROUPINGS:
        source, measures = "facts", statement.measures
        if statement.per_person and name != "month":
            source, measures = "people", statement.per_person
        if statement.distinct:
            kept = ", ".join(_q(each) for each in (column, *statement.distinct) if each)
            source = f"(SELECT DISTINCT {kept} FROM facts) {_q('kept')}"  # noqa: S608
        # Typed NULLs: PostgreSQL takes a UNION column's type from its first rows.
        place = _q(column) if column and name != "month" else "CAST(NULL AS BIGINT)"
        month = _q(column) if name == "month" else "CAST(NULL AS DATE)"
        grouping = f" GROUP BY {_q(column)}" if column else ""
        branches.append(f"SELECT '{name}', {place}, {month}, {aggregates(measures)} FROM {source}{grouping}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {tables} {' UNION ALL '.join(branches)}", facts_params + homes_params)
        return cursor.fetchall()
