"""The funder's figures: what the programme achieved in a period, in total and by the participants'
region, municipality and sector and by month. What each figure counts is in docs/decisions.md
("Reports") and on the page itself.

The database counts everything. Each kind of fact (a confirmed enrolment, a completion, an
attendance mark, a certificate, a developer-group membership, a meeting attended, a part taken in a
mentoring session) is a queryset the ORM filters and joins, giving the person, their home as their
profile states it and the month the fact falls in. One statement per fact then groups it five ways
at once: in total, by region, municipality, sector and month. SQLite has no GROUPING SETS, so the
statement is five GROUP BYs joined by UNION ALL over the fact as a common table expression. The
queryset's own SQL and parameters are embedded, so joins, time zones and month truncation stay the
ORM's and come out alike on SQLite and PostgreSQL. Eight statements and four small reads of
reference data, whatever the filters and however much data there is.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

    @property
    def start(self) -> dt.datetime:
        """The period's first moment in local time, for the facts that are moments (meetings, …)."""
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The moment after the period's last day."""
        return timezone.make_aware(dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min))


def this_year(today: dt.date | None = None) -> ReportFilters:
    today = today or timezone.localdate()
    return ReportFilters(date_from=today.replace(month=1, day=1), date_to=today.replace(month=12, day=31))


@dataclass(frozen=True)
class ReferenceData:
    """What the filters offer and the rows are named by, read once per page."""

    regions: list
    municipalities: list
    sectors: list
    # (pk, title in the active language, first session's date, content type id), newest first.
    offerings: list


def reference_data() -> ReferenceData:
    language = current_language()
    offerings = [
        (pk, (language == "sv" and title_sv) or (language == "en" and title_en) or title, starts_on, content_type)
        for pk, title, title_sv, title_en, starts_on, content_type in Offering.objects.order_by(
            F("starts_on").desc(nulls_last=True), "title", "pk"
        ).values_list("pk", "title", "title_sv", "title_en", "starts_on", "content_type_id")
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
    for facts, measures, distinct in _statements(filters):
        for name, place, month, *values in _grouped(facts, measures, distinct=distinct):
            row = cells[(name, _month(month) if name == "month" else place)]
            for measure, value in zip(measures, values, strict=True):
                setattr(row, measure, value or 0)
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


def _statements(filters: ReportFilters):
    """(facts, {measure: SQL aggregate over the fact's columns}, columns to count once per row)."""
    yield _participants(filters), {"participants": "COUNT(DISTINCT {person})"}, ()
    yield _enrolments(filters), {"enrolments": "COUNT(*)"}, ()
    yield _completions(filters), {"completions": "COUNT(*)"}, ()
    yield _attendance(filters), {"marked": "COUNT(*)", "attended": "SUM({attended})"}, ()
    yield _certificates(filters), {"certificates": "COUNT(*)"}, ()
    yield _memberships(filters), {"group_members": "COUNT(DISTINCT {person})"}, ()
    yield _meetings(filters), {"group_meetings": "COUNT(DISTINCT {held_meeting})"}, ()
    # A session counts once in each row it has someone of, however many of them took part.
    yield _mentoring(filters), {"mentoring_minutes": "SUM({minutes})"}, ("held_session", "minutes")


NOTHING = Q(pk__isnull=True)  # a filter nothing passes: the statement runs, and counts nothing


def _columns(person: str, month, **measures) -> dict:
    """The columns every fact has: who, their home by their profile, and the month."""
    return {
        "person": F(person),
        "home_region": F(f"{person}__profile__municipality__region"),
        "home_municipality": F(f"{person}__profile__municipality"),
        "home_sector": F(f"{person}__profile__sector"),
        "month": month,
        **measures,
    }


def _home(filters: ReportFilters, person: str) -> Q:
    q = Q()
    if filters.region:
        q &= Q(**{f"{person}__profile__municipality__region": filters.region})
    if filters.municipality:
        q &= Q(**{f"{person}__profile__municipality": filters.municipality})
    if filters.sector:
        q &= Q(**{f"{person}__profile__sector": filters.sector})
    return q


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


def _period_value(day: dt.date) -> Value:
    return Value(day, output_field=DateField())


def _confirmed_enrolments(filters: ReportFilters) -> QuerySet:
    """Confirmed enrolments on offerings that run in the period (first session on or before its
    end, last on or after its start), published or not."""
    return (
        Enrolment.objects.filter(
            status=Enrolment.Status.CONFIRMED,
            offering__starts_on__lte=filters.date_to,
            offering__ends_on__gte=filters.date_from,
        )
        .filter(_offering(filters, "offering"), _home(filters, "user"))
        .order_by()
    )


def _enrolments(filters: ReportFilters) -> QuerySet:
    # In the month the offering starts, or the period's first month when it started before.
    month = TruncMonth(Greatest("offering__starts_on", _period_value(filters.date_from)), output_field=DateField())
    return _confirmed_enrolments(filters).values(**_columns("user", month))


def _completions(filters: ReportFilters) -> QuerySet:
    # A completion falls when the course ends.
    return (
        _confirmed_enrolments(filters)
        .filter(completed=True, offering__ends_on__lte=filters.date_to)
        .values(**_columns("user", TruncMonth("offering__ends_on")))
    )


def _attendance(filters: ReportFilters) -> QuerySet:
    attended = Case(When(status__in=ATTENDED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        Attendance.objects.filter(
            enrolment__status=Enrolment.Status.CONFIRMED,
            session__date__gte=filters.date_from,
            session__date__lte=filters.date_to,
        )
        .filter(_offering(filters, "session__offering"), _home(filters, "enrolment__user"))
        .order_by()
        .values(**_columns("enrolment__user", TruncMonth("session__date"), attended=attended))
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
        .filter(of_kind, _home(filters, "subject"))
        .order_by()
        .values(**_columns("subject", TruncMonth("issued_at", output_field=DateField())))
    )


def _active_memberships(filters: ReportFilters) -> QuerySet:
    """Members and contact persons of a group that runs in the period, while they belonged to it."""
    return (
        Membership.objects.filter(
            role__in=TAKING_PART,
            joined_on__lte=filters.date_to,
            group__starts_on__lte=filters.date_to,
            group__ends_on__gte=filters.date_from,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=filters.date_from))
        .filter(_group(filters, "group"), _home(filters, "user"))
        .order_by()
    )


def _memberships(filters: ReportFilters) -> QuerySet:
    # In the first month of the period in which they were a member of the running group.
    month = TruncMonth(
        Greatest("joined_on", "group__starts_on", _period_value(filters.date_from)), output_field=DateField()
    )
    return _active_memberships(filters).values(**_columns("user", month))


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
        .filter(_group(filters, "meeting__group"), _home(filters, "membership__user"))
        .order_by()
        .values(
            **_columns(
                "membership__user",
                TruncMonth("meeting__starts_at", output_field=DateField()),
                held_meeting=F("meeting"),
            )
        )
    )


