"""The facts the report counts, one queryset each, and the statements that count them.

Each kind of fact (a confirmed place, a completion, an attendance mark, a certificate, a group
membership, a meeting attended, a part taken in a mentoring session) is a queryset that gives the
person, the month the fact falls in and what is counted of it. The person's home (their profile's
region, municipality and sector) is not joined here but once per person by grouping.py.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.db.models.lookups import LessThan

from accounts.models import Profile
from attendance.models import Attendance
from certificates.models import Certificate
from courses.models import InstructionLanguage
from courses.selectors import KINDS
from developer_groups.models import MeetingAttendance, Membership
from enrolment.models import Enrolment
from mentoring.models import MentoringSession

from .filters import ReportFilters, months_of
from .grouping import q, sql

# Facilitators run a group (like a course's trainers); the members and contact persons take part.
TAKING_PART = (Membership.Role.MEMBER, Membership.Role.CONTACT)
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


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


def statements(filters: ReportFilters) -> list[Statement]:
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


def homes(filters: ReportFilters) -> QuerySet:
    """Where each person comes from, by their profile (None where it does not say), narrowed to the
    participants' filters. Joined to the facts by the statement, not in each fact's queryset: the
    facts are many and the people few, and the profile is then read once per person (or person
    and month), not once per attendance mark."""
    profiles = Profile.objects.order_by()
    if filters.region:
        profiles = profiles.filter(municipality__region=filters.region)
    if filters.municipality:
        profiles = profiles.filter(municipality=filters.municipality)
    if filters.sector:
        profiles = profiles.filter(sector=filters.sector)
    return profiles.values(
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
    """Valid certificates and attestations first issued in the period; a revoked or replaced one
    does not count, and its reissue counts when the original was issued (first_issued_at), so a
    corrected name does not move a certificate from one month's figures to another's."""
    of_kind = (
        (Q(kind=Certificate.Kind.COURSE) & _offering(filters, "enrolment__offering"))
        | (Q(kind=Certificate.Kind.GROUP) & _group(filters, "membership__group"))
        | (Q(kind=Certificate.Kind.MENTORING) & _agreement(filters, "mentee__agreement"))
    )
    return (
        Certificate.objects.filter(status=Certificate.Status.VALID, first_issued_at__gte=filters.start)
        .filter(first_issued_at__lt=filters.end)
        .filter(of_kind)
        .order_by()
        .values(person=F("subject"), month=month_of("first_issued_at", filters, moment=True), n=Value(1))
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
    names = ", ".join(q(column) for column in ("person", "month", "n"))
    for number, queryset in enumerate(parts):
        part_sql, part_params = sql(queryset)
        # Only quoted names of our own are written into the SQL; every value stays a parameter.
        selects.append(f"SELECT {names} FROM ({part_sql}) {q(f'part{number}')}")  # noqa: S608
        params.extend(part_params)
    return " UNION ALL ".join(selects), tuple(params)
