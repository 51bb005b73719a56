import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest
from allauth.account.models import EmailAddress

from accounts.selectors import profile_for
from accounts.services import get_or_create_person, person_with_email
from attendance.models import Attendance
from certificates.selectors import with_meetings
from developer_groups.models import Action, Invitation, Meeting, MeetingAttendance, Membership
from developer_groups.services import (
    GroupRefused,
    accept_invitation,
    accept_with_new_account,
    cancel_meeting,
    check_invitation,
    create_group,
    invite,
    plan_meeting,
    record_meeting,
    resend_invitation,
    save_meeting_attendance,
    update_action_status,
    update_meeting,
    update_membership,
    withdraw_invitation,
)
from tests.factories import (
    ActionFactory,
    DeveloperGroupFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipantFactory,
    SectorFactory,
    UserFactory,
)

from .conftest import HOUR

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.EXCUSED,
    Attendance.Status.ABSENT,
)


def test_create_group_refuses_a_period_that_ends_before_it_starts():
    today = timezone.localdate()

    with pytest.raises(ValidationError):
        create_group(
            name_fi="Ryhmä",
            municipality=MunicipalityFactory(),
            theme_fi="Teema",
            starts_on=today,
            ends_on=today - dt.timedelta(days=1),
        )


# Invitations


