"""Emails about mentoring sessions, sent by django-q2: reminders of planned sessions, and word
that a session is cancelled.

`send_reminders` runs hourly (a schedule installed by migration 0003) and queues one email per
person (the mentor and those expected) for each planned session starting within
MENTORING_REMINDER_DAYS days. Each email is claimed as a SentReminder row under a row lock before it
is sent, so a task that runs twice, or two schedulers at once, send it once.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from background.services import enqueue_on_commit
from lms.emails import make_email
from lms.ical import attachment as calendar_attachment
from lms.links import site_root

from .calendar import cancelled_session_calendar
from .models import MentoringSession, SentReminder


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders of planned sessions starting within MENTORING_REMINDER_DAYS days that
    have not had theirs; returns how many emails were queued.

    A session is marked reminded by a conditional UPDATE, so of two runs at once only one queues
    its emails; a session moved to another time is unmarked (services.reschedule_session).
    """
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=settings.MENTORING_REMINDER_DAYS)
    due = (
        MentoringSession.objects.filter(
            duration_minutes__isnull=True,
            cancelled_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=horizon,
            reminder_sent_at__isnull=True,
        )
        .select_related("agreement")
        .prefetch_related("participants")
    )
    count = 0
    for session in due:
        with transaction.atomic():
            claimed = MentoringSession.objects.filter(pk=session.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            recipients = [session.agreement.mentor_id, *(mentee.user_id for mentee in session.participants.all())]
            for user_pk in dict.fromkeys(recipients):
                _queue(session.pk, user_pk)
                count += 1
    return count


def _queue(session_pk: int, user_pk: int) -> None:
    enqueue_on_commit("mentoring.tasks.send_session_reminder", session_pk, user_pk)


def send_session_reminder(session_pk: int, user_pk: int) -> bool:
    """Remind one person of one planned session, in their language, unless it went out already
    or no longer applies (delivered, cancelled, past, or they are no longer part of it). True if
    sent now."""
    with transaction.atomic():
        session = (
            _sessions()
            .filter(
                pk=session_pk, duration_minutes__isnull=True, cancelled_at__isnull=True, starts_at__gt=timezone.now()
            )
            .first()
        )
        person = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
        if session is None or person is None or not person.email:
            return False
        is_mentor = session.agreement.mentor_id == person.pk
        if not is_mentor and not session.participants.filter(user_id=person.pk).exists():
            return False
        return _send(session, person, kind=SentReminder.Kind.REMINDER, template="reminder", is_mentor=is_mentor)


def queue_cancellation_emails(session) -> int:
    """After the commit, word that the session is cancelled to each mentee expected at it (the
    mentor cancelled it); how many."""
    user_pks = list(session.participants.values_list("user_id", flat=True))
    for user_pk in user_pks:
        enqueue_on_commit("mentoring.tasks.send_cancellation_email", session.pk, user_pk)
    return len(user_pks)


def send_cancellation_email(session_pk: int, user_pk: int) -> bool:
    """Tell one person expected at a session that it is cancelled, in their language, once. True
    if sent now."""
    with transaction.atomic():
        session = _sessions().filter(pk=session_pk, cancelled_at__isnull=False).first()
        person = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
        if session is None or person is None or not person.email:
            return False
        if not session.participants.filter(user_id=person.pk).exists():
            return False
        return _send(
            session,
            person,
            kind=SentReminder.Kind.CANCELLED,
            template="cancelled",
            is_mentor=False,
            calendar=cancelled_session_calendar,
        )


def _sessions():
    return MentoringSession.objects.select_related("agreement", "agreement__mentor", "agreement__municipality")


def _send(session, person, *, kind: str, template: str, is_mentor: bool, calendar=None) -> bool:
    """Claim this email (SentReminder, locked until the transaction ends) and send it; False if it
    went out already."""
    from accounts.selectors import profile_for

    record, _created = SentReminder.objects.select_for_update().get_or_create(
        session=session, user=person, kind=kind, starts_at=session.starts_at
    )
    if record.sent_at:
        return False
    with translation.override(profile_for(person).preferred_language):
        context = {
            "person": person,
            "session": session,
            "agreement": session.agreement,
            "is_mentor": is_mentor,
            "participants": list(session.participants.select_related("user").order_by("user__last_name")),
            "url": site_root() + reverse("mentoring:agreement", args=[session.agreement_id]),
        }
        message = make_email(f"mentoring/email/{template}", context, to=person.email)
        if calendar is not None:
            message.attach(*calendar_attachment(calendar(session)))
    # Sent inside the transaction, as enrolment emails are: a refused send rolls the claim back
    # and a retry sends again.
    message.send()
    record.sent_at = timezone.now()
    record.save(update_fields=["sent_at"])
    return True
