"""What coordinators and trainers do to other people's records lands in the audit log, in the same
transaction as the change; what people do to their own records, and what the system does on its
own (promotion from the waiting list), does not."""

from decimal import Decimal

import pytest

from audit.models import Entry
from certificates import services as certificates
from developer_groups.models import MeetingAttendance
from developer_groups.services import save_meeting_attendance
from enrolment.models import Enrolment
from enrolment.services import (
    EnrolmentRefused,
    add_participant,
    approve_enrolment,
    cancel_enrolment,
    enrol,
    move_in_waiting_list,
)
from tests.factories import (
    BasicCoursePageFactory,
    DeveloperGroupFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Action = Entry.Action


@pytest.fixture
def offering(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, capacity=1)


def only_entry(**filters) -> Entry:
    entries = list(Entry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def test_a_coordinators_approval_cancellation_and_addition_are_logged(catalogue, coordinator):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=5, approval_required=True)
    anna, ben = ParticipantFactory(), ParticipantFactory()
    pending = enrol(offering, user=anna)

    approve_enrolment(pending, by=coordinator)
    cancel_enrolment(pending, by=coordinator, reason="Sairausloma")
    add_participant(offering, user=ben, by=coordinator, reason="Puhelimitse")

    approved = only_entry(action=Action.ENROLMENT_APPROVED)
    assert (approved.actor, approved.subject, approved.offering_id) == (coordinator, anna, offering.pk)
    assert approved.details == {"status": "confirmed"}
    cancelled = only_entry(action=Action.ENROLMENT_CANCELLED)
    assert (cancelled.subject, cancelled.reason, cancelled.details["late"]) == (anna, "Sairausloma", False)
    added = only_entry(action=Action.PERSON_ADDED)
    assert (added.subject, added.reason, added.details["status"]) == (ben, "Puhelimitse", "confirmed")


def test_moving_someone_in_the_waiting_list_is_logged_with_both_places(offering, coordinator):
    first, second = (EnrolmentFactory(offering=offering, status=Enrolment.Status.WAITING, position=n) for n in (1, 2))

    move_in_waiting_list(second, to_position=1, by=coordinator, reason="Työnantajan pyyntö")

    entry = only_entry(action=Action.WAITING_LIST_MOVED)
    assert entry.subject == second.user
    assert (entry.details["from"], entry.details["to"]) == (2, 1)
    assert first.user_id != entry.subject_id


def test_a_refused_change_leaves_no_entry(offering, coordinator):
    waiting = EnrolmentFactory(offering=offering, status=Enrolment.Status.WAITING, position=1)

    with pytest.raises(EnrolmentRefused):
        move_in_waiting_list(waiting, to_position=1, by=coordinator, reason="  ")

    assert not Entry.objects.exists()


def test_what_people_do_to_their_own_enrolments_and_the_waiting_list_moving_up_are_not_logged(offering):
    anna, ben = ParticipantFactory(), ParticipantFactory()
    seat = enrol(offering, user=anna)
    enrol(offering, user=ben)  # waiting

    cancel_enrolment(seat, by=anna)  # Ben is promoted by the system

    assert Enrolment.objects.get(user=ben).status == Enrolment.Status.CONFIRMED
    assert not Entry.objects.exists()


def test_issuing_revoking_and_reissuing_certificates_are_logged(catalogue, coordinator):
    course = BasicCoursePageFactory(parent=catalogue, sessions=[-10], scope_days=Decimal("1"))
    enrolment = EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True)

    certificate = certificates.issue_certificate(enrolment, issued_by=coordinator)
    replacement = certificates.reissue_certificate(
        certificate, by=coordinator, reason="Nimi korjattu", name="Uusi Nimi"
    )
    certificates.revoke_certificate(replacement, by=coordinator, reason="Myönnetty erehdyksessä")

    issued = only_entry(action=Action.CERTIFICATE_ISSUED)
    assert (issued.subject, issued.offering_id, issued.details["number"]) == (
        enrolment.user,
        course.pk,
        certificate.number,
    )
    reissued = only_entry(action=Action.CERTIFICATE_REISSUED)
    assert reissued.details == {"number": replacement.number, "kind": "course", "replaces": certificate.number}
    assert reissued.reason == "Nimi korjattu"
    revoked = only_entry(action=Action.CERTIFICATE_REVOKED)
    assert (revoked.details["number"], revoked.reason) == (replacement.number, "Myönnetty erehdyksessä")


