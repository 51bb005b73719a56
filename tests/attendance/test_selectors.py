"""The trainer's sessions and a session's roster, as the dashboard and the roster page read them."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from attendance.models import Attendance
from attendance.selectors import RECENT_DAYS, roster, trainer_sessions
from attendance.services import save_roster
from courses.models import Session
from enrolment.models import Enrolment
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def course(catalogue, days, **kwargs):
    return IntroductionSessionPageFactory(parent=catalogue, sessions=days, **kwargs)


def dates(sessions) -> list[int]:
    """Days from today, in the order listed."""
    today = timezone.localdate()
    return [(session.date - today).days for session in sessions]


def test_trainer_sessions_groups_today_upcoming_and_recent(catalogue):
    offering = course(catalogue, [-2, 0, 3])
    trainer = TrainerFactory(trains=[offering])

    sessions = trainer_sessions(trainer)

    assert (dates(sessions["today"]), dates(sessions["upcoming"]), dates(sessions["recent"])) == ([0], [3], [-2])


def test_trainer_sessions_keeps_the_past_30_days_and_no_more(catalogue):
    offering = course(catalogue, [-(RECENT_DAYS + 1), -RECENT_DAYS, -1])
    trainer = TrainerFactory(trains=[offering])

    sessions = trainer_sessions(trainer)

    assert dates(sessions["recent"]) == [-1, -RECENT_DAYS]


def test_trainer_sessions_counts_from_the_day_it_is_given(catalogue):
    offering = course(catalogue, [-40, -5])
    trainer = TrainerFactory(trains=[offering])
    today = timezone.localdate()

    sessions = trainer_sessions(trainer, today=today - dt.timedelta(days=20))

    assert [s.date for s in sessions["recent"]] == [today - dt.timedelta(days=40)]
    assert [s.date for s in sessions["upcoming"]] == [today - dt.timedelta(days=5)]
    assert sessions["today"] == []


def test_trainer_sessions_leaves_out_courses_not_published(catalogue):
    published = course(catalogue, [1], title="Julkaistu")
    draft = course(catalogue, [2], title="Luonnos", live=False)
    trainer = TrainerFactory(trains=[published, draft])

    sessions = trainer_sessions(trainer)

    assert [s.offering_id for s in sessions["upcoming"]] == [published.pk]


def test_trainer_sessions_leaves_out_other_trainers_courses(catalogue):
    own, others = course(catalogue, [0, 1]), course(catalogue, [0, 1])
    trainer = TrainerFactory(trains=[own])
    TrainerFactory(trains=[others])

    sessions = trainer_sessions(trainer)

    listed = {s.offering_id for group in sessions.values() for s in group}
    assert listed == {own.pk}
    assert trainer_sessions(ParticipantFactory()) == {"today": [], "upcoming": [], "recent": []}


def test_trainer_sessions_are_ordered_by_date_and_time_upcoming_first_and_recent_newest_first(catalogue):
    early, late = course(catalogue, [-3, 0, 2]), course(catalogue, [-1, 0, 1])
    Session.objects.filter(offering=late).update(starts_at=dt.time(13), ends_at=dt.time(16))
    Session.objects.filter(offering=early).update(starts_at=dt.time(8), ends_at=dt.time(11))
    trainer = TrainerFactory(trains=[late, early])

    sessions = trainer_sessions(trainer)

    assert [(s.offering_id, s.starts_at.hour) for s in sessions["today"]] == [(early.pk, 8), (late.pk, 13)]
    assert dates(sessions["upcoming"]) == [1, 2]
    assert dates(sessions["recent"]) == [-1, -3]


def test_trainer_sessions_counts_confirmed_participants_and_their_marks(catalogue):
    offering = course(catalogue, [0, 1])
    trainer = TrainerFactory(trains=[offering])
    marked, unmarked = (EnrolmentFactory(offering=offering, user=ParticipantFactory()) for _ in range(2))
    EnrolmentFactory(offering=offering, user=ParticipantFactory(), status=Enrolment.Status.WAITING)
    today = offering.sessions.get(date=timezone.localdate())
    save_roster(today, marks={marked.pk: (Attendance.Status.PRESENT, "")}, by=trainer)

    sessions = trainer_sessions(trainer)

    (listed,) = sessions["today"]
    assert (listed.confirmed_count, listed.marked_count) == (2, 1)
    (ahead,) = sessions["upcoming"]
    assert (ahead.confirmed_count, ahead.marked_count) == (2, 0)


def test_trainer_sessions_is_one_query(catalogue):
    trainer = TrainerFactory(trains=[course(catalogue, [-1, 0, 1]), course(catalogue, [0, 2])])

    with CaptureQueriesContext(connection) as queries:
        sessions = trainer_sessions(trainer)
        [s.offering.localized_title for group in sessions.values() for s in group]

    assert len(queries) == 1


def test_roster_lists_confirmed_participants_by_surname_each_with_their_mark_here(today_session, offering, trainer):
    def person(first, last):
        return EnrolmentFactory(offering=offering, user=ParticipantFactory(first_name=first, last_name=last))

    bertta, aino = person("Bertta", "Berg"), person("Aino", "Aalto")
    EnrolmentFactory(offering=offering, user=ParticipantFactory(), status=Enrolment.Status.WAITING)
    save_roster(today_session, marks={bertta.pk: (Attendance.Status.LATE, "")}, by=trainer)

    listed = roster(today_session)

    assert [e.pk for e in listed] == [aino.pk, bertta.pk]
    assert (listed[0].mark, listed[1].mark.status) == (None, Attendance.Status.LATE)
