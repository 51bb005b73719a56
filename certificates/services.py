"""Issuing, revoking and reissuing certificates, and batches that issue many at once."""

import json
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import display_name
from audit import services as audit
from background.services import enqueue_on_commit
from developer_groups.models import Membership
from enrolment.models import Enrolment
from lms.links import site_root
from mentoring.models import Mentee

from .codes import format_number, group_code, new_code, normalise_code
from .content import (
    CertificateError,
    course_data,
    group_data,
    mentoring_data,
    person_name,
    printable_name,
    short_date,
)
from .models import BatchItem, Certificate, CertificateCounter, IssueBatch
from .pdf import render_certificate
from .selectors import with_hours, with_meetings

__all__ = [
    "CertificateError",
    "issue_certificate",
    "issue_group_attestation",
    "issue_mentoring_attestation",
    "queue_group_attestations",
    "queue_mentoring_attestations",
    "reissue_certificate",
    "retry_batch",
    "revoke_certificate",
    "start_batch",
    "verify",
]


def issue_certificate(enrolment: Enrolment, *, issued_by) -> Certificate:
    """The valid certificate of a completed enrolment: the one it has, or a new one.

    A new certificate freezes the course's texts as they are now, takes the next number of the
    year and stores its PDF, all in one transaction. The enrolment's row is locked first, so two
    workers issuing for the same person queue up and the second returns the first one's
    certificate; the one-valid-certificate constraint backs this where no lock is taken.
    The email to the person is queued for after the commit unless it went out already.
    """
    certificate = _issue(enrolment, issued_by=issued_by)
    if certificate.email_sent_at is None:
        _queue_email(certificate)
    return certificate


def _issue(enrolment: Enrolment, *, issued_by) -> Certificate:
    try:
        with transaction.atomic():
            enrolment = (
                Enrolment.objects.select_for_update(of=("self",))
                .select_related("user", "offering__organiser", "offering__partner", "offering__municipality")
                .get(pk=enrolment.pk)
            )
            existing = Certificate.objects.filter(enrolment=enrolment, status=Certificate.Status.VALID).first()
            if existing is not None:
                return existing
            if not enrolment.completed or enrolment.status == Enrolment.Status.CANCELLED:
                raise CertificateError(
                    _("%(person)s has not completed the training.") % {"person": display_name(enrolment.user)}
                )
            return _create(
                kind=Certificate.Kind.COURSE,
                subject=enrolment.user,
                enrolment=enrolment,
                data=course_data(enrolment),
                issued_by=issued_by,
            )
    except IntegrityError:
        existing = Certificate.objects.filter(enrolment_id=enrolment.pk, status=Certificate.Status.VALID).first()
        if existing is None:
            raise
        return existing


def issue_group_attestation(membership: Membership, *, issued_by) -> Certificate:
    """The valid attestation of a developer-group membership: the one it has, or a new one that
    states the meetings attended so far. Refused when the member has attended none.

    As `issue_certificate`: the membership's row is locked, the one-valid-certificate-per-membership
    constraint backs the lock, and the email is queued for after the commit.
    """
    certificate = _issue_attestation(
        "membership",
        membership.pk,
        queryset=with_meetings(Membership.objects.select_related("user", "group__municipality")),
        attested=lambda membership: membership.meetings_attended > 0,
        refusal=_("%(person)s has not attended any meeting of the group yet."),
        kind=Certificate.Kind.GROUP,
        data=group_data,
        issued_by=issued_by,
    )
    if certificate.email_sent_at is None:
        _queue_email(certificate)
    return certificate


def issue_mentoring_attestation(mentee: Mentee, *, issued_by) -> Certificate:
    """The valid attestation of mentoring received: the one the mentee has, or a new one that
    states the hours of the delivered sessions they took part in. Refused when there are none.
    Locked, constrained and emailed as `issue_group_attestation`."""
    certificate = _issue_attestation(
        "mentee",
        mentee.pk,
        queryset=with_hours(Mentee.objects.select_related("user", "agreement__mentor", "agreement__municipality")),
        attested=lambda mentee: mentee.minutes_received > 0,
        refusal=_("%(person)s has not taken part in any delivered mentoring session yet."),
        kind=Certificate.Kind.MENTORING,
        data=mentoring_data,
        issued_by=issued_by,
    )
    if certificate.email_sent_at is None:
        _queue_email(certificate)
    return certificate


def _issue_attestation(source: str, pk: int, *, queryset, attested, refusal, kind, data, issued_by) -> Certificate:
    """`source` is the certificate's field for what it attests ("membership" or "mentee")."""
    valid = {f"{source}_id": pk, "status": Certificate.Status.VALID}
    try:
        with transaction.atomic():
            # The row is locked on its own: PostgreSQL refuses FOR UPDATE on the counting query.
            queryset.model.objects.select_for_update().filter(pk=pk).values_list("pk").get()
            existing = Certificate.objects.filter(**valid).first()
            if existing is not None:
                return existing
            obj = queryset.get(pk=pk)
            if not attested(obj):
                raise CertificateError(refusal % {"person": display_name(obj.user)})
            return _create(kind=kind, subject=obj.user, data=data(obj), issued_by=issued_by, **{source: obj})
    except IntegrityError:
        existing = Certificate.objects.filter(**valid).first()
        if existing is None:
            raise
        return existing


