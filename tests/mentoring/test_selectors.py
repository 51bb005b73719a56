from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from mentoring import selectors
from tests.factories import MenteeFactory, MentoringSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(agreement, asa, bjorn):
    """Two delivered sessions (60 min with both, 90 min with Åsa only), one planned whose time has
    passed and one to come."""
    return [
        MentoringSessionFactory(agreement=agreement, days=-30, duration_minutes=60, participants=[asa, bjorn]),
        MentoringSessionFactory(agreement=agreement, days=-10, duration_minutes=90, participants=[asa]),
        MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa, bjorn]),
        MentoringSessionFactory(agreement=agreement, days=5, participants=[bjorn]),
    ]


def test_hours_are_summed_without_counting_a_session_once_per_mentee(agreement, asa, bjorn, sessions):
    MenteeFactory(agreement=agreement)

    row = selectors.coordinator_agreements().get(pk=agreement.pk)

    assert (row.delivered_minutes, row.delivered_count, row.upcoming_count, row.to_log_count, row.mentee_count) == (
        150,
        2,
        1,
        1,
        3,
    )
    assert row.next_session_at == sessions[3].starts_at


def test_an_agreement_without_sessions_has_zero_hours(agreement):
    row = selectors.agreement_with_hours(agreement.pk)

    assert (row.delivered_minutes, row.delivered_count, row.mentee_count, row.next_session_at) == (0, 0, 0, None)


def test_a_mentee_counts_only_the_delivered_sessions_they_took_part_in(agreement, asa, bjorn, sessions):
    mine = {row.pk: row for row in selectors.mentee_agreements(bjorn.user)}

    assert list(mine) == [agreement.pk]
    assert (mine[agreement.pk].my_minutes, mine[agreement.pk].my_count) == (60, 1)
    assert mine[agreement.pk].my_next_at == sessions[3].starts_at


def test_agreement_mentees_have_their_own_hours(agreement, asa, bjorn, sessions, other_agreement):
    MentoringSessionFactory(
        agreement=other_agreement, days=-3, duration_minutes=45, participants=list(other_agreement.mentees.all())
    )

    hours = {
        mentee.pk: (mentee.minutes_received, mentee.sessions_received)
        for mentee in selectors.agreement_mentees(agreement)
    }

    assert hours == {asa.pk: (150, 2), bjorn.pk: (60, 1)}


def test_coordinator_search_finds_team_mentor_and_municipality(agreement, other_agreement):
    assert [a.pk for a in selectors.coordinator_agreements(query="perhesosiaali")] == [agreement.pk]
    assert [a.pk for a in selectors.coordinator_agreements(query="Muu")] == [other_agreement.pk]
    assert [a.pk for a in selectors.coordinator_agreements(query=agreement.municipality.name_fi)] == [agreement.pk]


def test_split_sessions_groups_them_as_the_mentor_works(agreement, sessions):
    past_cancelled = MentoringSessionFactory(
        agreement=agreement, days=-3, participants=list(agreement.mentees.all()), cancelled_at=timezone.now()
    )
    cancelled = MentoringSessionFactory(
        agreement=agreement, days=4, participants=list(agreement.mentees.all()), cancelled_at=timezone.now()
    )

    split = selectors.split_sessions(selectors.agreement_sessions(agreement))

    assert split == {
        "to_log": [sessions[2]],
        "upcoming": [sessions[3]],
        "delivered": [sessions[1], sessions[0]],
        "cancelled": [past_cancelled, cancelled],
        "cancelled_to_come": [cancelled],
    }


def test_the_coordinators_list_reads_in_one_query_however_many_agreements(agreement, other_agreement, sessions):
    with CaptureQueriesContext(connection) as captured:
        rows = list(selectors.coordinator_agreements())
        [(row.mentor.email, row.municipality and row.municipality.name_fi) for row in rows]

    assert len(rows) == 2
    assert len(captured) == 1