def _mentoring(filters: ReportFilters) -> QuerySet:
    """A mentee's part in a delivered session (one with its duration logged) in the period."""
    taking_part = MentoringSession.participants.through
    return (
        taking_part.objects.filter(
            mentoringsession__duration_minutes__isnull=False,
            mentoringsession__starts_at__gte=filters.start,
            mentoringsession__starts_at__lt=filters.end,
        )
        .filter(_agreement(filters, "mentoringsession__agreement"), _home(filters, "mentee__user"))
        .order_by()
        .values(
            **_columns(
                "mentee__user",
                TruncMonth("mentoringsession__starts_at", output_field=DateField()),
                held_session=F("mentoringsession"),
                minutes=F("mentoringsession__duration_minutes"),
            )
        )
    )


def _participants(filters: ReportFilters):
    """Everyone who took part in anything: a confirmed place on a course, a group membership, a
    mentoring session. As SQL: a person is one row per fact, counted once by COUNT(DISTINCT)."""
    columns = ("person", "home_region", "home_municipality", "home_sector", "month")
    parts = [_enrolments(filters), _memberships(filters), _mentoring(filters)]
    selects, params = [], []
    for number, queryset in enumerate(parts):
        sql, part_params = _sql(queryset)
        # Only quoted names of our own are written into the SQL; every value stays a parameter.
        names = ", ".join(_q(column) for column in columns)
        selects.append(f"SELECT {names} FROM ({sql}) {_q(f'part{number}')}")  # noqa: S608
        params.extend(part_params)
    return " UNION ALL ".join(selects), tuple(params)


# Grouping

# (breakdown, the fact's column it groups by)
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


def _grouped(facts, measures: dict[str, str], *, distinct: tuple[str, ...] = ()) -> list[tuple]:
    """(breakdown, place id or None, month or None, *measures) for each grouping of the facts.

    The statement is written from the quoted names of the fact's columns and the queryset's own SQL;
    every value (dates, ids) stays a parameter. A place id of None is the "not given" row (and the
    total's). With `distinct`, each row first
    keeps one fact per distinct value of those columns, so that a mentoring session with three
    people from Pori counts its hours once in Pori's row.
    """
    sql, params = _sql(facts)
    columns = {name: _q(name) for name in ("person", "attended", "held_meeting", "minutes")}
    aggregates = ", ".join(f"{template.format(**columns)} AS {_q(name)}" for name, template in measures.items())
    branches = []
    for name, column in GROUPINGS:
        source = "facts"
        if distinct:
            kept = ", ".join(_q(each) for each in (column, *distinct) if each)
            source = f"(SELECT DISTINCT {kept} FROM facts) {_q('kept')}"  # noqa: S608
        # Typed NULLs: PostgreSQL takes a UNION column's type from its first rows.
        place = _q(column) if column and name != "month" else "CAST(NULL AS BIGINT)"
        month = _q(column) if name == "month" else "CAST(NULL AS DATE)"
        group_by = f" GROUP BY {_q(column)}" if column else ""
        branches.append(f"SELECT '{name}', {place}, {month}, {aggregates} FROM {source}{group_by}")  # noqa: S608
    statement = f"WITH facts AS ({sql}) {' UNION ALL '.join(branches)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
