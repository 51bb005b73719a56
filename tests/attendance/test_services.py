import datetime as dt

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone

import pytest

from attendance import services
from attendance.models import Attendance, AttendanceChange
from attendance.services import (
    AttendanceRefused,
    RosterSaved,
    add_walk_in,
    check_in,
    check_in_token,
    next_code_in,
    save_roster,
    scanned_session,
)
from courses.models import Offering
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Attendance.Status
PRESENT, LATE, EXCUSED, ABSENT = Status.PRESENT, Status.LATE, Status.EXCUSED, Status.ABSENT


def enrol(offering, count=1, **kwargs):
    return [EnrolmentFactory(offering=offering, user=ParticipantFactory(), **kwargs) for _ in range(count)]


def completed(enrolment) -> bool:
    enrolment.refresh_from_db(fields=["completed"])
    return enrolment.completed


# Saving a roster


def test_save_roster_creates_a_mark_for_each_person(today_session, offering, trainer):
    first, second = enrol(offering, 2)

    saved = save_roster(today_session, marks={first.pk: (PRESENT, ""), second.pk: (LATE, " bus ")}, by=trainer)

    assert saved == RosterSaved(created=2, changed=0)
    marks = {a.enrolment_id: a for a in Attendance.objects.filter(session=today_session)}
    assert (marks[first.pk].status, marks[first.pk].marked_by) == (PRESENT, trainer)
    assert (marks[second.pk].status, marks[second.pk].remark) == (LATE, "bus")
    assert not AttendanceChange.objects.exists()


def test_saving_the_same_roster_twice_changes_nothing(today_session, offering, trainer):
    first, second = enrol(offering, 2)
    marks = {first.pk: (PRESENT, ""), second.pk: (ABSENT, "ill")}
    save_roster(today_session, marks=marks, by=trainer)
    before = list(Attendance.objects.order_by("pk").values())

    saved = save_roster(today_session, marks=marks, by=trainer)

    assert saved == RosterSaved(created=0, changed=0)
    assert list(Attendance.objects.order_by("pk").values()) == before
    assert not AttendanceChange.objects.exists()


def test_a_correction_keeps_who_changed_what_from_what_to_what(today_session, offering, trainer):
    (enrolment,) = enrol(offering)
    save_roster(today_session, marks={enrolment.pk: (ABSENT, "")}, by=trainer)
    first_marked_at = Attendance.objects.get().marked_at
    colleague = TrainerFactory(trains=[offering])

    saved = save_roster(today_session, marks={enrolment.pk: (LATE, "came at ten")}, by=colleague)

    assert saved == RosterSaved(created=0, changed=1)
    mark = Attendance.objects.get()
    assert (mark.status, mark.remark, mark.marked_by) == (LATE, "came at ten", colleague)
    change = AttendanceChange.objects.get()
    assert (change.attendance, change.changed_by) == (mark, colleague)
    assert (change.from_status, change.to_status) == (ABSENT, LATE)
    assert (change.from_remark, change.to_remark) == ("", "came at ten")
    # The mark it replaced: its author and time are on the mark no longer, so the correction keeps them.
    assert (change.from_marked_by, change.from_marked_at) == (trainer, first_marked_at)


def test_each_correction_keeps_the_author_of_the_mark_it_replaced(today_session, offering, trainer):
    (enrolment,) = enrol(offering)
    check_in(today_session, user=enrolment.user)
    checked_in_at = Attendance.objects.get().marked_at
    colleague = TrainerFactory(trains=[offering])

    save_roster(today_session, marks={enrolment.pk: (LATE, "")}, by=trainer)
    corrected_at = Attendance.objects.get().marked_at
    save_roster(today_session, marks={enrolment.pk: (PRESENT, "")}, by=colleague)

    first, second = AttendanceChange.objects.order_by("pk")
    assert (first.from_marked_by, first.from_marked_at, first.changed_by) == (enrolment.user, checked_in_at, trainer)
    assert (second.from_marked_by, second.from_marked_at, second.changed_by) == (trainer, corrected_at, colleague)