def test_invite_stores_the_address_in_lower_case_and_emails_the_link_after_commit(
    group, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invite(group, email=" Aino.Aalto@Example.FI ", by=coordinator, first_name="Aino")
    assert mailoutbox == []
    for callback in callbacks:
        callback()

    assert invitation.email == "aino.aalto@example.fi"
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    assert [message.to for message in mailoutbox] == [["aino.aalto@example.fi"]]
    assert f"/fi/groups/invitations/{invitation.token}/" in mailoutbox[0].body


def test_inviting_the_same_address_again_renews_the_open_invitation(group, coordinator):
    first = invite(group, email="aino@example.fi", by=coordinator)
    old_token = first.token

    again = invite(group, email="AINO@example.fi", by=coordinator, role=Membership.Role.FACILITATOR)

    assert again.pk == first.pk
    assert again.token != old_token
    assert again.role == Membership.Role.FACILITATOR
    assert Invitation.objects.count() == 1
    assert not Invitation.objects.filter(token=old_token).exists()


def test_a_current_member_is_not_invited_again_but_someone_who_left_is(group, coordinator, member):
    with pytest.raises(GroupRefused) as refusal:
        invite(group, email=member.user.email.upper(), by=coordinator)
    assert refusal.value.code == "already_member"

    member.left_on = timezone.localdate() - dt.timedelta(days=1)
    member.save()
    assert invite(group, email=member.user.email, by=coordinator).pk


def test_resending_gives_a_new_link_and_an_accepted_invitation_is_neither_resent_nor_withdrawn(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    old_token = invitation.token

    assert resend_invitation(invitation, by=coordinator).token != old_token

    accept_invitation(invitation, user=UserFactory(username="aino@example.fi", verified=True))
    with pytest.raises(GroupRefused):
        resend_invitation(invitation, by=coordinator)
    with pytest.raises(GroupRefused):
        withdraw_invitation(invitation, by=coordinator)


def test_withdrawing_removes_the_invitation_and_its_link(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    withdraw_invitation(invitation, by=coordinator)

    assert not Invitation.objects.exists()


def test_an_expired_invitation_cannot_be_accepted(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    invitation.refresh_from_db()

    with pytest.raises(GroupRefused) as refusal:
        accept_invitation(invitation, user=UserFactory(username="aino@example.fi", verified=True))

    assert refusal.value.code == "expired"
    assert not Membership.objects.exists()


def test_accepting_joins_the_group_in_the_invited_role_with_organisation_and_sector(group, coordinator):
    organisation, sector = OrganisationFactory(name_fi="Porin kaupunki"), SectorFactory()
    invitation = invite(
        group,
        email="aino@example.fi",
        by=coordinator,
        role=Membership.Role.CONTACT,
        organisation=organisation,
        sector=sector,
    )
    person = ParticipantFactory(username="aino@example.fi")

    membership = accept_invitation(invitation, user=person)

    assert (membership.group, membership.user, membership.role) == (group, person, Membership.Role.CONTACT)
    assert (membership.organisation, membership.sector) == (organisation, sector)
    assert membership.joined_on == timezone.localdate()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.membership == membership


def test_accepting_twice_returns_the_first_membership_and_the_link_is_then_used_up(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    person = UserFactory(username="aino@example.fi", verified=True)

    first = accept_invitation(invitation, user=person)
    second = accept_invitation(invitation, user=person)

    assert first == second
    assert Membership.objects.count() == 1
    invitation.refresh_from_db()
    with pytest.raises(GroupRefused) as refusal:
        check_invitation(invitation)
    assert refusal.value.code == "used"


def test_a_colleague_with_a_forwarded_link_neither_joins_nor_gets_the_invited_address(group, coordinator):
    invitation = invite(group, email="aino.aalto@example.fi", by=coordinator)
    colleague = ParticipantFactory(username="colleague@example.fi")

    with pytest.raises(GroupRefused) as refusal:
        accept_invitation(invitation, user=colleague)

    assert refusal.value.code == "other_address"
    assert not Membership.objects.exists()
    assert not EmailAddress.objects.filter(email__iexact="aino.aalto@example.fi").exists()
    assert person_with_email("aino.aalto@example.fi") is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # the real person can still use it


def test_a_person_joins_with_another_account_once_the_invited_address_is_confirmed_on_it(group, coordinator):
    invitation = invite(group, email="aino.work@example.fi", by=coordinator)
    person = ParticipantFactory(username="aino.home@example.fi")
    # Added on allauth's Email addresses page: unverified until its confirmation link is opened.
    address = EmailAddress.objects.create(user=person, email="aino.work@example.fi", verified=False)

    with pytest.raises(GroupRefused) as refusal:
        accept_invitation(invitation, user=person)
    assert refusal.value.code == "unconfirmed_address"
    assert not Membership.objects.exists()

    address.set_verified()
    membership = accept_invitation(invitation, user=person)

    assert membership.user == person
    address.refresh_from_db()
    assert (address.verified, address.primary) == (True, False)


def test_an_invitation_for_an_address_of_another_account_is_refused(group, coordinator):
    ParticipantFactory(username="aino@example.fi")
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    with pytest.raises(GroupRefused) as refusal, translation.override("en"):
        accept_invitation(invitation, user=ParticipantFactory(username="someone.else@example.fi"))

    assert refusal.value.code == "other_account"
    assert "Log out and log in with that address" in str(refusal.value.message)
    assert not Membership.objects.exists()


def test_a_placeholder_for_the_invited_address_leaves_a_logged_in_person_to_confirm_it_on_their_own_account(
    group, coordinator
):
    # Made when a coordinator added the address by hand; confirming it elsewhere takes it over.
    get_or_create_person(email="aino@example.fi", first_name="Aino", last_name="Aalto")
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    with pytest.raises(GroupRefused) as refusal:
        accept_invitation(invitation, user=ParticipantFactory(username="aino.koti@example.fi"))

    assert refusal.value.code == "other_address"
    assert not Membership.objects.exists()


def test_a_member_who_only_claims_an_address_does_not_stop_its_owner_being_invited(group, coordinator, member):
    EmailAddress.objects.create(user=member.user, email="aino@example.fi", verified=False)

    invitation = invite(group, email="aino@example.fi", by=coordinator)

    assert invitation.email == "aino@example.fi"


def test_someone_who_left_comes_back_and_a_member_takes_the_invited_role(group, coordinator, member):
    member.left_on = timezone.localdate() - dt.timedelta(days=3)
    member.save()
    invitation = invite(group, email=member.user.email, by=coordinator, role=Membership.Role.FACILITATOR)

    membership = accept_invitation(invitation, user=member.user)

    assert membership.pk == member.pk
    assert (membership.left_on, membership.role) == (None, Membership.Role.FACILITATOR)


def test_accepting_without_an_account_makes_one_with_a_verified_address_and_the_password(group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    membership = accept_with_new_account(
        invitation, first_name=" Aino ", last_name="Aalto", password="kehittaja-2026!", language="sv"
    )

    person = membership.user
    assert (person.email, person.first_name, person.last_name) == ("aino@example.fi", "Aino", "Aalto")
    assert person.check_password("kehittaja-2026!")
    address = EmailAddress.objects.get(user=person)
    assert (address.email, address.verified, address.primary) == ("aino@example.fi", True, True)
    profile = profile_for(person)
    assert profile.preferred_language == "sv"
    assert profile.privacy_consent_at is not None


def test_an_account_a_coordinator_made_without_a_password_is_completed_not_duplicated(group, coordinator):
    made = get_or_create_person(email="aino@example.fi", first_name="", last_name="")
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    membership = accept_with_new_account(
        invitation, first_name="Aino", last_name="Aalto", password="kehittaja-2026!", language="fi"
    )

    assert membership.user.pk == made.pk
    made.refresh_from_db()
    assert made.check_password("kehittaja-2026!")
    assert EmailAddress.objects.get(user=made).verified


def test_a_sign_up_never_confirmed_does_not_stop_the_owner_accepting_with_an_account_of_their_own(group, coordinator):
    # Someone signed up with Aino's address and a password of theirs; they can never confirm it.
    unconfirmed = UserFactory(email="aino@example.fi")
    EmailAddress.objects.create(user=unconfirmed, email="aino@example.fi", primary=True, verified=False)
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    membership = accept_with_new_account(
        invitation, first_name="Aino", last_name="Aalto", password="kehittaja-2026!", language="fi"
    )

    assert membership.user != unconfirmed
    assert membership.user.check_password("kehittaja-2026!")
    assert person_with_email("aino@example.fi") == membership.user
    unconfirmed.refresh_from_db()
    assert unconfirmed.check_password("salasana-123")


def test_an_account_with_a_password_is_not_taken_over_through_an_invitation(group, coordinator):
    owner = ParticipantFactory(username="aino@example.fi")
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    with pytest.raises(GroupRefused) as refusal:
        accept_with_new_account(invitation, first_name="X", last_name="Y", password="toinen-salasana-9", language="fi")

    assert refusal.value.code == "account_exists"
    owner.refresh_from_db()
    assert owner.check_password("salasana-123")
    assert not Membership.objects.exists()


# Memberships


def test_a_membership_cannot_end_before_it_began(member, coordinator):
    with pytest.raises(GroupRefused):
        update_membership(
            member,
            by=coordinator,
            role=member.role,
            organisation=None,
            sector=None,
            joined_on=member.joined_on,
            left_on=member.joined_on - dt.timedelta(days=1),
        )


# Meetings


def test_plan_meeting_needs_an_end_after_the_start_and_a_place_or_a_link(group, facilitator):
    starts_at = timezone.now() + dt.timedelta(days=7)

    with pytest.raises(GroupRefused) as times:
        plan_meeting(group, by=facilitator.user, starts_at=starts_at, ends_at=starts_at, place="Pori")
    with pytest.raises(GroupRefused) as where:
        plan_meeting(group, by=facilitator.user, starts_at=starts_at, ends_at=starts_at + HOUR)
    meeting = plan_meeting(
        group,
        by=facilitator.user,
        starts_at=starts_at,
        ends_at=starts_at + HOUR,
        online_url="https://meet.example.fi/x",
    )

    assert (times.value.code, where.value.code) == ("times", "where")
    assert meeting.created_by == facilitator.user


def test_moving_a_meeting_reminds_the_members_again(group, facilitator):
    meeting = MeetingFactory(group=group, days=2, reminder_sent_at=timezone.now())
    fields = {"place": meeting.place, "online_url": "", "agenda": "Uusi asialista"}

    update_meeting(meeting, by=facilitator.user, starts_at=meeting.starts_at, ends_at=meeting.ends_at, **fields)
    assert meeting.reminder_sent_at is not None
    update_meeting(
        meeting, by=facilitator.user, starts_at=meeting.starts_at + HOUR, ends_at=meeting.ends_at + HOUR, **fields
    )

    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None
    assert meeting.agenda == "Uusi asialista"


def test_cancelling_a_meeting_to_come_tells_the_current_members_once(
    group, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    former = MembershipFactory(group=group, left_on=timezone.localdate() - dt.timedelta(days=1))
    meeting = MeetingFactory(group=group, days=5)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting, by=facilitator.user)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting, by=facilitator.user)

    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([facilitator.user.email, member.user.email])
    assert former.user.email not in [m.to[0] for m in mailoutbox]


def test_a_meeting_with_attendance_taken_cannot_be_cancelled(group, facilitator):
    meeting = MeetingFactory(group=group, days=-1)
    save_meeting_attendance(meeting, marks={facilitator.pk: (PRESENT, "")}, by=facilitator.user)

    with pytest.raises(GroupRefused) as refusal:
        cancel_meeting(meeting, by=facilitator.user)

    assert refusal.value.code == "held"


def test_a_cancelled_meeting_is_not_counted_as_held_for_attestations(group, member):
    held = MeetingFactory(group=group, days=-20)
    MeetingFactory(group=group, days=-10, cancelled_at=timezone.now())
    MeetingAttendanceFactory(meeting=held, membership=member, status=PRESENT, marked_at=held.starts_at)

    counted = with_meetings(Membership.objects.filter(pk=member.pk)).get()

    assert (counted.meetings_attended, counted.meetings_held) == (1, 1)


# Attendance


def test_attendance_is_saved_changed_and_saving_it_again_writes_nothing(group, facilitator, member):
    meeting = MeetingFactory(group=group, days=0)

    first = save_meeting_attendance(
        meeting, marks={facilitator.pk: (PRESENT, ""), member.pk: (ABSENT, " Sairas ")}, by=facilitator.user
    )
    again = save_meeting_attendance(
        meeting, marks={facilitator.pk: (PRESENT, ""), member.pk: (ABSENT, "Sairas")}, by=facilitator.user
    )
    corrected = save_meeting_attendance(meeting, marks={member.pk: (EXCUSED, "Sairas")}, by=facilitator.user)

    assert (first.created, first.changed) == (2, 0)
    assert (again.created, again.changed) == (0, 0)
    assert (corrected.created, corrected.changed) == (0, 1)
    assert dict(MeetingAttendance.objects.values_list("membership_id", "status")) == {
        facilitator.pk: PRESENT,
        member.pk: EXCUSED,
    }
    assert MeetingAttendance.objects.get(membership=member).remark == "Sairas"


def test_attendance_of_someone_from_another_group_is_refused_as_a_whole(group, facilitator):
    stranger = MembershipFactory(group=DeveloperGroupFactory(name_fi="Toinen ryhmä"))
    meeting = MeetingFactory(group=group, days=0)

    with pytest.raises(GroupRefused) as refusal:
        save_meeting_attendance(
            meeting, marks={facilitator.pk: (PRESENT, ""), stranger.pk: (PRESENT, "")}, by=facilitator.user
        )

    assert refusal.value.code == "roster"
    assert not MeetingAttendance.objects.exists()


@pytest.mark.parametrize(
    ("joined", "left"), [(-40, -11), (-5, None)], ids=["left before the meeting", "joined after the meeting"]
)
def test_attendance_of_someone_not_in_the_group_on_the_meetings_day_is_refused_as_a_whole(
    group, facilitator, joined, left
):
    meeting = MeetingFactory(group=group, days=-10)
    today = timezone.localdate()
    outsider = MembershipFactory(
        group=group,
        joined_on=today + dt.timedelta(days=joined),
        left_on=today + dt.timedelta(days=left) if left is not None else None,
    )

    with pytest.raises(GroupRefused) as refusal:
        save_meeting_attendance(
            meeting, marks={facilitator.pk: (PRESENT, ""), outsider.pk: (PRESENT, "")}, by=facilitator.user
        )

    assert refusal.value.code == "roster"
    assert not MeetingAttendance.objects.exists()


def test_a_member_who_left_after_the_meeting_or_was_marked_at_it_stays_on_its_roster(group, facilitator, member):
    meeting = MeetingFactory(group=group, days=-10)
    today = timezone.localdate()
    save_meeting_attendance(meeting, marks={member.pk: (PRESENT, "")}, by=facilitator.user)
    member.left_on = today - dt.timedelta(days=12)  # a leaving day corrected to before the meeting
    member.save()
    left_later = MembershipFactory(group=group, left_on=today - dt.timedelta(days=2))

    saved = save_meeting_attendance(
        meeting, marks={member.pk: (LATE, ""), left_later.pk: (ABSENT, "")}, by=facilitator.user
    )

    assert (saved.created, saved.changed) == (1, 1)


@pytest.mark.parametrize(
    ("days", "cancelled", "code"), [(3, False, "future"), (-3, True, "cancelled")], ids=["future", "cancelled"]
)
def test_attendance_waits_for_the_meetings_day_and_a_cancelled_meeting_has_none(
    group, facilitator, days, cancelled, code
):
    meeting = MeetingFactory(group=group, days=days, cancelled_at=timezone.now() if cancelled else None)

    with pytest.raises(GroupRefused) as refusal:
        save_meeting_attendance(meeting, marks={facilitator.pk: (PRESENT, "")}, by=facilitator.user)

    assert refusal.value.code == code


def test_an_unknown_status_is_refused(group, facilitator):
    with pytest.raises(GroupRefused):
        save_meeting_attendance(
            MeetingFactory(group=group, days=0), marks={facilitator.pk: ("asleep", "")}, by=facilitator.user
        )


def test_saving_attendance_costs_the_same_queries_for_3_and_30_members(group, facilitator):
    def queries(count: int) -> int:
        meeting = MeetingFactory(group=group, days=0)
        members = [MembershipFactory(group=group) for _ in range(count)]
        save_meeting_attendance(meeting, marks={m.pk: (ABSENT, "") for m in members}, by=facilitator.user)
        marks = {m.pk: (PRESENT, "") for m in members}
        with CaptureQueriesContext(connection) as captured:
            save_meeting_attendance(meeting, marks=marks, by=facilitator.user)
        return len(captured)

    assert queries(3) == queries(30)


# Notes and actions


def test_record_meeting_keeps_the_notes_and_adds_the_agreed_actions(group, facilitator, member):
    meeting = MeetingFactory(group=group, days=-1)
    due = timezone.localdate() + dt.timedelta(days=14)

    added = record_meeting(
        meeting,
        notes="  Sovimme aloituspalaverista.  ",
        actions=[
            {"title": "Palaverin runko", "owner": member, "due_on": due},
            {"title": "Kokeilu", "owner": None, "due_on": None},
        ],
        by=facilitator.user,
    )

    meeting.refresh_from_db()
    assert meeting.notes == "Sovimme aloituspalaverista."
    assert meeting.notes_updated_at is not None
    assert [(a.title, a.owner, a.due_on, a.meeting, a.group) for a in added] == [
        ("Palaverin runko", member, due, meeting, group),
        ("Kokeilu", None, None, meeting, group),
    ]
    updated_at = meeting.notes_updated_at
    record_meeting(meeting, notes="Sovimme aloituspalaverista.", actions=[], by=facilitator.user)
    meeting.refresh_from_db()
    assert meeting.notes_updated_at == updated_at


def test_an_action_owner_from_another_group_is_refused(group, facilitator):
    stranger = MembershipFactory(group=DeveloperGroupFactory(name_fi="Toinen ryhmä"))

    with pytest.raises(GroupRefused) as refusal:
        record_meeting(
            MeetingFactory(group=group, days=-1),
            notes="Muistio",
            actions=[{"title": "X", "owner": stranger, "due_on": None}],
            by=facilitator.user,
        )

    assert refusal.value.code == "owner"
    assert not Action.objects.exists()


def test_update_action_status_changes_only_to_a_known_status(group, member):
    action = ActionFactory(group=group, title="Runko", owner=member)

    update_action_status(action, status=Action.Status.IN_PROGRESS, by=member.user)
    with pytest.raises(GroupRefused):
        update_action_status(action, status="forgotten", by=member.user)

    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
