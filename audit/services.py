"""Writing the audit log. Entries are written inside the caller's transaction, so a change and
its entry commit or roll back together; nothing here sends or queues anything."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import Entry

Action = Entry.Action


def entry(action: str, *, actor, subject=None, offering=None, group=None, details=None, reason: str = "") -> Entry:
    """An unsaved entry, for record_many."""
    return Entry(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        subject_id=getattr(subject, "pk", subject),
        offering_id=getattr(offering, "pk", offering),
        group_id=getattr(group, "pk", group),
        details=details or {},
        reason=reason.strip(),
    )


def record(action: str, *, actor, subject=None, offering=None, group=None, details=None, reason: str = "") -> Entry:
    """Write one entry: `actor` did `action` to `subject`'s record (in `offering` or `group`)."""
    new = entry(action, actor=actor, subject=subject, offering=offering, group=group, details=details, reason=reason)
    new.save()
    return new


def record_many(entries: list[Entry]) -> None:
    """Write several entries in one statement (a roster's corrections)."""
    if entries:
        Entry.objects.bulk_create(entries)


def is_someone_elses(actor, subject) -> bool:
    """The log is of what staff do to other people's records; a person's own doings are not in it."""
    actor_pk = getattr(actor, "pk", None)
    return actor_pk is not None and actor_pk != getattr(subject, "pk", subject)


def expire(*, now: dt.datetime | None = None) -> int:
    """Delete entries older than AUDIT_LOG_RETENTION_DAYS; how many. Run daily by the retention
    schedule (privacy.tasks.apply_retention)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    deleted, _per_model = Entry.objects.filter(at__lt=cutoff).delete()
    return deleted
