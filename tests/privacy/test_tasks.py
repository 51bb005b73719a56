"""The daily retention run and the inactivity notice email."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from accounts.models import Profile
from privacy import services
from privacy.tasks import apply_retention, send_inactivity_notice
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def swede(db):
    person = ParticipantFactory(first_name="Sven", profile={"preferred_language": "sv"})
    long_ago = timezone.now() - dt.timedelta(days=4 * 365)
    get_user_model().objects.filter(pk=person.pk).update(date_joined=long_ago, last_login=long_ago)
    return person


def test_the_notice_is_in_the_persons_language_with_the_day_of_erasure(swede, mailoutbox, settings):
    settings.INACTIVE_ACCOUNT_NOTICE_DAYS = 30
    now = timezone.now()
    services.send_inactivity_notices(now=now)  # queues after commit; sent here by hand

    assert send_inactivity_notice(swede.pk) is True

    (message,) = mailoutbox
    assert message.subject == "Ditt konto i utbildningsportalen raderas"
    day = timezone.localdate(now) + dt.timedelta(days=30)
    assert f"{day.day}.{day.month}.{day.year}" in message.body
    assert "/sv/accounts/login/" in message.body


def test_a_notice_delivered_twice_is_sent_once(swede, mailoutbox):
    services.send_inactivity_notices()

    assert send_inactivity_notice(swede.pk) is True
    assert send_inactivity_notice(swede.pk) is False
    assert len(mailoutbox) == 1


def test_no_notice_for_someone_not_due_or_already_erased(swede, mailoutbox):
    assert send_inactivity_notice(swede.pk) is False  # nothing due yet
    services.send_inactivity_notices()
    services.erase_person(swede, by=None, why=services.INACTIVE)

    assert send_inactivity_notice(swede.pk) is False
    assert mailoutbox == []


def test_the_retention_run_does_each_step_and_is_safe_to_run_again(swede, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = apply_retention()
    second = apply_retention()

    assert first == {"answers_purged": 0, "notices": 1, "accounts_erased": 0, "audit_entries_expired": 0}
    assert second["notices"] == 0
    assert Profile.objects.get(user=swede).inactivity_notice_emailed_at is not None
