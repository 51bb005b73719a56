"""A queue may deliver a reminder task twice, and two schedulers may run at once: on PostgreSQL,
with real row locks and one connection per thread, each person still gets one reminder.

Sending is slowed so that the runs overlap for certain. The control run takes away the claim (the
SentReminder row) and must send more than once, proving the test can fail.
"""

import time

from django.core import mail

import pytest

from mentoring import tasks
from mentoring.models import SentReminder
from tests.concurrency import run_at_once
from tests.factories import MentoringSessionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

RUNS = 8


@pytest.fixture(autouse=True)
def slow_send(monkeypatch):
    real = mail.EmailMultiAlternatives.send

    def send_slowly(self, *args, **kwargs):
        time.sleep(0.2)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send_slowly)
    mail.outbox = []


def test_a_reminder_delivered_many_times_at_once_is_sent_once(agreement, asa):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])

    results, errors = run_at_once([lambda: tasks.send_session_reminder(session.pk, asa.user_id)] * RUNS)

    assert errors == []
    assert sorted(results) == [False] * (RUNS - 1) + [True]
    assert [message.to for message in mail.outbox] == [[asa.user.email]]
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == 1


def test_control_without_the_claim_the_same_reminder_goes_out_many_times(agreement, asa, monkeypatch):
    session = MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])

    class Unclaimed:
        sent_at = None

        def save(self, **kwargs):
            pass

    class NoClaim:
        """Every run finds a fresh, unsent record, as if nothing were claimed."""

        def select_for_update(self):
            return self

        def get_or_create(self, **fields):
            return Unclaimed(), True

    monkeypatch.setattr(tasks.SentReminder, "objects", NoClaim())

    results, errors = run_at_once([lambda: tasks.send_session_reminder(session.pk, asa.user_id)] * RUNS)

    assert errors == []
    assert len(mail.outbox) > 1


def test_two_schedulers_at_once_queue_each_reminder_once(agreement, asa, bjorn):
    MentoringSessionFactory(agreement=agreement, days=1, participants=[asa, bjorn])

    results, errors = run_at_once([tasks.send_reminders, tasks.send_reminders])

    assert errors == []
    assert sum(results) == 3
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [agreement.mentor.email, asa.user.email, bjorn.user.email]
    )
