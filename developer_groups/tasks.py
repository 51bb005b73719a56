"""Emails of developer groups, sent by django-q2 after the transaction that caused them commits:
invitations, reminders before meetings, and cancelled meetings.

Tasks take primary keys and are safe to run twice: a SentEmail row, claimed under a row lock
before sending, makes the second run a no-op (as enrolment.tasks does).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from background.services import enqueue_on_commit
from lms.emails import make_email
from lms.ical import attachment as calendar_attachment
from lms.links import absolute

logger = logging.getLogger(__name__)

MEETING_KINDS = ("reminder", "cancelled")


def queue_invitation_email(invitation) -> None:
    """Email the invitation's link once this transaction commits."""
    pk, token = invitation.pk, invitation.token
    enqueue_on_commit("developer_groups.tasks.send_invitation_email", pk, token)


def queue_meeting_emails(meeting, kind: str) -> int:
    """After commit, one email of `kind` to each current member of the meeting's group; how many."""
    from .models import Membership

    if kind not in MEETING_KINDS:
        raise ValueError(kind)
    pks = list(Membership.objects.current().filter(group_id=meeting.group_id).values_list("pk", flat=True))
    key = meeting_key(meeting)
    meeting_pk = meeting.pk

    for membership_pk in pks:
        enqueue_on_commit("developer_groups.tasks.send_meeting_email", meeting_pk, membership_pk, kind, key)
    return len(pks)


def meeting_key(meeting) -> str:
    """The meeting's start in UTC, whatever time zone the instance carries: a meeting moved to
    another time is reminded of again, and a reminder of its old time no longer matches."""
    return f"{meeting.starts_at.astimezone(dt.UTC):%Y%m%dT%H%MZ}"


def _claim(kind: str, key: str):
    """The SentEmail row for this email, locked until the transaction ends; None if it went out."""
    from .models import SentEmail

    record, _created = SentEmail.objects.select_for_update().get_or_create(kind=kind, key=key)
    return None if record.sent_at else record


def _send(record, *, template: str, context: dict, to: str, attachment=None) -> bool:
    message = make_email(f"developer_groups/email/{template}", context, to=to)
    if attachment:
        message.attach(*attachment)
    # Sending inside the transaction: if the mail server refuses, the claim rolls back and a retry
    # sends again.
    message.send()
    record.sent_at = timezone.now()
    record.save(update_fields=["sent_at"])
    return True


def send_invitation_email(invitation_pk: int, token: str) -> bool:
    """Send the invitation's link unless it went out already, the invitation was renewed since (the
    renewal sends its own), withdrawn or accepted. True if sent now. A person with an account is
    written to in their own language, anyone else in the language the coordinator chose."""
    from accounts.models import Profile
    from accounts.services import person_with_email

    from .models import Invitation

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_related("group__municipality", "invited_by").filter(pk=invitation_pk).first()
        )
        if invitation is None or invitation.token != token or invitation.accepted_at:
            return False
        record = _claim("invitation", token)
        if record is None:
            return False
        person = person_with_email(invitation.email)
        profile = Profile.objects.filter(user=person).first() if person else None
        language = profile.preferred_language if profile else invitation.language
        with translation.override(language):
            context = {
                "invitation": invitation,
                "group": invitation.group,
                "name": invitation.first_name or (person.first_name if person else ""),
                "url": absolute(reverse("developer_groups:invitation", args=[token])),
                "expires_at": timezone.localtime(invitation.expires_at),
                "role": invitation.get_role_display(),
            }
            return _send(record, template="invitation", context=context, to=invitation.email)


def send_meeting_email(meeting_pk: int, membership_pk: int, kind: str, key: str) -> bool:
    """A reminder of a meeting, or word that it is cancelled, to one member, once. Nothing is sent
    to someone no longer in the group, a reminder of a cancelled meeting, or one of a meeting moved
    since the reminder was queued (the new time has its own)."""
    from accounts.selectors import profile_for

    from .calendar import meeting_calendar
    from .models import Meeting, Membership

    if kind not in MEETING_KINDS:
        return False
    with transaction.atomic():
        meeting = Meeting.objects.select_related("group__municipality").filter(pk=meeting_pk).first()
        membership = (
            Membership.objects.current()
            .select_related("user")
            .filter(pk=membership_pk, group_id=getattr(meeting, "group_id", None))
            .first()
        )
        if meeting is None or membership is None or not membership.user.email or meeting_key(meeting) != key:
            return False
        if kind == "reminder" and meeting.is_cancelled:
            return False
        record = _claim(kind, f"{meeting.pk}:{membership.pk}:{key}")
        if record is None:
            return False
        with translation.override(profile_for(membership.user).preferred_language):
            context = {
                "meeting": meeting,
                "group": meeting.group,
                "person": membership.user,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
                "group_url": absolute(reverse("developer_groups:group", args=[meeting.group_id])),
            }
            # The meeting as it is now: a reminder's event, or the cancelled event for a cancellation.
            return _send(
                record,
                template=f"meeting_{kind}",
                context=context,
                to=membership.user.email,
                attachment=calendar_attachment(meeting_calendar(meeting)),
            )


def send_meeting_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the members of meetings starting within DEVELOPER_GROUP_REMINDER_DAYS days; how many
    emails were queued.

    Scheduled hourly (migration 0003). Each meeting is claimed under its row lock by setting
    `reminder_sent_at`, so two runs never queue it twice; each member's email is kept to one by its
    SentEmail row, and an hour's outage only delays them.
    """
    from .models import Meeting

    now = now or timezone.now()
    due = Meeting.objects.filter(
        cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(days=settings.DEVELOPER_GROUP_REMINDER_DAYS),
    )
    queued = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().filter(pk=pk, reminder_sent_at__isnull=True).first()
            if meeting is None:
                continue
            meeting.reminder_sent_at = now
            meeting.save(update_fields=["reminder_sent_at"])
            queued += queue_meeting_emails(meeting, "reminder")
    return queued
