import datetime as dt

from django.utils import timezone

import pytest
from django_q.models import Schedule
from icalendar import Calendar

from developer_groups.models import Meeting, SentEmail
from developer_groups.services import cancel_meeting, invite, resend_invitation, update_meeting
from developer_groups.tasks import meeting_key, send_invitation_email, send_meeting_email, send_meeting_reminders
from tests.factories import MeetingFactory, MembershipFactory, ParticipantFactory, claimant_of

from .conftest import HOUR

pytestmark = pytest.mark.django_db


def test_an_invitation_to_someone_with_an_account_is_in_their_language_and_otherwise_the_chosen_one(
    group, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    ParticipantFactory(username="johan@example.fi", profile={"preferred_language": "sv"})
    # Whoever put Aino's address on their own account, unverified, does not choose her language.
    claimant_of("aino@example.fi", profile={"preferred_language": "sv"})

    with django_capture_on_commit_callbacks(execute=True):
        invite(group, email="johan@example.fi", by=coordinator, language="fi")
        invite(group, email="aino@example.fi", by=coordinator, language="en")

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "/sv/groups/invitations/" in bodies["johan@example.fi"]
    assert "/en/groups/invitations/" in bodies["aino@example.fi"]
    assert "MindMe developer group Pori" in bodies["aino@example.fi"]


def test_the_invitation_email_goes_out_once_and_not_for_a_renewed_link(group, coordinator, mailoutbox):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    old_token = invitation.token

    assert send_invitation_email(invitation.pk, old_token) is True
    assert send_invitation_email(invitation.pk, old_token) is False
    resend_invitation(invitation, by=coordinator)
    assert send_invitation_email(invitation.pk, old_token) is False

    assert len(mailoutbox) == 1


def test_a_failed_invitation_email_can_be_retried(group, coordinator, mailoutbox, monkeypatch):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionError):
            send_invitation_email(invitation.pk, invitation.token)

    assert send_invitation_email(invitation.pk, invitation.token) is True
    assert len(mailoutbox) == 1
    assert SentEmail.objects.get(kind="invitation").sent_at is not None


def test_members_are_reminded_of_a_meeting_within_the_days_once_with_the_meeting_as_ics(
    group, facilitator, member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.DEVELOPER_GROUP_REMINDER_DAYS = 2
    soon = MeetingFactory(group=group, days=1, agenda="Pilotin välikatsaus")
    MeetingFactory(group=group, days=5)
    MeetingFactory(group=group, days=1, cancelled_at=timezone.now())
    MembershipFactory(group=group, left_on=timezone.localdate() - dt.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders() == 0

    assert sorted(m.to[0] for m in mailoutbox) == sorted([facilitator.user.email, member.user.email])
    message = mailoutbox[0]
    assert "Pilotin välikatsaus" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == soon.starts_at
    assert Meeting.objects.get(pk=soon.pk).reminder_sent_at is not None


def test_a_meeting_moved_after_its_reminder_is_reminded_of_again_and_the_old_reminder_is_dropped(
    group, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(group=group, days=1)
    old_key = meeting_key(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_reminders()

    update_meeting(
        meeting,
        by=facilitator.user,
        starts_at=meeting.starts_at + HOUR,
        ends_at=meeting.ends_at + HOUR,
        place=meeting.place,
        online_url="",
        agenda="",
    )
    # A reminder of the old time still in the queue sends nothing.
    assert send_meeting_email(meeting.pk, facilitator.pk, "reminder", old_key) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders() == 1

    assert len(mailoutbox) == 2


def test_a_reminder_task_delivered_twice_sends_once(group, member, mailoutbox):
    meeting = MeetingFactory(group=group, days=1)
    key = meeting_key(meeting)

    assert send_meeting_email(meeting.pk, member.pk, "reminder", key) is True
    assert send_meeting_email(meeting.pk, member.pk, "reminder", key) is False

    assert len(mailoutbox) == 1


def test_the_hourly_reminder_schedule_is_installed():
    schedule = Schedule.objects.get(func="developer_groups.tasks.send_meeting_reminders")

    assert (schedule.schedule_type, schedule.repeats) == (Schedule.HOURLY, -1)


def test_a_swedish_member_reads_the_reminder_and_the_cancellation_in_swedish_with_a_calendar_file_named_so(
    group, facilitator, member, mailoutbox, django_capture_on_commit_callbacks
):
    johan = MembershipFactory(
        group=group, user=ParticipantFactory(first_name="Johan", profile={"preferred_language": "sv"})
    )
    meeting = MeetingFactory(group=group, days=1)

    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_reminders()
    reminders = {message.to[0]: message for message in mailoutbox}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting, by=facilitator.user)
    cancellations = {message.to[0]: message for message in mailoutbox}

    swedish, finnish = reminders[johan.user.email], reminders[member.user.email]
    assert swedish.subject.startswith("Påminnelse: MindMe-utvecklingsgruppen Björneborg")
    assert finnish.subject.startswith("Muistutus: MindMe-kehittäjäryhmä Pori")
    assert (swedish.attachments[0][0], finnish.attachments[0][0]) == ("träff.ics", "tapaaminen.ics")
    reminded = Calendar.from_ical(swedish.attachments[0][1])
    assert str(reminded["method"]) == "PUBLISH"

    swedish, finnish = cancellations[johan.user.email], cancellations[member.user.email]
    assert swedish.subject.startswith("Inställd: MindMe-utvecklingsgruppen Björneborg")
    assert finnish.subject.startswith("Peruttu: MindMe-kehittäjäryhmä Pori")
    name, content, mimetype = swedish.attachments[0]
    assert (name, mimetype) == ("träff.ics", "text/calendar")
    cancelled = Calendar.from_ical(content)
    assert str(cancelled["method"]) == "CANCEL"
    [event] = cancelled.walk("VEVENT")
    [before] = reminded.walk("VEVENT")
    assert str(event["uid"]) == str(before["uid"])
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] > before["sequence"]
    assert str(event["organizer"]) == "mailto:koulutus@example.fi"
    assert cancelled.get_missing_tzids() == set()