def queue_group_attestations(group, *, memberships, by) -> int:
    """Queue the attestations of these memberships of the group, one background task each after
    the commit; how many. Those of another group, with no meeting attended or with a valid
    attestation already are left out; none left is refused."""
    pks = [getattr(membership, "pk", membership) for membership in memberships]
    eligible = (
        with_meetings(Membership.objects.filter(pk__in=pks, group_id=group.pk))
        .filter(meetings_attended__gt=0)
        .exclude(certificates__status=Certificate.Status.VALID)
    )
    return _queue_attestations(Certificate.Kind.GROUP, eligible, by=by)


def queue_mentoring_attestations(agreement, *, mentees, by) -> int:
    """As `queue_group_attestations`, for mentees of the agreement with delivered hours."""
    pks = [getattr(mentee, "pk", mentee) for mentee in mentees]
    eligible = (
        with_hours(Mentee.objects.filter(pk__in=pks, agreement_id=agreement.pk))
        .filter(minutes_received__gt=0)
        .exclude(certificates__status=Certificate.Status.VALID)
    )
    return _queue_attestations(Certificate.Kind.MENTORING, eligible, by=by)


def _queue_attestations(kind: str, eligible, *, by) -> int:
    pks = sorted(eligible.values_list("pk", flat=True))
    if not pks:
        raise CertificateError(_("None of the chosen people needs an attestation."))
    requested_by = getattr(by, "pk", None)
    for pk in pks:
        # A task per person: a group or a team is a handful of people, each attestation stands
        # alone, and the service makes a task delivered twice return the first one's attestation.
        enqueue_on_commit("certificates.tasks.issue_attestation", str(kind), pk, requested_by)
    return len(pks)