def test_a_roster_with_someone_from_another_course_is_refused_and_nothing_is_written(
    today_session, offering, trainer, catalogue
):
    (own,) = enrol(offering)
    (stranger,) = enrol(IntroductionSessionPageFactory(parent=catalogue))

    with pytest.raises(AttendanceRefused) as refused:
        save_roster(today_session, marks={own.pk: (PRESENT, ""), stranger.pk: (PRESENT, "")}, by=trainer)

    assert refused.value.code == "roster"
    assert not Attendance.objects.exists()


def test_a_roster_with_someone_on_the_waiting_list_is_refused(today_session, offering, trainer):
    (waiting,) = enrol(offering, status=Enrolment.Status.WAITING)

    with pytest.raises(AttendanceRefused):
        save_roster(today_session, marks={waiting.pk: (PRESENT, "")}, by=trainer)

    assert not Attendance.objects.exists()


def test_an_unknown_status_is_refused(today_session, offering, trainer):
    (enrolment,) = enrol(offering)

    with pytest.raises(AttendanceRefused) as refused:
        save_roster(today_session, marks={enrolment.pk: ("asleep", "")}, by=trainer)

    assert refused.value.code == "status"
    assert not Attendance.objects.exists()


def test_a_session_still_ahead_cannot_be_marked(later_session, offering, trainer):
    (enrolment,) = enrol(offering)

    with pytest.raises(AttendanceRefused) as refused:
        save_roster(later_session, marks={enrolment.pk: (PRESENT, "")}, by=trainer)

    assert refused.value.code == "not_yet"
    assert not Attendance.objects.exists()
    assert not completed(enrolment)


def test_a_session_that_is_over_can_still_be_marked(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[-3])
    (enrolment,) = enrol(offering)

    saved = save_roster(
        offering.sessions.get(), marks={enrolment.pk: (PRESENT, "")}, by=TrainerFactory(trains=[offering])
    )

    assert saved == RosterSaved(created=1, changed=0)


# Completion follows from the marks


@pytest.fixture
def five_sessions(catalogue):
    """Five sessions, 80 % needed: four attended complete the course."""
    return IntroductionSessionPageFactory(parent=catalogue, sessions=[-4, -3, -2, -1, 0], completion_share=80)


def mark_each(offering, enrolment, statuses, by):
    for session, status in zip(offering.sessions.order_by("date"), statuses, strict=False):
        save_roster(session, marks={enrolment.pk: (status, "")}, by=by)


def test_attending_four_of_five_sessions_completes_a_course_that_needs_80_percent(five_sessions):
    (enrolment,) = enrol(five_sessions)
    trainer = TrainerFactory(trains=[five_sessions])

    mark_each(five_sessions, enrolment, [PRESENT, LATE, ABSENT, PRESENT], trainer)
    assert not completed(enrolment)

    mark_each(five_sessions, enrolment, [PRESENT, LATE, ABSENT, PRESENT, PRESENT], trainer)
    assert completed(enrolment)


def test_missing_a_mandatory_session_blocks_completion(five_sessions):
    (enrolment,) = enrol(five_sessions)
    trainer = TrainerFactory(trains=[five_sessions])
    five_sessions.sessions.filter(date=five_sessions.starts_on).update(mandatory=True)

    mark_each(five_sessions, enrolment, [ABSENT, PRESENT, PRESENT, PRESENT, PRESENT], trainer)

    assert not completed(enrolment)


@pytest.mark.parametrize(("excused_counts", "expected"), [(False, False), (True, True)])
def test_an_excused_absence_counts_only_when_the_course_says_so(five_sessions, excused_counts, expected):
    trainer = TrainerFactory(trains=[five_sessions])
    Offering.objects.filter(pk=five_sessions.pk).update(excused_counts=excused_counts)
    (enrolment,) = enrol(five_sessions)

    mark_each(five_sessions, enrolment, [PRESENT, PRESENT, PRESENT, EXCUSED, ABSENT], trainer)

    assert completed(enrolment) is expected


def test_a_correction_takes_completion_back(five_sessions):
    (enrolment,) = enrol(five_sessions)
    trainer = TrainerFactory(trains=[five_sessions])
    mark_each(five_sessions, enrolment, [PRESENT] * 5, trainer)
    assert completed(enrolment)

    mark_each(five_sessions, enrolment, [ABSENT, ABSENT], trainer)

    assert not completed(enrolment)


# Self check-in with the QR code


