"""Many requests at once for the last seats, on PostgreSQL with real row locks.

Each thread has its own database connection, as each gunicorn worker would. To make the race
certain rather than likely, counting the confirmed places is slowed in both runs; only the lock
differs, so the control run proves the test can fail.
"""

import threading
import time

from django.db import connection

import pytest

from enrolment import services
from enrolment.models import Enrolment
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")


@pytest.fixture
def slow_count(monkeypatch):
    real = services._confirmed

    def counted_slowly(offering_pk):
        value = real(offering_pk)
        time.sleep(0.02)
        return value

    monkeypatch.setattr(services, "_confirmed", counted_slowly)


def run_at_once(calls) -> tuple[list, list]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # every failure is counted, none may pass unseen
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture
def five_places_left(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=10)
    for _ in range(5):
        EnrolmentFactory(offering=offering, user=ParticipantFactory())
    return offering


def test_fifty_people_enrol_at_once_for_five_places(five_places_left, slow_count):
    people = [ParticipantFactory() for _ in range(50)]

    results, errors = run_at_once(
        [lambda person=person: services.enrol(five_places_left, user=person) for person in people]
    )

    assert errors == []
    assert len(results) == 50
    statuses = [enrolment.status for enrolment in results]
    assert statuses.count(Enrolment.Status.CONFIRMED) == 5
    assert statuses.count(Enrolment.Status.WAITING) == 45
    assert five_places_left.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 10
    positions = sorted(
        five_places_left.enrolments.filter(status=Enrolment.Status.WAITING).values_list("position", flat=True)
    )
    assert positions == list(range(1, 46))


def test_control_without_the_lock_overbooks(five_places_left, slow_count, monkeypatch):
    monkeypatch.setattr(services, "lock_offering", lambda offering_pk: None)
    people = [ParticipantFactory() for _ in range(50)]

    results, errors = run_at_once(
        [lambda person=person: services.enrol(five_places_left, user=person) for person in people]
    )

    assert errors == []
    assert five_places_left.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() > 10


def test_one_person_double_clicking_twenty_times_is_enrolled_once(five_places_left, slow_count):
    person = ParticipantFactory()

    results, errors = run_at_once([lambda: services.enrol(five_places_left, user=person) for _ in range(20)])

    assert errors == []
    assert {enrolment.pk for enrolment in results} == {results[0].pk}
    assert five_places_left.enrolments.filter(user=person).count() == 1


def test_cancellations_and_enrolments_at_once_never_overbook(five_places_left, slow_count):
    seated = list(five_places_left.enrolments.all())
    newcomers = [ParticipantFactory() for _ in range(20)]
    calls = [lambda e=e: services.cancel_enrolment(e, by=e.user) for e in seated]
    calls += [lambda p=p: services.enrol(five_places_left, user=p) for p in newcomers]

    _results, errors = run_at_once(calls)

    assert errors == []
    assert five_places_left.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 10
    assert five_places_left.enrolments.filter(status=Enrolment.Status.WAITING).count() == 10
