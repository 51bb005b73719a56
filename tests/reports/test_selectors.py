"""The report's figures against the programme of conftest.py, worked out by hand.

Each table row is (participants, enrolments, attendance rate %, completions, certificates,
group members, group meetings, mentoring hours); "–" is the row of profiles that do not say.
"""

import datetime as dt
from decimal import Decimal

from django.utils import translation

import pytest

from reports import selectors
from reports.selectors import GROUPS, ReportFilters

pytestmark = pytest.mark.django_db

YEAR = {"date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 12, 31)}
D = Decimal


def run(**filters):
    with translation.override("fi"):
        return selectors.report(ReportFilters(**{**YEAR, **filters}), selectors.reference_data())


def figures(row) -> tuple:
    return tuple(row.figures())


def table(report, name: str) -> dict:
    breakdown = next(breakdown for breakdown in report.breakdowns if breakdown.name == name)
    return {("–" if row.not_given else row.label): figures(row) for row in breakdown.rows}


def test_totals_of_the_year(programme):
    report = run()

    # Aino, Bertil, Cecilia, Dan (courses), Eeva (group member); the waiting and the facilitator not.
    assert figures(report.total) == (5, 6, D("62.5"), 3, 4, 3, 2, D("3.3"))
    assert (report.total.marked, report.total.attended, report.total.mentoring_minutes) == (8, 5, 195)
    # Whole numbers on both databases (PostgreSQL sums as numeric).
    assert {type(value) for value in report.total.figures() if not isinstance(value, Decimal)} == {int}


def test_breakdown_by_municipality_puts_people_under_their_profile_and_the_rest_under_not_given(programme):
    report = run()

    assert table(report, "municipality") == {
        # Aino and Bertil: Bertil's 45-minute session with Aino counts once for Pori.
        "Pori": (2, 4, D("66.7"), 2, 2, 1, 1, D("2.3")),
        "Turku": (1, 1, D("100.0"), 1, 2, 1, 1, D("2.5")),
        # Dan (no profile) and Eeva (a profile without a municipality).
        "–": (2, 1, D("0.0"), 0, 0, 1, 1, D("0.0")),
    }


def test_people_add_up_to_the_total_across_places_while_shared_meetings_and_sessions_count_in_each(programme):
    report = run()

    for name in ("region", "municipality", "sector"):
        rows = [row for breakdown in report.breakdowns if breakdown.name == name for row in breakdown.rows]
        for measure in ("participants", "enrolments", "completions", "certificates", "group_members", "marked"):
            assert sum(getattr(row, measure) for row in rows) == getattr(report.total, measure), (name, measure)
    municipalities = table(report, "municipality")
    # Mentoring: 2.3 + 2.5 hours in the rows, 3.3 in all; two meetings, three in the rows.
    assert sum(row[7] for row in municipalities.values()) > report.total.mentoring_hours
    assert sum(row[6] for row in municipalities.values()) == 3


def test_breakdown_by_region_and_sector(programme):
    report = run()

    assert table(report, "region") == {
        "Satakunta": (2, 4, D("66.7"), 2, 2, 1, 1, D("2.3")),
        "Varsinais-Suomi": (1, 1, D("100.0"), 1, 2, 1, 1, D("2.5")),
        "–": (2, 1, D("0.0"), 0, 0, 1, 1, D("0.0")),
    }
    assert table(report, "sector") == {
        "Koulu": (2, 3, D("75.0"), 2, 4, 2, 2, D("3.3")),
        "Lastensuojelu": (1, 2, D("66.7"), 1, 0, 0, 0, D("0.8")),
        "–": (2, 1, D("0.0"), 0, 0, 1, 1, D("0.0")),
    }
    # Sectors in their own order, not alphabetically; "not given" last.
    assert [row.label for row in report.breakdowns[2].rows][:2] == ["Koulu", "Lastensuojelu"]


def test_breakdown_by_month_places_each_fact_in_its_local_month(programme):
    report = run()
    months = {row.label: figures(row) for row in report.breakdowns[3].rows}

    assert len(months) == 12
    assert months["Tammikuu 2024"] == (3, 1, D("100.0"), 1, 0, 2, 0, D("0.0"))
    assert months["Helmikuu 2024"] == (2, 2, D("100.0"), 0, 0, 0, 1, D("0.0"))
    assert months["Maaliskuu 2024"] == (2, 0, D("0.0"), 1, 1, 1, 0, D("1.5"))
    assert months["Huhtikuu 2024"] == (3, 3, D("66.7"), 1, 1, 0, 0, D("1.0"))
    # The meeting of 1 May 0.30 Finnish time (30 April in UTC).
    assert months["Toukokuu 2024"] == (0, 0, None, 0, 0, 0, 1, D("0.0"))
    # The group attestation of 30 June 23.30 and the mentoring one of 31 December 23.30.
    assert months["Kesäkuu 2024"][4] == 1
    assert months["Joulukuu 2024"][4] == 1
    # The session of 1 September 1.00 Finnish time.
    assert months["Syyskuu 2024"] == (2, 0, None, 0, 0, 0, 0, D("0.8"))
    assert months["Lokakuu 2024"] == (0, 0, None, 0, 0, 0, 0, D("0.0"))


def test_the_period_follows_finnish_days(programme):
    april = run(date_from=dt.date(2024, 4, 1), date_to=dt.date(2024, 4, 30))
    may = run(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 5, 31))

    assert april.total.group_meetings == 0
    assert may.total.group_meetings == 1


