import datetime as dt

from django.utils import timezone

import pytest

from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.services import (
    EnrolmentRefused,
    add_participant,
    approve_enrolment,
    cancel_enrolment,
    enrol,
    fill_free_places,
    move_in_waiting_list,
)
from tests.factories import (
    AdvancedCoursePageFactory,
    BasicCoursePageFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Enrolment.Status


def test_enrol_confirms_while_places_are_free(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=2)

    enrolment = enrol(offering, user=ParticipantFactory())

    assert enrolment.status == Status.CONFIRMED
    assert enrolment.position is None
    assert enrolment.confirmed_at is not None
    assert list(enrolment.events.values_list("action", flat=True)) == [EnrolmentEvent.Action.ENROLLED]


def test_enrol_puts_person_on_waiting_list_when_course_is_full(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    enrol(offering, user=ParticipantFactory())

    second = enrol(offering, user=ParticipantFactory())
    third = enrol(offering, user=ParticipantFactory())

    assert (second.status, second.position) == (Status.WAITING, 1)
    assert (third.status, third.position) == (Status.WAITING, 2)
    assert offering.enrolments.filter(status=Status.CONFIRMED).count() == 1


def test_enrolling_twice_returns_the_same_enrolment(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    person = ParticipantFactory()

    first = enrol(offering, user=person)
    again = enrol(offering, user=person)

    assert again.pk == first.pk
    assert offering.enrolments.count() == 1


def test_a_cancelled_person_may_enrol_again(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    person = ParticipantFactory()
    cancel_enrolment(enrol(offering, user=person), by=person)

    again = enrol(offering, user=person)

    assert again.status == Status.CONFIRMED
    assert offering.enrolments.count() == 2


def test_answers_are_stored(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    answers = {"1": {"question": "Erityisruokavalio", "answer": "Gluteeniton"}}

    enrolment = enrol(offering, user=ParticipantFactory(), answers=answers)

    enrolment.refresh_from_db()
    assert enrolment.answers == answers


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"enrolment_opens": timezone.now() + dt.timedelta(days=1)}, "not_open"),
        ({"enrolment_closes": timezone.now() - dt.timedelta(minutes=1)}, "closed"),
        ({"sessions": [-1, 3]}, "started"),
    ],
)
def test_enrolment_window_is_enforced(catalogue, fields, code):
    offering = IntroductionSessionPageFactory(parent=catalogue, **fields)

    with pytest.raises(EnrolmentRefused) as refused:
        enrol(offering, user=ParticipantFactory())

    assert refused.value.code == code
    assert str(refused.value.message)
    assert not offering.enrolments.exists()


def test_unverified_email_cannot_enrol(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)

    with pytest.raises(EnrolmentRefused) as refused:
        enrol(offering, user=ParticipantFactory(verified=False))

    assert refused.value.code == "unverified"


def test_incomplete_profile_cannot_enrol(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)

    with pytest.raises(EnrolmentRefused) as refused:
        enrol(offering, user=ParticipantFactory(profile={"job_title": ""}))

    assert refused.value.code == "profile"


def test_advanced_course_requires_a_basic_course(catalogue):
    basic = BasicCoursePageFactory(parent=catalogue)
    advanced = AdvancedCoursePageFactory(parent=catalogue, prerequisite=basic)
    person = ParticipantFactory()

    with pytest.raises(EnrolmentRefused) as refused:
        enrol(advanced, user=person)
    assert refused.value.code == "prerequisite"

    place = enrol(basic, user=person)
    with pytest.raises(EnrolmentRefused):
        enrol(advanced, user=person)  # a place is not enough: the basic course must be completed

    Enrolment.objects.filter(pk=place.pk).update(completed=True)
    assert enrol(advanced, user=person).status == Status.CONFIRMED


def test_approval_required_holds_no_seat_until_approved(catalogue, django_capture_on_commit_callbacks):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1, approval_required=True)
    coordinator = UserFactory()
    first = enrol(offering, user=ParticipantFactory())
    second = enrol(offering, user=ParticipantFactory())
    assert (first.status, second.status) == (Status.PENDING, Status.PENDING)

    approve_enrolment(first, by=coordinator)
    approve_enrolment(second, by=coordinator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert (second.status, second.position) == (Status.WAITING, 1)
    assert second.events.last().by == coordinator


def test_cancelling_a_seat_promotes_the_first_in_line(catalogue, mailoutbox, django_capture_on_commit_callbacks):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1, title="Johdatus")
    holder = ParticipantFactory()
    first_in_line = ParticipantFactory(profile={"preferred_language": "sv"})
    second_in_line = ParticipantFactory()
    seat = enrol(offering, user=holder)
    enrol(offering, user=first_in_line)
    enrol(offering, user=second_in_line)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_enrolment(seat, by=holder)

    promoted = Enrolment.objects.get(user=first_in_line)
    waiting = Enrolment.objects.get(user=second_in_line)
    assert (promoted.status, promoted.position) == (Status.CONFIRMED, None)
    assert (waiting.status, waiting.position) == (Status.WAITING, 2)
    assert promoted.events.last().action == EnrolmentEvent.Action.PROMOTED
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {holder.email, first_in_line.email}
    assert "peruttu" in by_recipient[holder.email].subject.lower()
    # The promoted person reads it in Swedish, with the sessions as a calendar file.
    assert by_recipient[first_in_line.email].subject.startswith("Du fick en plats")
    assert by_recipient[first_in_line.email].attachments[0][2] == "text/calendar"


