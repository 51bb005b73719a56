from django.db.models import Prefetch

from enrolment.models import Enrolment

from .models import BatchItem, Certificate, IssueBatch


def valid_certificates(user):
    """The person's valid certificates, newest first, for My trainings."""
    return Certificate.objects.filter(subject=user, status=Certificate.Status.VALID).select_related("enrolment")


def valid_certificate_by_enrolment(user) -> dict[int, Certificate]:
    return {
        certificate.enrolment_id: certificate for certificate in valid_certificates(user) if certificate.enrolment_id
    }


def completed_enrolments(offering):
    """Who completed the offering, each with `valid_certificates` (a list of none or one)."""
    return (
        Enrolment.objects.filter(offering_id=offering.pk, completed=True)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(status=Certificate.Status.VALID),
                to_attr="valid_certificates",
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def batches_of(offering):
    return IssueBatch.objects.filter(offering_id=offering.pk).select_related("requested_by")


def failed_items(batch):
    return BatchItem.objects.filter(batch=batch, state=BatchItem.State.FAILED).select_related("enrolment__user")
