"""Many requests at once for the last seats, on PostgreSQL with real row locks.

Each thread has its own database connection, as each gunicorn worker would. To make the race
certain rather than likely, counting the confirmed places is slowed in both runs; only the lock
differs, so the control run proves the test can fail.
"""

import threading
import time

from django.db import connection, transaction

import pytest

from enrolment import services
from enrolment.models import Enrolment
from tests.concurrency import run_at_once
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


@pytest.fixture
def slow_count(monkeypatch):
    real = services._confirmed

    def counted_slowly(offering_pk):
        value = real(offering_pk)
        time.sleep(0.02)
        return value

    monkeypatch.setattr(services, "_confirmed", counted_slowly)


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


@pytest.fixture
def slow_to_leave_the_line(monkeypatch):
    """Leaving the waiting list holds its written row a moment before it commits, so that promotion
    meets people in the middle of leaving. Returns the set of enrolment ids to slow down."""
    real, slowed = services._record, set()

    def recorded_slowly(enrolment, action, **kwargs):
        if action == services.Action.CANCELLED and enrolment.pk in slowed:
            time.sleep(1)
        return real(enrolment, action, **kwargs)

    monkeypatch.setattr(services, "_record", recorded_slowly)
    return slowed


@pytest.fixture
def full_with_a_long_line(catalogue):
    """5 places, all taken, and 25 people waiting in line (positions 1…25)."""
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=5)
    seated = [EnrolmentFactory(offering=offering, user=ParticipantFactory()) for _ in range(5)]
    waiting = [
        EnrolmentFactory(offering=offering, user=ParticipantFactory(), status=Enrolment.Status.WAITING, position=n)
        for n in range(1, 26)
    ]
    return offering, seated, waiting


def test_twenty_cancel_and_ten_enrol_at_once_without_deadlock(
    full_with_a_long_line, slow_count, slow_to_leave_the_line
):
    """Confirmed and waiting people cancel while others enrol: cancelling a waiting place locked the
    offering's and Wagtail's page rows after the enrolment's, the opposite order to promotion, which
    PostgreSQL answered with `deadlock detected` (a 503 for the person)."""
    offering, seated, waiting = full_with_a_long_line
    # Two of every three waiting people leave the line, so promotion meets them while they go.
    staying = waiting[1::3]
    leaving = seated[:3] + [e for e in waiting if e not in staying]
    slow_to_leave_the_line.update(e.pk for e in waiting if e not in staying)
    assert len(leaving) == 20
    newcomers = [ParticipantFactory() for _ in range(10)]
    calls = [lambda e=e: services.cancel_enrolment(e, by=e.user) for e in leaving]
    calls += [lambda p=p: services.enrol(offering, user=p) for p in newcomers]
    confirmed = offering.enrolments.filter(status=Enrolment.Status.CONFIRMED)
    most_confirmed, done = [], threading.Event()

    def watch():
        while not done.is_set():
            most_confirmed.append(confirmed.count())
        connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    _results, errors = run_at_once(calls)
    done.set()
    watcher.join()

    assert errors == []
    assert max(most_confirmed) <= 5
    # The three freed seats went to the first three in line of those who stayed, whoever was
    # promoted and left again on the way.
    assert set(confirmed.values_list("pk", flat=True)) == {e.pk for e in seated[3:] + staying[:3]}
    assert not offering.enrolments.filter(user__in=[e.user for e in leaving]).exclude(status=Enrolment.Status.CANCELLED)
    line = list(
        offering.enrolments.filter(status=Enrolment.Status.WAITING)
        .order_by("position")
        .values_list("user_id", flat=True)
    )
    assert line[:5] == [e.user_id for e in staying[3:]]
    assert sorted(line[5:]) == sorted(p.pk for p in newcomers)


def test_a_cancellation_waiting_too_long_for_the_lock_is_told_to_try_again(client, five_places_left, monkeypatch):
    monkeypatch.setattr(services, "LOCK_TIMEOUT_MS", 100)
    mine = five_places_left.enrolments.first()
    locked, done = threading.Event(), threading.Event()

    def hold_the_row():
        with transaction.atomic():
            Enrolment.objects.select_for_update().get(pk=mine.pk)
            locked.set()
            done.wait(timeout=10)
        connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    locked.wait(timeout=10)
    client.force_login(mine.user)
    try:
        response = client.post(f"/fi/my/enrolments/{mine.pk}/cancel/", {"confirm": "on"}, follow=True)
    finally:
        done.set()
        holder.join()

    assert response.redirect_chain == [(f"/fi/my/enrolments/{mine.pk}/cancel/", 302)]
    assert "Yritä hetken kuluttua uudelleen" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.CONFIRMED