def test_a_certificate_issued_by_no_one_in_particular_is_not_logged(catalogue):
    course = BasicCoursePageFactory(parent=catalogue, sessions=[-10])
    certificates.issue_certificate(EnrolmentFactory(offering=course, completed=True), issued_by=None)

    assert not Entry.objects.exists()


def test_a_facilitators_correction_of_a_meeting_mark_is_logged_but_the_first_mark_is_not(db):
    group = DeveloperGroupFactory()
    facilitator = ParticipantFactory()
    member = MembershipFactory(group=group)
    meeting = MeetingFactory(group=group, days=-1)

    save_meeting_attendance(meeting, marks={member.pk: ("absent", "")}, by=facilitator)
    assert not Entry.objects.exists()
    save_meeting_attendance(meeting, marks={member.pk: ("present", "tuli myöhemmin")}, by=facilitator)

    entry = only_entry(action=Action.MEETING_ATTENDANCE_CORRECTED)
    assert (entry.actor, entry.subject, entry.group_id) == (facilitator, member.user, group.pk)
    assert (entry.details["from"], entry.details["to"]) == ("absent", "present")
    assert MeetingAttendance.objects.get().status == "present"


def test_exporting_a_participant_list_or_a_report_is_logged(coordinator_client, coordinator, offering):
    EnrolmentFactory(offering=offering)

    assert coordinator_client.get(f"/admin/enrolments/{offering.pk}/export.xlsx").status_code == 200
    assert coordinator_client.get("/admin/reports/export.csv", {"kind": "basic"}).status_code == 200

    participants = only_entry(action=Action.EXPORTED, offering=offering)
    assert participants.actor == coordinator
    assert participants.details == {"what": "participants", "format": "xlsx", "rows": 1}
    report = only_entry(action=Action.EXPORTED, offering__isnull=True)
    assert report.details["what"] == "report"
    assert report.details["format"] == "csv"
    assert "Peruskoulutukset" in report.details["filters"]


def test_a_trainers_roster_correction_is_logged_with_the_session_day(catalogue):
    from attendance.services import save_roster

    trainer = UserFactory(first_name="Tuomas")
    course = BasicCoursePageFactory(parent=catalogue, sessions=[-3, 5])
    session = course.sessions.order_by("date").first()
    anna, ben = (EnrolmentFactory(offering=course, user=ParticipantFactory()) for _ in range(2))

    save_roster(session, marks={anna.pk: ("absent", ""), ben.pk: ("present", "")}, by=trainer)
    assert not Entry.objects.exists()  # first marks are no corrections
    save_roster(session, marks={anna.pk: ("late", "juna"), ben.pk: ("present", "")}, by=trainer)

    entry = only_entry(action=Action.ATTENDANCE_CORRECTED)
    assert (entry.actor, entry.subject, entry.offering_id) == (trainer, anna.user, course.pk)
    assert entry.details == {"date": session.date.isoformat(), "from": "absent", "to": "late"}


def test_a_walk_in_and_a_completion_decision_are_logged(catalogue, coordinator):
    from attendance.services import add_walk_in, override_completion

    trainer = UserFactory()
    course = BasicCoursePageFactory(parent=catalogue, sessions=[0])
    enrolment = add_walk_in(
        course.sessions.get(), email="kävijä@example.fi", first_name="Kerttu", last_name="Kävijä", by=trainer
    )
    override_completion(enrolment, completed=True, by=coordinator, reason="Korvaava tehtävä")

    walk_in = only_entry(action=Action.PERSON_ADDED)
    assert (walk_in.actor, walk_in.subject, walk_in.details) == (
        trainer,
        enrolment.user,
        {"status": "confirmed", "walk_in": True},
    )
    decided = only_entry(action=Action.COMPLETION_DECIDED)
    assert (decided.actor, decided.details, decided.reason) == (coordinator, {"completed": True}, "Korvaava tehtävä")
