"""Reminders of planned sessions: who gets one and when, each in their own language, once."""

import datetime as dt

from django.utils import timezone

import pytest

from mentoring.models import SentReminder
from mentoring.services import reschedule_session
from mentoring.tasks import send_reminders, send_session_reminder
from tests.factories import MentoringSessionFactory, at

pytestmark = pytest.mark.django_db


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_the_mentor_and_those_expected_are_reminded_after_the_commit(
    agreement, asa, bjorn, mailoutbox, django_capture_on_commit_callbacks
):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa, bjorn], place="Porin perhekeskus")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_reminders() == 3
    assert mailoutbox == []  # nothing goes out before the commit
    for callback in callbacks:
        callback()

    assert recipients(mailoutbox) == sorted([agreement.mentor.email, asa.user.email, bjorn.user.email])
    session.refresh_from_db()
    assert session.reminder_sent_at is not None
    assert SentReminder.objects.filter(session=session, sent_at__isnull=False).count() == 3


def test_only_planned_sessions_within_the_reminder_days_are_reminded_of(
    agreement, asa, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MENTORING_REMINDER_DAYS = 2
    MentoringSessionFactory(agreement=agreement, days=3, participants=[asa])  # too far ahead yet
    MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa])  # past
    MentoringSessionFactory(agreement=agreement, days=-2, duration_minutes=60, participants=[asa])  # delivered
    MentoringSessionFactory(agreement=agreement, days=1, participants=[asa], cancelled_at=timezone.now())  # cancelled

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0

    assert mailoutbox == []
    # Two days later the first one is due.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=timezone.now() + dt.timedelta(days=2)) == 2


def test_each_person_reads_the_reminder_in_their_language(agreement, asa, bjorn, mailoutbox):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[bjorn])

    assert send_session_reminder(session.pk, bjorn.user_id) is True
    assert send_session_reminder(session.pk, agreement.mentor_id) is True

    swedish, finnish = mailoutbox
    assert f"/sv/my/mentoring/{agreement.pk}/" in swedish.body
    assert "13.00–14.30" in swedish.body  # Finland-Swedish time, 90 minutes planned
    assert f"/fi/my/mentoring/{agreement.pk}/" in finnish.body
    assert agreement.team in finnish.subject
    assert bjorn.user.get_full_name() in finnish.body  # the mentor is told who is expected


def test_the_schedule_and_the_task_running_twice_send_once(
    agreement, asa, mailoutbox, django_capture_on_commit_callbacks
):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
        send_reminders()
    assert send_session_reminder(session.pk, asa.user_id) is False

    assert recipients(mailoutbox) == sorted([agreement.mentor.email, asa.user.email])


def test_a_moved_session_is_reminded_of_again(agreement, asa, mailoutbox, django_capture_on_commit_callbacks):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()

    # Later the same next day: within the reminder days whatever time the test runs at.
    reschedule_session(
        session, starts_at=at(1, hour=16), planned_minutes=90, topic="Aihe", place="", participants=[asa], by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 2

    assert len(mailoutbox) == 4


def test_no_reminder_once_the_session_is_delivered_cancelled_or_someone_left_it(agreement, asa, bjorn, mailoutbox):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])

    assert send_session_reminder(session.pk, bjorn.user_id) is False  # not expected at it
    cancelled = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa], cancelled_at=timezone.now())
    assert send_session_reminder(cancelled.pk, asa.user_id) is False
    session.duration_minutes = 60
    session.save()
    assert send_session_reminder(session.pk, asa.user_id) is False
    assert send_session_reminder(999999, asa.user_id) is False

    assert mailoutbox == []


def test_a_failed_send_can_be_retried(agreement, asa, mailoutbox, monkeypatch):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])

    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionError):
            send_session_reminder(session.pk, asa.user_id)

    assert SentReminder.objects.count() == 0
    assert send_session_reminder(session.pk, asa.user_id) is True
    assert len(mailoutbox) == 1


def test_the_schedule_is_installed_by_a_migration():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="Mentoring session reminders")

    assert (schedule.func, schedule.schedule_type, schedule.repeats) == (
        "mentoring.tasks.send_reminders",
        Schedule.HOURLY,
        -1,
    )
