"""`make bench`, the reports: a programme of 10,000 people and 50,000 enrolments made with
bulk_create, the coordinators' report page timed on it (median of several loads) and its queries
counted at 1,000 and at 50,000 enrolments, where they must be the same.

Called from bench/run.py on its database, after the other measurements (the people and offerings
made here would change theirs). `python bench/report_bench.py` runs it alone on a fresh database.
"""

import datetime as dt
import random
import statistics
import time

PEOPLE = 10_000
ENROLMENTS = (1_000, 50_000)
PER_OFFERING = 125
LOADS = 7
TARGET_MS = 1000
# (kind's page model name, sessions) in turn: a programme's mix of one-day and many-day trainings.
KINDS = (("IntroductionSessionPage", 1), ("BasicCoursePage", 6), ("AdvancedCoursePage", 3), ("WorkshopSeriesPage", 4))
MARKS = ["present"] * 15 + ["late"] + ["excused"] * 2 + ["absent"] * 2


def year() -> int:
    """Last calendar year: every session has been held and marked."""
    from django.utils import timezone

    return timezone.localdate().year - 1


def make_people(rng) -> list[int]:
    """PEOPLE accounts with profiles; one in ten names no municipality, one in ten no sector."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from accounts.models import Profile
    from courses.models import Municipality, Sector

    User = get_user_model()
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    no_password = make_password(None)  # nobody logs in as them; one unusable value, no hashing
    people = User.objects.bulk_create(
        (
            User(
                username=f"raportti{n}@example.fi",
                email=f"raportti{n}@example.fi",
                first_name="Raportti",
                last_name=f"Henkilö {n}",
                password=no_password,
            )
            for n in range(PEOPLE)
        ),
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        (
            Profile(
                user=person,
                organisation="Kunta",
                municipality_id=None if rng.random() < 0.1 else rng.choice(municipalities),
                sector_id=None if rng.random() < 0.1 else rng.choice(sectors),
                feed_token=f"raportti-{person.pk}",
            )
            for person in people
        ),
        batch_size=2000,
    )
    return [person.pk for person in people]


def add_offerings(catalogue, count: int, start: int, rng) -> list:
    """`count` published offerings of the four kinds, spread over the year, with their sessions."""
    from courses import models
    from courses.models import Organisation, Region, Session

    regions = list(Region.objects.all())
    organiser = Organisation.objects.get(short_name="Vasso")
    first_day = dt.date(year(), 1, 1)
    offerings = []
    for n in range(start, start + count):
        model_name, sessions = KINDS[n % len(KINDS)]
        begins = first_day + dt.timedelta(days=rng.randrange(0, 365 - 7 * sessions))
        page = getattr(models, model_name)(
            title=f"Raporttikoulutus {n}",
            slug=f"raporttikoulutus-{n}",
            lead_fi="Raportin mittausaineistoa.",
            region=rng.choice(regions),
            organiser=organiser,
            capacity=PER_OFFERING,
            language=rng.choice(["fi", "fi", "sv", "fi-sv"]),
        )
        page.sessions = [
            Session(date=begins + dt.timedelta(days=7 * i), starts_at=dt.time(9), ends_at=dt.time(15), place="Pori")
            for i in range(sessions)
        ]
        catalogue.add_child(instance=page)
        offerings.append(page)
    return offerings


def enrol(offerings, people: list[int], rng) -> int:
    """PER_OFFERING enrolments an offering (most confirmed, some waiting, pending or cancelled),
    attendance marks at every session of the confirmed, and certificates for half of those who
    completed. Returns the number of enrolments made."""
    from django.utils import timezone

    from attendance.models import Attendance
    from certificates.models import Certificate
    from courses.models import Session
    from enrolment.models import Enrolment

    now = timezone.now()
    made = 0
    for offering in offerings:
        sessions = list(Session.objects.filter(offering_id=offering.pk).values_list("pk", flat=True))
        rows = []
        waiting = 0
        for person in rng.sample(people, PER_OFFERING):
            status = rng.choices(["confirmed", "waiting", "pending", "cancelled"], weights=[85, 5, 5, 5])[0]
            waiting += status == "waiting"
            rows.append(
                Enrolment(
                    offering_id=offering.pk,
                    user_id=person,
                    status=status,
                    position=waiting if status == "waiting" else None,
                    completed=status == "confirmed" and rng.random() < 0.7,
                )
            )
        enrolments = Enrolment.objects.bulk_create(rows)
        made += len(enrolments)
        confirmed = [enrolment for enrolment in enrolments if enrolment.status == "confirmed"]
        Attendance.objects.bulk_create(
            (
                Attendance(session_id=session, enrolment=enrolment, status=rng.choice(MARKS), marked_at=now)
                for enrolment in confirmed
                for session in sessions
            ),
            batch_size=2000,
        )
        issued_at = now.replace(year=year(), month=12, day=15)
        Certificate.objects.bulk_create(
            Certificate(
                subject_id=enrolment.user_id,
                enrolment=enrolment,
                number=f"R{enrolment.pk:011d}",
                code=f"RAPORTTI{enrolment.pk:08d}",
                data={},
                issued_at=issued_at,
                first_issued_at=issued_at,
            )
            for enrolment in confirmed
            if enrolment.completed and enrolment.pk % 2
        )
    return made


def add_groups_and_mentoring(people: list[int], rng):
    """Five developer groups meeting monthly and ten mentoring agreements, as the programme has."""
    from decimal import Decimal

    from django.utils import timezone

    from courses.models import Municipality
    from developer_groups.models import DeveloperGroup, Meeting, MeetingAttendance, Membership
    from mentoring.models import Agreement, Mentee, MentoringSession

    municipalities = list(Municipality.objects.all())
    first_day = dt.date(year(), 1, 1)
    for n in range(5):
        group = DeveloperGroup.objects.create(
            name_fi=f"Kehittäjäryhmä {n}",
            municipality=municipalities[n % len(municipalities)],
            starts_on=first_day,
            ends_on=dt.date(year(), 12, 31),
            theme_fi="Sisukas",
        )
        members = Membership.objects.bulk_create(
            Membership(group=group, user_id=person, joined_on=first_day) for person in rng.sample(people, 15)
        )
        for month in range(1, 13):
            starts_at = timezone.make_aware(dt.datetime(year(), month, 10, 13))
            meeting = Meeting.objects.create(
                group=group, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
            )
            MeetingAttendance.objects.bulk_create(
                MeetingAttendance(meeting=meeting, membership=member, status=rng.choice(MARKS), marked_at=starts_at)
                for member in members
            )
    mentor = people[0]
    for n in range(10):
        agreement = Agreement.objects.create(
            mentor_id=mentor,
            team=f"Tiimi {n}",
            municipality=municipalities[n % len(municipalities)],
            starts_on=first_day,
            ends_on=dt.date(year(), 12, 31),
            goals="Systeeminen työote",
            planned_hours=Decimal(20),
        )
        mentees = Mentee.objects.bulk_create(
            Mentee(agreement=agreement, user_id=person) for person in rng.sample(people, 3)
        )
        for month in range(1, 13, 2):
            session = MentoringSession.objects.create(
                agreement=agreement,
                starts_at=timezone.make_aware(dt.datetime(year(), month, 20, 9)),
                duration_minutes=90,
                topic="Tiimin tapaaminen",
            )
            session.participants.set(mentees)


def coordinator_client():
    """The demo coordinator, logged in as allauth leaves a session: password and second factor
    (a session without the second factor of someone who has one is logged out)."""
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest
    from django.test import Client

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    coordinator = get_user_model().objects.get(username="koordinaattori@example.fi")
    client = Client()
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, coordinator, "password", email=coordinator.email)
    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    record_authentication(request, coordinator, "mfa", id=totp.pk, type=totp.type)
    request.session.save()
    client.force_login(coordinator)
    return client


def report_query() -> dict:
    return {"date_from": f"{year()}-01-01", "date_to": f"{year()}-12-31"}


def count_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/admin/reports/", report_query())  # warm the per-process caches first
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/reports/", report_query())
    assert response.status_code == 200, response.status_code
    return len(queries)


def median_ms(client, url: str, query: dict) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the whole of the work on SQLite, which
    runs in the process; the Python side only on PostgreSQL) of LOADS requests, in ms. The CPU
    figure says what the machine's other load does to the wall time."""
    wall, cpu = [], []
    for _ in range(LOADS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, query)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def analyze():
    """PostgreSQL plans by table statistics, which autovacuum gathers some time after a bulk load:
    without them it nests loops over 150,000 marks (2.3 s instead of 0.3). SQLite gathers none
    unless told, and the project never tells it, so neither does the bench."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure_reports(catalogue) -> tuple[dict, dict]:
    """({"ms": …, …}, {"1000": queries, "50000": queries}) for results["report"] and
    results["queries"]["report"]."""
    from courses.models import Region
    from enrolment.models import Enrolment
    from reports import selectors

    rng = random.Random(2026)  # the same programme every run
    started = time.perf_counter()
    people = make_people(rng)
    add_groups_and_mentoring(people, rng)
    client = coordinator_client()
    queries = {}
    made = 0
    for size in ENROLMENTS:
        offerings = add_offerings(catalogue, (size - made) // PER_OFFERING, made // PER_OFFERING, rng)
        made += enrol(offerings, people, rng)
        analyze()
        queries[str(made)] = count_queries(client)
    generated_s = time.perf_counter() - started

    query = report_query()
    filters = selectors.ReportFilters(dt.date(year(), 1, 1), dt.date(year(), 12, 31))
    report = selectors.report(filters, selectors.reference_data())
    # The grouped statement against a plain count of what it counts.
    assert (
        report.total.enrolments
        == Enrolment.objects.filter(
            status="confirmed", offering__starts_on__lte=filters.date_to, offering__ends_on__gte=filters.date_from
        ).count()
    )
    satakunta = {**query, "region": str(Region.objects.get(slug="satakunta").pk)}
    page_ms, page_cpu_ms = median_ms(client, "/admin/reports/", query)
    return (
        {
            "ms": page_ms,
            "cpu_ms": page_cpu_ms,
            "ms_satakunta": median_ms(client, "/admin/reports/", satakunta)[0],
            "xlsx_ms": median_ms(client, "/admin/reports/export.xlsx", query)[0],
            "target_ms": TARGET_MS,
            "people": PEOPLE,
            "enrolments": made,
            "participants": report.total.participants,
            "attendance_marks": report.total.marked,
            "generated_s": round(generated_s, 1),
        },
        queries,
    )


def report_failures(results) -> list[str]:
    report = results["report"]
    if report["ms"] >= TARGET_MS:
        return [f"report.ms {report['ms']} is over the {TARGET_MS} ms target (cpu_ms {report['cpu_ms']})"]
    return []


if __name__ == "__main__":
    import json

    import run  # bench/run.py: its environment and database (SQLite unless DATABASE_URL says otherwise)

    run.setup_database()
    catalogue, _people = run.build_site()
    report, queries = measure_reports(catalogue)
    print(json.dumps({"report": report, "queries.report": queries}, indent=2))
