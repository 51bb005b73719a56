"""Background work for certificates (django-q2): batches of issues, single attestations, and the
emails that follow.

All take primary keys and are safe to run twice, at once or one after the other, and to run
again after a worker was killed halfway: a batch item is claimed under a row lock that other
runs skip, and is marked done in the same transaction that issues its certificate; an email
is claimed under the certificate's row lock and marked sent.
"""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from background.services import enqueue
from lms.emails import make_email
from lms.links import site_root

from .models import BatchItem, Certificate, IssueBatch

logger = logging.getLogger(__name__)


def run_batch(batch_pk: int) -> dict:
    """Issue the batch's waiting items one by one, each in its own transaction; count as it goes.

    After CERTIFICATE_BATCH_SECONDS the run queues a new run for the rest and returns: django-q2
    stops a task that passes its timeout mid-item and does not hand it out again, which would
    leave a long batch waiting for ever.
    """
    from .services import issue_certificate

    batch = IssueBatch.objects.filter(pk=batch_pk).first()
    if batch is None:
        return {}
    IssueBatch.objects.filter(pk=batch_pk).exclude(status=IssueBatch.Status.FINISHED).update(
        status=IssueBatch.Status.RUNNING, started_at=Coalesce("started_at", Value(timezone.now()))
    )
    deadline = time.monotonic() + settings.CERTIFICATE_BATCH_SECONDS
    # A failure's reason is read by the coordinator who started the batch: in their language.
    language = _admin_language(batch.requested_by)
    while True:
        with transaction.atomic():
            # Another run works on the rows it has locked; this one takes the next free row.
            item = (
                BatchItem.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(batch_id=batch_pk, state=BatchItem.State.PENDING)
                .select_related("enrolment")
                .order_by("pk")
                .first()
            )
            if item is None:
                break
            item.attempts += 1
            try:
                with transaction.atomic(), translation.override(language):
                    certificate = issue_certificate(item.enrolment, issued_by=batch.requested_by)
            except Exception as error:  # each failure is recorded for the coordinator to see and retry
                logger.exception("Certificate for enrolment %s failed", item.enrolment_id)
                item.state = BatchItem.State.FAILED
                item.error = f"{error}"[:2000] or type(error).__name__
            else:
                item.state = BatchItem.State.DONE
                item.certificate = certificate
                item.error = ""
            item.save(update_fields=["state", "error", "certificate", "attempts", "updated_at"])
        counts = _count(batch_pk)
        if time.monotonic() >= deadline:
            enqueue("certificates.tasks.run_batch", batch_pk)
            return counts
    counts = _count(batch_pk, finishing=True)
    if counts["pending"] == 0:
        _queue_unsent_emails(batch_pk)
    return counts


def _admin_language(user) -> str:
    """The language the person uses the Wagtail admin in; the site's default for nobody."""
    from wagtail.users.models import UserProfile

    if user is None:
        return settings.LANGUAGE_CODE
    return UserProfile.get_for_user(user).get_preferred_language()


def _count(batch_pk: int, *, finishing: bool = False) -> dict:
    counts = BatchItem.objects.filter(batch_id=batch_pk).aggregate(
        done=Count("pk", filter=Q(state=BatchItem.State.DONE)),
        failed=Count("pk", filter=Q(state=BatchItem.State.FAILED)),
        pending=Count("pk", filter=Q(state=BatchItem.State.PENDING)),
    )
    fields = {"done": counts["done"], "failed": counts["failed"]}
    # Only the run that sees nothing left marks the batch finished; a row another run still holds
    # is pending until that run commits it.
    if finishing and counts["pending"] == 0:
        fields.update(status=IssueBatch.Status.FINISHED, finished_at=timezone.now())
    IssueBatch.objects.filter(pk=batch_pk).update(**fields)
    return counts


def _queue_unsent_emails(batch_pk: int) -> None:
    """Queue again the emails of the batch's certificates that have not gone out. Those still
    waiting in the queue are sent once all the same (the task claims the certificate); this is
    for those lost with a killed worker, which the Redis broker never hands out again."""
    unsent = Certificate.objects.filter(
        pk__in=BatchItem.objects.filter(batch_id=batch_pk, state=BatchItem.State.DONE).values("certificate_id"),
        status=Certificate.Status.VALID,
        email_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    for pk in unsent:
        enqueue("certificates.tasks.send_certificate_email", pk)


def issue_attestation(kind: str, pk: int, requested_by_pk: int | None) -> str | None:
    """Issue one developer-group ("group") or mentoring ("mentoring") attestation; its number, or
    None when the membership or mentee is gone. Run twice, it returns the same attestation: the
    service locks the source's row and returns the valid attestation it already has. A refusal
    (nothing to attest any more) is logged and raised, so django-q2 records it as failed."""
    from django.contrib.auth import get_user_model

    from developer_groups.models import Membership
    from mentoring.models import Mentee

    from .services import issue_group_attestation, issue_mentoring_attestation

    model, issue = {
        Certificate.Kind.GROUP: (Membership, issue_group_attestation),
        Certificate.Kind.MENTORING: (Mentee, issue_mentoring_attestation),
    }[kind]
    source = model.objects.filter(pk=pk).first()
    if source is None:
        return None
    issued_by = get_user_model().objects.filter(pk=requested_by_pk).first() if requested_by_pk else None
    try:
        return issue(source, issued_by=issued_by).number
    except Exception:
        logger.exception("Attestation (%s %s) failed", kind, pk)
        raise


def send_certificate_email(certificate_pk: int) -> bool:
    """Tell the holder, in their language, that their certificate is ready; a reissued one says
    which it replaces. True if sent now."""
    return _send_once(
        certificate_pk,
        template="issued",
        claimed="email_sent_at",
        due=lambda certificate: certificate.is_valid,
    )


def send_revocation_email(certificate_pk: int) -> bool:
    """Tell the holder, in their language, that their certificate is revoked and no longer
    verifies. True if sent now."""
    return _send_once(
        certificate_pk,
        template="revoked",
        claimed="revocation_email_sent_at",
        due=lambda certificate: certificate.status == Certificate.Status.REVOKED,
    )


def _send_once(certificate_pk: int, *, template: str, claimed: str, due) -> bool:
    """Send the certificate's email `template` to its holder unless the time in the field `claimed`
    says it went out, or `due(certificate)` says it no longer applies; then record the time. The
    certificate's row is locked meanwhile, so a task run twice at once sends once."""
    from accounts.selectors import profile_for

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("subject", "replaces")
            .filter(pk=certificate_pk)
            .first()
        )
        if certificate is None or getattr(certificate, claimed) or not due(certificate):
            return False
        person = certificate.subject
        if person is None or not person.email:
            return False
        language = profile_for(person).preferred_language
        with translation.override(language):
            context = {
                "certificate": certificate,
                "person": person,
                "title": certificate.data.get(f"title_{language}") or certificate.data["title_fi"],
                "issuer": certificate.data.get(f"issuer_{language}") or certificate.data.get("issuer_fi", ""),
                "kind": certificate.kind,
                "download_url": site_root()
                + reverse("certificates:download", kwargs={"code": certificate.display_code}),
                "verification_url": certificate.data["verification_url"],
                "my_trainings_url": site_root() + reverse("enrolment:my_trainings"),
            }
            message = make_email(f"certificates/email/{template}", context, to=person.email)
        # Sent inside the transaction, as enrolment emails are: a refused send rolls the claim back.
        message.send()
        setattr(certificate, claimed, timezone.now())
        certificate.save(update_fields=[claimed])
    return True
