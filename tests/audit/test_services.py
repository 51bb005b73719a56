"""The audit log's own rules: entries are written once and never changed, and expire."""

import datetime as dt

from django.utils import timezone

import pytest

from audit import services as audit
from audit.models import Entry, ImmutableEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_is_never_changed_or_deleted_one_by_one():
    actor, person = UserFactory(), UserFactory()
    entry = audit.record(audit.Action.ENROLMENT_APPROVED, actor=actor, subject=person, details={"status": "confirmed"})

    entry.reason = "muutettu jälkikäteen"
    with pytest.raises(ImmutableEntry):
        entry.save()
    with pytest.raises(ImmutableEntry):
        entry.delete()
    with pytest.raises(ImmutableEntry):
        Entry.objects.filter(pk=entry.pk).update(reason="muutettu")

    entry.refresh_from_db()
    assert entry.reason == ""
    assert Entry.objects.count() == 1


def test_entries_older_than_the_retention_period_expire(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    kept = Entry(action=audit.Action.EXPORTED, at=now - dt.timedelta(days=29))
    kept.save()
    expired = Entry(action=audit.Action.EXPORTED, at=now - dt.timedelta(days=31))
    expired.save()

    assert audit.expire(now=now) == 1

    assert list(Entry.objects.values_list("pk", flat=True)) == [kept.pk]


def test_only_what_someone_does_to_another_persons_record_counts_as_theirs():
    coordinator, person = UserFactory(), UserFactory()

    assert audit.is_someone_elses(coordinator, person)
    assert audit.is_someone_elses(coordinator, person.pk)
    assert not audit.is_someone_elses(person, person)
    assert not audit.is_someone_elses(None, person)  # the system, on a schedule