def test_check_in_marks_the_participant_present_at_that_session_only(today_session, later_session, offering):
    (enrolment,) = enrol(offering)

    mark = check_in(scanned_session(check_in_token(today_session)), user=enrolment.user)

    assert (mark.session, mark.enrolment, mark.status, mark.checked_in) == (today_session, enrolment, PRESENT, True)
    assert mark.marked_by == enrolment.user
    assert list(Attendance.objects.values_list("session_id", flat=True)) == [today_session.pk]


def test_check_in_to_a_session_on_another_day_is_refused_when_scanned_and_when_confirmed(later_session, offering):
    (enrolment,) = enrol(offering)

    with pytest.raises(AttendanceRefused) as scanned:
        scanned_session(check_in_token(later_session))
    with pytest.raises(AttendanceRefused) as confirmed:
        check_in(later_session, user=enrolment.user)

    assert scanned.value.code == confirmed.value.code == "day"
    assert not Attendance.objects.exists()


def test_the_code_on_the_screen_and_the_one_before_it_are_taken(today_session):
    now = timezone.now()

    for age in (0, 29, 30):
        token = check_in_token(today_session, at=now - dt.timedelta(seconds=age))
        assert scanned_session(token, at=now) == today_session


@pytest.mark.parametrize("age", [60, 90, 4 * 60 * 60])
def test_a_code_older_than_the_one_before_is_refused_as_expired(today_session, age):
    now = timezone.now()
    token = check_in_token(today_session, at=now - dt.timedelta(seconds=age))

    with pytest.raises(AttendanceRefused) as refused:
        scanned_session(token, at=now)

    assert refused.value.code == "expired"


def test_a_code_changes_every_thirty_seconds(today_session):
    start = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
    codes = [check_in_token(today_session, at=start + dt.timedelta(seconds=s)) for s in (0, 29, 30, 59, 60)]

    assert codes[0] == codes[1] != codes[2] == codes[3] != codes[4]
    assert next_code_in(at=start + dt.timedelta(seconds=12)) == 18


@pytest.mark.parametrize(
    "token", ["not-a-code", "1-59000000:forged", signing.Signer(salt="attendance.check-in").sign("1-2-3")]
)
def test_an_invalid_check_in_code_is_refused(today_session, token):
    with pytest.raises(AttendanceRefused) as refused:
        scanned_session(token)

    assert refused.value.code == "invalid"


@pytest.mark.parametrize("status", [None, Enrolment.Status.WAITING, Enrolment.Status.CANCELLED])
def test_check_in_without_a_confirmed_place_is_refused(today_session, offering, status):
    person = ParticipantFactory()
    if status:
        EnrolmentFactory(offering=offering, user=person, status=status)

    with pytest.raises(AttendanceRefused) as refused:
        check_in(today_session, user=person)

    assert refused.value.code == "not_enrolled"
    assert not Attendance.objects.exists()


def test_checking_in_twice_leaves_one_mark_and_no_correction(today_session, offering):
    (enrolment,) = enrol(offering)

    check_in(today_session, user=enrolment.user)
    check_in(today_session, user=enrolment.user)

    assert Attendance.objects.count() == 1
    assert not AttendanceChange.objects.exists()


@pytest.mark.parametrize("status", [LATE, EXCUSED, ABSENT, PRESENT])
def test_check_in_after_being_marked_by_the_trainer_changes_nothing(today_session, offering, trainer, status):
    (enrolment,) = enrol(offering)
    save_roster(today_session, marks={enrolment.pk: (status, "soitti")}, by=trainer)
    before = list(Attendance.objects.values())

    mark = check_in(today_session, user=enrolment.user)

    assert (mark.status, mark.marked_by, mark.checked_in) == (status, trainer, False)
    assert list(Attendance.objects.values()) == before
    assert not AttendanceChange.objects.exists()


# Walk-ins


