from django.utils import timezone

import factory

from certificates.models import BatchItem, Certificate, IssueBatch

from .people import ParticipantFactory


def _holder(certificate):
    source = certificate.enrolment or certificate.membership or certificate.mentee
    return source.user if source else ParticipantFactory()


def _kind(certificate):
    if certificate.membership:
        return Certificate.Kind.GROUP
    return Certificate.Kind.MENTORING if certificate.mentee else Certificate.Kind.COURSE


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as issued, without its texts or PDF (`data` is empty): for what counts,
    constrains or lists certificates. `certificates.services.issue_certificate` makes a real one.
    Its holder and kind follow what it was issued for (`enrolment`, `membership` or `mentee`)."""

    class Meta:
        model = Certificate

    enrolment = None
    membership = None
    mentee = None
    subject = factory.LazyAttribute(_holder)
    kind = factory.LazyAttribute(_kind)
    number = factory.Sequence(lambda n: f"1999-{n:06d}")
    code = factory.Sequence(lambda n: f"TESTCODE{n:08d}")
    data = factory.Dict({})
    issued_at = factory.LazyFunction(timezone.now)
    first_issued_at = factory.SelfAttribute("issued_at")


class IssueBatchFactory(factory.django.DjangoModelFactory):
    """A coordinator's batch for an `offering` (which the test gives)."""

    class Meta:
        model = IssueBatch


class BatchItemFactory(factory.django.DjangoModelFactory):
    """One person of a batch; the batch is one of the enrolment's course unless given."""

    class Meta:
        model = BatchItem

    batch = factory.SubFactory(IssueBatchFactory, offering=factory.SelfAttribute("..enrolment.offering"))
