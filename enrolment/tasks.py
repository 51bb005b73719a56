"""Emails about enrolments, sent by django-q2 after the transaction that caused them commits.

Tasks take primary keys and are safe to run twice: a SentEmail row, claimed under a row lock
before sending, makes the second run a no-op.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from background.services import enqueue, enqueue_on_commit
from lms.emails import make_email
from lms.ical import attachment as calendar_attachment
from lms.links import absolute, page_url

logger = logging.getLogger(__name__)

KINDS = ("confirmed", "waiting", "pending", "promoted", "cancelled", "reminder")


def queue_email(enrolment, kind: str, *, key: str = "1") -> None:
    """Send `kind` to the enrolled person once this transaction commits."""
    if kind not in KINDS:
        return
    pk = enrolment.pk
    enqueue_on_commit("enrolment.tasks.send_enrolment_email", pk, kind, key)


def send_enrolment_email(enrolment_pk: int, kind: str, key: str = "1") -> bool:
    """Send one email about one enrolment unless it went out already. True if sent now."""
    from accounts.selectors import profile_for

    from .calendar import sessions_calendar
    from .models import Enrolment, SentEmail

    with transaction.atomic():
        try:
            enrolment = (
                Enrolment.objects.select_related("user", "offering")
                .prefetch_related("offering__sessions")
                .get(pk=enrolment_pk)
            )
        except Enrolment.DoesNotExist:
            return False
        if not enrolment.user.email:
            return False
        record, _created = SentEmail.objects.select_for_update().get_or_create(enrolment=enrolment, kind=kind, key=key)
        if record.sent_at:
            return False
        offering = enrolment.offering.specific
        language = profile_for(enrolment.user).preferred_language
        with translation.override(language):
            context = {
                "enrolment": enrolment,
                "offering": offering,
                "person": enrolment.user,
                "sessions": list(enrolment.offering.sessions.all()),
                "offering_url": page_url(offering),
                "my_trainings_url": absolute(reverse("enrolment:my_trainings")),
            }
            message = make_email(f"enrolment/email/{kind}", context, to=enrolment.user.email)
            if kind in ("confirmed", "promoted", "reminder"):
                calendar = sessions_calendar([enrolment.offering], name=offering.localized_title)
                message.attach(*calendar_attachment(calendar, kind="training"))
        # Sending inside the transaction: if the mail server refuses, the claim rolls back and a
        # retry sends again; if the commit fails after sending, a retry may send twice (rare,
        # and better than never).
        message.send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind confirmed participants whose training starts in ENROLMENT_REMINDER_DAYS days.

    Scheduled hourly: the SentEmail record keeps each reminder to one, and an hour's outage
    only delays them.
    """
    from .models import Enrolment

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.ENROLMENT_REMINDER_DAYS)
    due = Enrolment.objects.filter(
        status=Enrolment.Status.CONFIRMED,
        offering__live=True,
        offering__starts_on__gt=today,
        offering__starts_on__lte=horizon,
    ).exclude(sent_emails__kind="reminder")
    count = 0
    for pk in due.values_list("pk", flat=True):
        enqueue("enrolment.tasks.send_enrolment_email", pk, "reminder", "1")
        count += 1
    return count
