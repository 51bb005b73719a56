"""Erasing a person: what goes, what stays, and that the funder's figures do not move."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import Profile
from accounts.services import get_or_create_person
from attendance.models import Attendance
from audit.models import Entry
from certificates.models import BatchItem, Certificate
from certificates.services import verify
from developer_groups.models import Invitation, MeetingAttendance, Membership
from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.personal_data import purge_expired_answers
from mentoring.models import Mentee, MentoringSession
from privacy import services
from privacy.services import ErasureRefused
from reports.selectors import ReportFilters, reference_data, report
from tests.factories import (
    AgreementFactory,
    BatchItemFactory,
    CertificateFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    InvitationFactory,
    MenteeFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
    claimant_of,
)

pytestmark = pytest.mark.django_db


def past_figures():
    today = timezone.localdate()
    filters = ReportFilters(date_from=today - dt.timedelta(days=100), date_to=today - dt.timedelta(days=1))
    result = report(filters, reference_data())
    return result.total.figures(), [
        (breakdown.name, [(row.label, row.figures()) for row in breakdown.rows]) for breakdown in result.breakdowns
    ]


def test_erasing_empties_the_account_and_ends_its_log_ins(anna, history):
    TOTP.activate(anna, generate_totp_secret())
    feed_token = Profile.objects.get(user=anna).feed_token

    services.erase_own_account(anna)

    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name, anna.email) == ("", "", "")
    assert anna.username == f"erased-{anna.pk}"
    assert not anna.is_active
    assert not anna.has_usable_password()
    assert not EmailAddress.objects.filter(user=anna).exists()
    assert not Authenticator.objects.filter(user=anna).exists()
    profile = Profile.objects.get(user=anna)
    assert (profile.organisation, profile.job_title, profile.privacy_consent_at) == ("", "", None)
    assert profile.feed_token != feed_token
    assert profile.erased_at is not None
    # What the funder's breakdowns count by stays, and names nobody.
    assert profile.municipality_id
    assert profile.sector_id


def test_erasing_removes_what_was_written_about_the_person_but_keeps_the_records(anna, history):
    services.erase_own_account(anna)

    done = Enrolment.objects.get(pk=history["done"].pk)
    assert (done.status, done.completed, done.answers) == ("confirmed", True, {})
    assert not EnrolmentEvent.objects.filter(enrolment=done).exclude(reason="").exists()
    mark = Attendance.objects.get(pk=history["attendance"].pk)
    assert (mark.status, mark.remark) == ("late", "")
    membership = Membership.objects.get(pk=history["membership"].pk)
    assert membership.left_on == timezone.localdate()
    assert MeetingAttendance.objects.get(membership=membership).remark == ""
    assert not Invitation.objects.exists()
    # The mentee's summary is the mentor's record of the work: it stays.
    assert MentoringSession.objects.get(pk=history["session"].pk).summary == "Yhteenveto Annalle."


def test_a_place_still_to_come_is_cancelled_and_goes_to_the_next_in_line(anna, history):
    services.erase_own_account(anna)

    assert Enrolment.objects.get(pk=history["seat"].pk).status == Enrolment.Status.CANCELLED
    assert Enrolment.objects.get(pk=history["next_in_line"].pk).status == Enrolment.Status.CONFIRMED


def test_erasing_an_account_keeps_the_invitations_to_an_address_it_only_claimed(history):
    invitation = InvitationFactory(group=history["group"], email="aino@example.fi", expires_at=timezone.now())
    stranger = claimant_of("aino@example.fi")

    services.erase_own_account(stranger)

    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_certificates_stay_valid_with_the_name_withheld_and_their_pdf_gone(anna, history):
    certificate = history["certificate"]
    pdf_name = certificate.pdf.name
    storage = certificate.pdf.storage
    assert storage.exists(pdf_name)

    services.erase_own_account(anna)

    certificate = verify(certificate.code)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.data["name"] == ""
    assert certificate.data["name_withheld"] is True
    assert certificate.data["title_fi"] == history["past"].title
    assert not certificate.pdf
    assert not storage.exists(pdf_name)


def test_a_batchs_reason_for_failing_that_names_the_person_goes(anna, history, coordinator):
    item = BatchItemFactory(
        batch__requested_by=coordinator,
        enrolment=history["done"],
        state=BatchItem.State.FAILED,
        error="Anna Virta ei ole suorittanut.",
    )

    services.erase_own_account(anna)

    item.refresh_from_db()
    assert (item.state, item.error) == (BatchItem.State.FAILED, "")


def test_the_funders_figures_for_past_periods_do_not_move(anna, history):
    before = past_figures()
    assert before[0][0] >= 1  # Anna is counted among the participants

    services.erase_own_account(anna)

    assert past_figures() == before


def test_a_mentors_working_notes_go_with_them(history, coordinator):
    mentor = history["mentor"]
    session = history["session"]
    MentoringSession.objects.filter(pk=session.pk).update(notes="Omat muistiinpanot.")

    services.erase_for(mentor, by=coordinator, reason="Sähköpostipyyntö 3.12.")

    session.refresh_from_db()
    assert (session.notes, session.summary) == ("", "Yhteenveto Annalle.")
    assert session.agreement.mentor_id == mentor.pk  # the agreement stays, with an erased mentor


def test_erasing_is_logged_and_erasing_again_changes_nothing(anna, history, coordinator):
    services.erase_for(anna, by=coordinator, reason="Pyysi kirjeellä 1.12.")
    services.erase_for(anna, by=coordinator, reason="Uudestaan")

    entry = Entry.objects.get(action=Entry.Action.ACCOUNT_ERASED)
    assert (entry.actor, entry.subject_id, entry.reason, entry.details) == (
        coordinator,
        anna.pk,
        "Pyysi kirjeellä 1.12.",
        {"why": "coordinator"},
    )


@pytest.mark.parametrize(
    ("reason", "by_self", "code"),
    [("", False, "reason"), ("Pyyntö", True, "self")],
)
def test_a_coordinator_gives_a_reason_and_does_not_erase_themselves(coordinator, anna, reason, by_self, code):
    with pytest.raises(ErasureRefused) as refusal:
        services.erase_for(coordinator if by_self else anna, by=coordinator, reason=reason)

    assert refusal.value.code == code
    assert not Profile.objects.filter(erased_at__isnull=False).exists()


def test_a_superuser_is_not_erased_by_a_coordinator(coordinator):
    admin = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(ErasureRefused):
        services.erase_for(admin, by=coordinator, reason="Pyyntö")

    admin.refresh_from_db()
    assert admin.is_active
    assert admin.email


def test_staff_cannot_erase_their_own_account_online(db):
    trainer = TrainerFactory()

    with pytest.raises(ErasureRefused) as refusal:
        services.erase_own_account(trainer)

    assert refusal.value.code == "staff"
    trainer.refresh_from_db()
    assert trainer.is_active


# Retention


def test_answers_are_deleted_a_set_time_after_the_course(catalogue, history, settings):
    settings.ENROLMENT_ANSWERS_RETENTION_DAYS = 20
    upcoming = history["seat"]
    Enrolment.objects.filter(pk=upcoming.pk).update(answers={"2": {"question": "Q", "answer": "A"}})
    today = timezone.localdate()

    # The course ended 30 days ago: not yet at 9 days after its end + 20.
    assert purge_expired_answers(today=today - dt.timedelta(days=11)) == 0
    assert purge_expired_answers(today=today) == 1

    assert Enrolment.objects.get(pk=history["done"].pk).answers == {}
    assert Enrolment.objects.get(pk=upcoming.pk).answers != {}
    entry = Entry.objects.get(action=Entry.Action.ANSWERS_PURGED)
    assert (entry.actor, entry.offering_id, entry.details) == (None, history["past"].pk, {"count": 1})
    assert purge_expired_answers(today=today) == 0  # nothing left: safe to run again


@pytest.fixture
def idle(db):
    """Someone who joined and last logged in four years ago, with nothing running since."""
    person = ParticipantFactory(first_name="Iida", last_name="Idle")
    long_ago = timezone.now() - dt.timedelta(days=4 * 365)
    get_user_model().objects.filter(pk=person.pk).update(date_joined=long_ago, last_login=long_ago)
    person.refresh_from_db()
    return person


def test_an_unused_account_is_warned_then_erased_unless_they_log_in(
    idle, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INACTIVE_ACCOUNT_DAYS, settings.INACTIVE_ACCOUNT_NOTICE_DAYS = 3 * 365, 30
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_inactivity_notices(now=now) == 1
        assert services.send_inactivity_notices(now=now) == 0  # once per spell of inactivity
    assert [message.to for message in mailoutbox] == [[idle.email]]
    assert services.erase_inactive_accounts(now=now) == 0  # the notice has only just gone

    assert services.erase_inactive_accounts(now=now + dt.timedelta(days=31)) == 1
    assert Profile.objects.get(user=idle).erased_at is not None
    entry = Entry.objects.get(action=Entry.Action.ACCOUNT_ERASED)
    assert (entry.actor, entry.details) == (None, {"why": "inactive"})


def test_logging_in_after_the_notice_keeps_the_account(idle, settings, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_inactivity_notices(now=now)
    get_user_model().objects.filter(pk=idle.pk).update(last_login=now + dt.timedelta(days=1))

    assert services.erase_inactive_accounts(now=now + dt.timedelta(days=60)) == 0
    assert Profile.objects.get(user=idle).erased_at is None


def test_people_with_trainings_groups_or_duties_are_not_counted_as_inactive(idle, catalogue, history):
    trainer = TrainerFactory()
    staff = UserFactory(is_staff=True)
    long_ago = timezone.now() - dt.timedelta(days=4 * 365)
    get_user_model().objects.filter(pk__in=[trainer.pk, staff.pk, history["mentor"].pk]).update(
        date_joined=long_ago, last_login=long_ago
    )
    # Idle, but enrolled on a course still to come.
    EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[5]), user=idle)

    assert services.send_inactivity_notices() == 0


def test_the_retention_schedule_is_installed_daily():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="privacy.tasks.apply_retention")
    assert (schedule.schedule_type, schedule.repeats) == (Schedule.DAILY, -1)


# Placeholders taken over


def test_confirming_an_address_takes_over_what_its_placeholder_was_given_and_closes_it(catalogue):
    placeholder = get_or_create_person(email="aino@example.fi", first_name="Aino", last_name="Aalto")
    owner = ParticipantFactory(username="aino.koti@example.fi")
    # A training only the placeholder has a place on, with its certificate.
    course = IntroductionSessionPageFactory(parent=catalogue)
    place = EnrolmentFactory(offering=course, user=placeholder, completed=True)
    certificate = CertificateFactory(enrolment=place)
    # A full training both have a place on: the placeholder's second place goes to the next in line.
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=2)
    own_place = EnrolmentFactory(offering=full, user=owner)
    second_place = EnrolmentFactory(offering=full, user=placeholder)
    next_in_line = EnrolmentFactory(offering=full, status=Enrolment.Status.WAITING, position=1)
    # Mentoring: a place in an agreement, and one in an agreement the owner mentors.
    received = MenteeFactory(agreement__mentor=UserFactory(), user=placeholder)
    own_agreement = AgreementFactory(mentor=owner)
    MenteeFactory(agreement=own_agreement, user=placeholder)
    EmailAddress.objects.create(user=owner, email="aino@example.fi", verified=True)

    assert services.take_over_placeholders(owner, email="aino@example.fi") == 1

    assert Enrolment.objects.get(pk=place.pk).user == owner
    assert Certificate.objects.get(pk=certificate.pk).subject == owner
    assert Enrolment.objects.get(pk=own_place.pk).status == Enrolment.Status.CONFIRMED
    second_place.refresh_from_db()
    assert (second_place.user, second_place.status) == (placeholder, Enrolment.Status.CANCELLED)
    assert Enrolment.objects.get(pk=next_in_line.pk).status == Enrolment.Status.CONFIRMED
    assert Mentee.objects.get(pk=received.pk).user == owner
    assert own_agreement.mentees.get().user == placeholder  # a mentor is no mentee of their own agreement
    placeholder.refresh_from_db()
    assert (placeholder.is_active, placeholder.email, placeholder.get_full_name()) == (False, "", "Aino Aalto")
    assert not EmailAddress.objects.filter(user=placeholder).exists()
    assert services.take_over_placeholders(owner, email="aino@example.fi") == 0