def revoke_certificate(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Withdraw a valid certificate; its page then says it is revoked (the reason stays internal).
    The holder is emailed, in their language, after the commit."""
    if not reason.strip():
        raise CertificateError(_("Give a reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status != Certificate.Status.VALID:
            raise CertificateError(_("Only a valid certificate can be revoked."))
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoked_reason = reason.strip()
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
        _audit(audit.Action.CERTIFICATE_REVOKED, certificate, by=by, reason=certificate.revoked_reason)
        enqueue_on_commit("certificates.tasks.send_revocation_email", certificate.pk)
    return certificate


def reissue_certificate(certificate: Certificate, *, by, reason: str, name: str | None = None) -> Certificate:
    """Replace a valid certificate with a corrected one (a new number and code).

    The new one keeps the old one's texts except the name: `name`, else the person's name as it
    is now. The old one is marked superseded, with the reason, and its page says a newer
    certificate exists. The holder is emailed the new one, which names the one it replaces.
    """
    if not reason.strip():
        raise CertificateError(_("Give a reason for reissuing the certificate."))
    with transaction.atomic():
        old = Certificate.objects.select_for_update(of=("self",)).select_related("subject").get(pk=certificate.pk)
        if old.status != Certificate.Status.VALID:
            raise CertificateError(_("Only a valid certificate can be reissued."))
        if name and name.strip():
            new_name = printable_name(name)
        else:
            new_name = person_name(old.subject) if old.subject else old.data["name"]
        old.status = Certificate.Status.SUPERSEDED
        old.revoked_at = timezone.now()
        old.revoked_by = by
        old.revoked_reason = reason.strip()
        old.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
        data = {key: value for key, value in old.data.items() if key not in _PER_CERTIFICATE}
        new = _create(
            kind=old.kind,
            subject=old.subject,
            enrolment=old.enrolment,
            membership=old.membership,
            mentee=old.mentee,
            data={**data, "name": new_name},
            issued_by=by,
            replaces=old,
        )
    _queue_email(new)
    return new


def verify(code: str) -> Certificate | None:
    """The certificate a typed or scanned code belongs to, whatever its status; None if none."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    return Certificate.objects.select_related("replaced_by").filter(code=normalised).first()


def start_batch(offering, *, enrolments, by) -> IssueBatch:
    """Queue certificates for these enrolments of the offering; a task issues them after commit.

    Enrolments that are not this offering's, not completed, or already hold a valid certificate
    are left out.
    """
    pks = [getattr(enrolment, "pk", enrolment) for enrolment in enrolments]
    eligible = list(
        Enrolment.objects.filter(pk__in=pks, offering_id=offering.pk, completed=True)
        .exclude(status=Enrolment.Status.CANCELLED)
        .exclude(certificates__status=Certificate.Status.VALID)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    if not eligible:
        raise CertificateError(_("None of the chosen participants needs a certificate."))
    with transaction.atomic():
        batch = IssueBatch.objects.create(offering_id=offering.pk, requested_by=by, total=len(eligible))
        BatchItem.objects.bulk_create(BatchItem(batch=batch, enrolment_id=pk) for pk in eligible)
        _queue_batch(batch)
    return batch


def retry_batch(batch: IssueBatch, *, by) -> IssueBatch:
    """Try the failed items of a batch again, and carry on with any still waiting.

    Waiting items outlive their run when its worker dies: the ORM broker hands the task out again
    after Q_CLUSTER's `retry`, Redis never does, so the coordinator resumes the batch here. A run
    started while another is still working only shares its items; the run that ends the batch
    also sends any of its emails that were lost.
    """
    with transaction.atomic():
        BatchItem.objects.filter(batch=batch, state=BatchItem.State.FAILED).update(
            state=BatchItem.State.PENDING, error=""
        )
        waiting = BatchItem.objects.filter(batch=batch, state=BatchItem.State.PENDING).exists()
        # A batch whose run stopped after its last item still needs its end (and its emails).
        if not waiting and IssueBatch.objects.filter(pk=batch.pk, status=IssueBatch.Status.FINISHED).exists():
            raise CertificateError(_("Nothing in this batch failed."))
        IssueBatch.objects.filter(pk=batch.pk).update(failed=0, finished_at=None, requested_by=by)
        IssueBatch.objects.filter(pk=batch.pk, status=IssueBatch.Status.FINISHED).update(
            status=IssueBatch.Status.QUEUED
        )
        _queue_batch(batch)
    batch.refresh_from_db()
    return batch


# Keys of the frozen data that belong to one certificate, not to what it attests.
_PER_CERTIFICATE = ("issued_on", "issued_on_text", "verification_url")


def _create(
    *, kind, subject, data, issued_by, enrolment=None, membership=None, mentee=None, replaces=None
) -> Certificate:
    """Number, code, frozen data and PDF of a new valid certificate. Runs inside a transaction."""
    issued_at = timezone.now()
    issued_on = timezone.localdate(issued_at)
    code = new_code()
    data = {
        **data,
        "issued_on": issued_on,
        "issued_on_text": short_date(issued_on),
        "verification_url": verification_url(code),
    }
    certificate = Certificate(
        kind=kind,
        subject=subject,
        enrolment=enrolment,
        membership=membership,
        mentee=mentee,
        number=_next_number(issued_on.year),
        code=code,
        data=data,
        issued_at=issued_at,
        first_issued_at=replaces.first_issued_at if replaces else issued_at,
        issued_by=issued_by,
        replaces=replaces,
    )
    # The JSON round trip turns dates into the strings that reading it back later gives too.
    certificate.data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    pdf = render_certificate(certificate)
    # A random file name: the number and code are printed on paper, the storage path is not.
    certificate.pdf.save(f"certificates/{issued_on.year}/{secrets.token_hex(16)}.pdf", ContentFile(pdf), save=False)
    try:
        certificate.save()
    except Exception:
        certificate.pdf.delete(save=False)
        raise
    if issued_by is not None:
        action = audit.Action.CERTIFICATE_REISSUED if replaces else audit.Action.CERTIFICATE_ISSUED
        reason = replaces.revoked_reason if replaces else ""
        _audit(action, certificate, by=issued_by, reason=reason)
    return certificate


def _audit(action: str, certificate: Certificate, *, by, reason: str = "") -> None:
    """Issuing, revoking and reissuing by a coordinator go into the audit log, in the same
    transaction. The course or group the certificate is of names where."""
    details = {"number": certificate.number, "kind": certificate.kind}
    if certificate.replaces_id:
        details["replaces"] = certificate.replaces.number
    audit.record(
        action,
        actor=by,
        subject=certificate.subject_id,
        offering=certificate.enrolment.offering_id if certificate.enrolment_id else None,
        group=certificate.membership.group_id if certificate.membership_id else None,
        details=details,
        reason=reason,
    )


def _next_number(year: int) -> str:
    counter = _locked_counter(year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(year, counter.last)


def _locked_counter(year: int) -> CertificateCounter:
    """The year's counter row, locked until the transaction ends: taken late, after the data is
    gathered, and held while the PDF renders (a fraction of a second), so numbers are given one
    at a time. The first issue of a year makes the row; a concurrent first waits on its insert."""
    CertificateCounter.objects.get_or_create(year=year)
    return CertificateCounter.objects.select_for_update().get(year=year)


def verification_url(code: str) -> str:
    """The printed, language-neutral address: /verify/<code>/ answers in the visitor's language
    (Django's LocaleMiddleware redirects it to /fi/, /sv/ or /en/)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certificates:verify", kwargs={"code": group_code(code)})
    return site_root() + path.removeprefix(f"/{settings.LANGUAGE_CODE}")


def _queue_email(certificate: Certificate) -> None:
    pk = certificate.pk
    enqueue_on_commit("certificates.tasks.send_certificate_email", pk)


def _queue_batch(batch: IssueBatch) -> None:
    pk = batch.pk
    enqueue_on_commit("certificates.tasks.run_batch", pk)