def test_a_walk_in_gets_a_confirmed_place_even_on_a_full_course_and_is_marked_present(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1, sessions=[0])
    session = offering.sessions.get()
    enrol(offering)
    trainer = TrainerFactory(trains=[offering])

    enrolment = add_walk_in(
        session, email=" Uusi.Ihminen@Example.fi ", first_name="Uusi", last_name="Ihminen", by=trainer
    )

    assert (enrolment.status, enrolment.created_by) == (Enrolment.Status.CONFIRMED, trainer)
    assert offering.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 2
    person = enrolment.user
    assert (person.email, person.first_name, person.last_name) == ("uusi.ihminen@example.fi", "Uusi", "Ihminen")
    assert not person.has_usable_password()
    # Its own action, translated when the history is read, not a reason frozen in the trainer's language.
    assert list(enrolment.events.values_list("action", "by", "reason")) == [
        (EnrolmentEvent.Action.WALK_IN, trainer.pk, "")
    ]
    mark = Attendance.objects.get()
    assert (mark.session, mark.enrolment, mark.status, mark.marked_by) == (session, enrolment, PRESENT, trainer)


def test_a_walk_in_with_an_existing_account_uses_it_as_it_is(today_session, offering, trainer):
    person = ParticipantFactory(email="liisa@example.fi", username="liisa@example.fi", first_name="Liisa")

    enrolment = add_walk_in(today_session, email="LIISA@example.fi", first_name="Someone", last_name="Else", by=trainer)

    assert enrolment.user == person
    assert get_user_model().objects.filter(email__iexact="liisa@example.fi").count() == 1
    person.refresh_from_db()
    assert person.first_name == "Liisa"


def test_a_walk_in_on_the_waiting_list_is_confirmed(today_session, offering, trainer):
    (waiting,) = enrol(offering, status=Enrolment.Status.WAITING)

    enrolment = add_walk_in(today_session, email=waiting.user.email, first_name="", last_name="", by=trainer)

    assert enrolment.pk == waiting.pk
    assert (enrolment.status, enrolment.position) == (Enrolment.Status.CONFIRMED, None)
    event = enrolment.events.last()
    assert (event.action, event.status, event.by, event.reason) == (
        EnrolmentEvent.Action.WALK_IN,
        Enrolment.Status.CONFIRMED,
        trainer,
        "",
    )
    assert Attendance.objects.get().enrolment == enrolment


def test_a_walk_in_already_confirmed_is_only_marked_present(today_session, offering, trainer):
    (enrolment,) = enrol(offering)

    again = add_walk_in(today_session, email=enrolment.user.email, first_name="", last_name="", by=trainer)

    assert again.pk == enrolment.pk
    assert offering.enrolments.count() == 1
    assert Attendance.objects.get().status == PRESENT


def test_a_walk_in_at_a_session_still_ahead_is_refused_and_makes_no_account(later_session, offering, trainer):
    with pytest.raises(AttendanceRefused) as refused:
        add_walk_in(later_session, email="etuajassa@example.fi", first_name="Eetu", last_name="Etuajassa", by=trainer)

    assert refused.value.code == "not_yet"
    assert not get_user_model().objects.filter(email="etuajassa@example.fi").exists()
    assert not offering.enrolments.exists()
    assert not Attendance.objects.exists()


def test_a_walk_in_refused_on_the_way_leaves_no_account_behind(today_session, trainer, monkeypatch):
    def refuse(*args, **kwargs):
        raise AttendanceRefused("no", code="roster")

    monkeypatch.setattr(services, "_record_marks", refuse)

    with pytest.raises(AttendanceRefused):
        add_walk_in(today_session, email="uusi@example.fi", first_name="Uusi", last_name="Tulija", by=trainer)

    assert not get_user_model().objects.filter(email="uusi@example.fi").exists()
    assert not Enrolment.objects.exists()


def test_every_completion_decision_stays_in_the_history(catalogue):
    from attendance.services import override_completion
    from enrolment.models import EnrolmentEvent
    from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

    enrolment = EnrolmentFactory(
        offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[-1]), user=ParticipantFactory()
    )
    coordinator = UserFactory()

    override_completion(enrolment, completed=True, by=coordinator, reason="Suoritti korvaavan tehtävän")
    override_completion(enrolment, completed=None, by=coordinator, reason="")

    events = list(enrolment.events.order_by("pk").values_list("action", "reason"))
    assert events == [
        (EnrolmentEvent.Action.DECIDED_COMPLETED, "Suoritti korvaavan tehtävän"),
        (EnrolmentEvent.Action.RULE_RESTORED, ""),
    ]
    assert set(enrolment.events.values_list("by", flat=True)) == {coordinator.pk}