def test_a_course_that_runs_into_the_period_counts_from_its_first_month(programme):
    march = run(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31))

    # The basic course of February and March: both places, counted in March; Aino completed it.
    assert (march.total.enrolments, march.total.completions) == (2, 1)
    assert [row.enrolments for row in march.breakdowns[3].rows] == [2]
    # The group runs: Aino and Eeva from before, Cecilia who joined in March.
    assert march.total.group_members == 3


def test_participants_region_filter_keeps_only_people_from_there(programme):
    report = run(region=programme.satakunta.pk)

    assert figures(report.total) == (2, 4, D("66.7"), 2, 2, 1, 1, D("2.3"))
    assert list(table(report, "region")) == ["Satakunta"]
    assert list(table(report, "municipality")) == ["Pori"]


def test_municipality_and_sector_filters(programme):
    assert figures(run(municipality=programme.turku.pk).total) == (1, 1, D("100.0"), 1, 2, 1, 1, D("2.5"))
    assert figures(run(sector=programme.child_protection.pk).total) == (1, 2, D("66.7"), 1, 0, 0, 0, D("0.8"))


def test_held_in_filter_is_where_the_training_took_place(programme):
    report = run(held_in=programme.varsinais.pk)

    # The Swedish introduction in Turku, and the Turku mentoring (whose mentees include Pori people);
    # the developer group meets in Pori.
    assert figures(report.total) == (4, 3, D("66.7"), 1, 2, 0, 0, D("3.3"))
    assert set(table(report, "municipality")) == {"Pori", "Turku", "–"}


def test_kind_filters(programme):
    basic = run(kind="basic")
    groups = run(kind=GROUPS)
    mentoring = run(kind="mentoring")

    assert figures(basic.total) == (2, 3, D("60.0"), 2, 1, 0, 0, D("0.0"))
    assert figures(groups.total) == (3, 0, None, 0, 1, 3, 2, D("0.0"))
    assert figures(mentoring.total) == (3, 0, None, 0, 1, 0, 0, D("3.3"))


def test_language_and_offering_filters_leave_groups_and_mentoring_out(programme):
    swedish = run(language="sv")
    basic = run(offering=programme.basic.pk)

    assert figures(swedish.total) == (3, 3, D("66.7"), 1, 1, 0, 0, D("0.0"))
    assert figures(basic.total) == (2, 2, D("50.0"), 1, 1, 0, 0, D("0.0"))


def test_a_bilingual_offering_counts_as_finnish_and_swedish(programme):
    programme.intro.language = "fi-sv"
    programme.intro.save()

    assert run(language="sv").total.enrolments == 3
    assert run(language="fi").total.enrolments == 6


def test_an_empty_programme_gives_zeros_and_every_month(db):
    report = run()

    assert figures(report.total) == (0, 0, None, 0, 0, 0, 0, D("0.0"))
    assert [len(breakdown.rows) for breakdown in report.breakdowns] == [0, 0, 0, 12]


def test_a_reissued_certificate_stays_in_the_month_it_was_first_issued(programme):
    from certificates.models import Certificate
    from tests.factories import CertificateFactory
    from tests.reports.programme import local

    original = Certificate.objects.get(subject=programme.aino, kind=Certificate.Kind.COURSE)  # of 15 March
    original.status = Certificate.Status.SUPERSEDED
    original.save()
    CertificateFactory(
        enrolment=original.enrolment,
        replaces=original,
        issued_at=local(2024, 5, 20, 12),  # her name corrected in May
        first_issued_at=original.first_issued_at,
    )

    report = run()
    months = {row.label: figures(row) for row in report.breakdowns[3].rows}

    assert figures(report.total)[4] == 4
    assert months["Maaliskuu 2024"][4] == 1
    assert months["Toukokuu 2024"][4] == 0