def test_cancelling_twice_changes_nothing(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    person = ParticipantFactory()
    enrolment = enrol(offering, user=person)

    cancel_enrolment(enrolment, by=person)
    cancel_enrolment(enrolment, by=person)

    assert enrolment.events.filter(action=EnrolmentEvent.Action.CANCELLED).count() == 1


def test_cancellation_after_the_deadline_is_marked_late(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, cancellation_days=7, sessions=[3])
    person = ParticipantFactory()

    enrolment = cancel_enrolment(enrol(offering, user=person), by=person)

    assert enrolment.late_cancellation is True


def test_cancellation_before_the_deadline_is_not_late(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, cancellation_days=7, sessions=[30])
    person = ParticipantFactory()

    enrolment = cancel_enrolment(enrol(offering, user=person), by=person)

    assert enrolment.late_cancellation is False


def test_leaving_the_waiting_list_frees_no_seat_and_is_never_late(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1, sessions=[1])
    enrol(offering, user=ParticipantFactory())
    person = ParticipantFactory()

    enrolment = cancel_enrolment(enrol(offering, user=person), by=person)

    assert enrolment.late_cancellation is False
    assert offering.enrolments.filter(status=Status.CONFIRMED).count() == 1


def test_growing_capacity_fills_places_from_the_waiting_list(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    for _ in range(3):
        enrol(offering, user=ParticipantFactory())
    offering.capacity = 3
    offering.save_revision().publish()

    assert offering.enrolments.filter(status=Status.CONFIRMED).count() == 3
    assert not offering.enrolments.filter(status=Status.WAITING).exists()


def test_fill_free_places_does_nothing_when_full(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    enrol(offering, user=ParticipantFactory())
    enrol(offering, user=ParticipantFactory())

    assert fill_free_places(offering) == []


def test_coordinator_reorders_the_waiting_list_with_a_reason(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=0)
    people = [ParticipantFactory() for _ in range(3)]
    line = [enrol(offering, user=person) for person in people]
    coordinator = UserFactory()

    move_in_waiting_list(line[2], to_position=1, by=coordinator, reason="Kunnan kiintiö")

    order = list(offering.enrolments.filter(status=Status.WAITING).order_by("position").values_list("pk", flat=True))
    assert order == [line[2].pk, line[0].pk, line[1].pk]
    event = line[2].events.last()
    assert (event.action, event.by) == (EnrolmentEvent.Action.MOVED, coordinator)
    assert event.reason == "3 → 1: Kunnan kiintiö"


def test_reordering_without_a_reason_is_refused_and_changes_nothing(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=0)
    line = [enrol(offering, user=ParticipantFactory()) for _ in range(2)]

    with pytest.raises(EnrolmentRefused):
        move_in_waiting_list(line[1], to_position=1, by=UserFactory(), reason="  ")

    assert [e.position for e in Enrolment.objects.filter(pk__in=[e.pk for e in line]).order_by("pk")] == [1, 2]


def test_coordinator_adds_a_person_outside_the_enrolment_window(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, enrolment_closes=timezone.now() - dt.timedelta(days=1))
    coordinator = UserFactory()

    enrolment = add_participant(offering, user=UserFactory(), by=coordinator, reason="Puhelimitse")

    assert enrolment.status == Status.CONFIRMED
    assert enrolment.created_by == coordinator
    assert enrolment.events.get().action == EnrolmentEvent.Action.ADDED


def test_database_refuses_a_second_active_enrolment(catalogue):
    from django.db import IntegrityError, transaction

    offering = IntroductionSessionPageFactory(parent=catalogue)
    enrolment = EnrolmentFactory(offering=offering)

    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(offering=offering, user=enrolment.user)


def test_place_in_line_counts_those_still_waiting_ahead(catalogue):
    from enrolment.selectors import my_enrolments

    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    holder = ParticipantFactory()
    seat = enrol(offering, user=holder)
    first, second = ParticipantFactory(), ParticipantFactory()
    enrol(offering, user=first)
    last = enrol(offering, user=second)
    assert last.place_in_line == 2

    cancel_enrolment(seat, by=holder)  # the first in line takes the seat

    last.refresh_from_db()
    assert last.position == 2  # positions keep their gaps …
    assert last.place_in_line == 1  # … the place in line does not
    assert my_enrolments(second).get().place_in_line == 1


def test_publishing_a_stricter_rule_recomputes_completion(catalogue):
    from attendance.services import save_roster

    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[-2, -1], completion_share=50)
    enrolment = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    first = offering.sessions.order_by("date").first()
    save_roster(first, marks={enrolment.pk: ("present", "")}, by=UserFactory())
    enrolment.refresh_from_db()
    assert enrolment.completed

    offering.completion_share = 100
    offering.save_revision().publish()

    enrolment.refresh_from_db()
    assert not enrolment.completed
