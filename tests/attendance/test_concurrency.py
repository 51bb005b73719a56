"""Roster saves, check-ins and walk-ins of one session arriving at once, on PostgreSQL with real row
locks.

Each thread has its own database connection, as each gunicorn worker would. To make the race
certain rather than likely, reading a roster's existing marks (and, for walk-ins, looking up the
address) is slowed in both runs; only the session's lock differs, so the control runs prove the
tests can fail: without the lock the writers both find "no mark yet" (or "no account yet") and all
but one fail on a unique constraint, a server error for the person.
"""

import threading
import time

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

import pytest

from accounts import services as accounts_services
from attendance import services
from attendance.models import Attendance
from courses.models import Session
from enrolment.models import Enrolment
from tests.concurrency import run_at_once
from tests.factories import EnrolmentFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

PRESENT, LATE = Attendance.Status.PRESENT, Attendance.Status.LATE


@pytest.fixture
def slow_marks(monkeypatch):
    real = services._marks_at

    def read_slowly(session, *, enrolment_pks):
        marks = real(session, enrolment_pks=enrolment_pks)
        time.sleep(0.2)
        return marks

    monkeypatch.setattr(services, "_marks_at", read_slowly)


@pytest.fixture
def slow_lookup(monkeypatch):
    real = accounts_services.person_with_email

    def looked_up_slowly(email):
        person = real(email)
        time.sleep(0.1)
        return person

    monkeypatch.setattr(accounts_services, "person_with_email", looked_up_slowly)


@pytest.fixture
def without_the_lock(monkeypatch):
    monkeypatch.setattr(services, "lock_session", lambda session_pk: Session.objects.get(pk=session_pk))


@pytest.fixture
def room(today_session, offering, trainer):
    """Today's session with ten confirmed participants."""
    enrolments = [EnrolmentFactory(offering=offering, user=ParticipantFactory()) for _ in range(10)]
    return today_session, trainer, enrolments


def roster_saves_and_check_ins(room):
    """Two presses of the trainer's save (a double submit) and everyone checking in at once."""
    session, trainer, enrolments = room
    marks = {e.pk: (LATE if n % 2 else PRESENT, "") for n, e in enumerate(enrolments)}
    calls = [lambda: services.save_roster(session, marks=marks, by=trainer)] * 2
    calls += [lambda e=e: services.check_in(session, user=e.user) for e in enrolments]
    return run_at_once(calls)


def test_roster_saves_and_check_ins_at_once_leave_one_mark_per_person(room, slow_marks):
    session, _trainer, enrolments = room

    results, errors = roster_saves_and_check_ins(room)

    assert errors == []
    assert len(results) == 12
    marked = list(Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    assert sorted(marked) == sorted(e.pk for e in enrolments)


def test_control_without_the_lock_roster_saves_and_check_ins_collide(room, slow_marks, without_the_lock):
    _results, errors = roster_saves_and_check_ins(room)

    assert any(isinstance(error, IntegrityError) for error in errors), errors


def add_twice(session, trainer):
    def add():
        return services.add_walk_in(
            session, email="kaisa@example.fi", first_name="Kaisa", last_name="Kävijä", by=trainer
        )

    return run_at_once([add, add])


def test_a_double_tap_on_add_walk_in_makes_one_account_and_one_enrolment(today_session, trainer, slow_lookup):
    results, errors = add_twice(today_session, trainer)

    assert errors == []
    assert {enrolment.pk for enrolment in results} == {results[0].pk}
    assert get_user_model().objects.filter(email="kaisa@example.fi").count() == 1
    assert Enrolment.objects.filter(user__email="kaisa@example.fi").count() == 1
    assert Attendance.objects.get().status == PRESENT


def test_control_without_the_lock_a_double_tap_fails_on_the_username(
    today_session, trainer, slow_lookup, without_the_lock
):
    _results, errors = add_twice(today_session, trainer)

    assert any(isinstance(error, IntegrityError) for error in errors), errors
    assert get_user_model().objects.filter(email="kaisa@example.fi").count() == 1


def test_a_roster_save_waiting_too_long_for_the_lock_is_told_to_try_again(room, monkeypatch):
    session, trainer, enrolments = room
    monkeypatch.setattr(services, "LOCK_TIMEOUT_MS", 100)
    locked = threading.Event()

    def hold_the_lock():
        with transaction.atomic():
            services.lock_session(session.pk)
            locked.set()
            time.sleep(1)

    def save():
        locked.wait(timeout=10)
        return services.save_roster(session, marks={enrolments[0].pk: (PRESENT, "")}, by=trainer)

    _results, errors = run_at_once([hold_the_lock, save])

    assert [getattr(error, "code", error) for error in errors] == ["busy"]
    assert not Attendance.objects.exists()
