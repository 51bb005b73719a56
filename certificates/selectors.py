import datetime as dt

from django.db.models import Count, DateField, Exists, F, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from attendance.models import Attendance
from developer_groups.models import Meeting, MeetingAttendance, Membership
from enrolment.models import Enrolment
from mentoring.models import Mentee

from .models import BatchItem, Certificate, IssueBatch

# A member attended a meeting when marked present or late, as a course session counts them.
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def valid_certificates(user):
    """The person's valid certificates, newest first, for My trainings."""
    return Certificate.objects.filter(subject=user, status=Certificate.Status.VALID).select_related("enrolment")


def valid_attestations(user):
    """The person's valid developer-group and mentoring attestations, newest first."""
    return Certificate.objects.filter(subject=user, status=Certificate.Status.VALID).exclude(
        kind=Certificate.Kind.COURSE
    )


def valid_certificate_by_enrolment(user) -> dict[int, Certificate]:
    return {
        certificate.enrolment_id: certificate for certificate in valid_certificates(user) if certificate.enrolment_id
    }


def completed_enrolments(offering):
    """Who completed the offering, each with `certificate_list`: their certificates, newest first
    (the valid one, if any, and those revoked or replaced before it)."""
    return (
        Enrolment.objects.filter(offering_id=offering.pk, completed=True)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.order_by("-issued_at", "-pk"),
                to_attr="certificate_list",
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def batches_of(offering):
    return IssueBatch.objects.filter(offering_id=offering.pk).select_related("requested_by")


def failed_items(batch):
    return BatchItem.objects.filter(batch=batch, state=BatchItem.State.FAILED).select_related("enrolment__user")


def last_activity(batch) -> dt.datetime:
    """When the batch last moved: its newest item change, its start or its creation."""
    latest = BatchItem.objects.filter(batch=batch).aggregate(at=Max("updated_at"))["at"]
    return max(moment for moment in (latest, batch.started_at, batch.created_at) if moment)


def with_meetings(memberships, *, now: dt.datetime | None = None):
    """Annotate `meetings_attended`: the meetings held so far at which the member was marked
    present or late; and `meetings_held`: the group's meetings held so far while they were a
    member (from joining to leaving), and any other they attended. A cancelled meeting was not held."""
    now = now or timezone.now()
    attended_mark = MeetingAttendance.objects.filter(
        meeting=OuterRef("pk"), membership=OuterRef(OuterRef("pk")), status__in=ATTENDED
    )
    held = (
        Meeting.objects.filter(group_id=OuterRef("group_id"), starts_at__lte=now, cancelled_at__isnull=True)
        .filter(
            Q(
                starts_at__date__gte=OuterRef("joined_on"),
                starts_at__date__lte=Coalesce(OuterRef("left_on"), Value(dt.date.max), output_field=DateField()),
            )
            | Q(Exists(attended_mark))
        )
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return memberships.annotate(
        meetings_attended=Count(
            "attendances",
            filter=Q(attendances__status__in=ATTENDED, attendances__meeting__starts_at__lte=now),
        ),
        meetings_held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)),
    )


def with_hours(mentees):
    """Annotate `minutes_received`: the length of the agreement's delivered sessions (a duration is
    logged) the mentee took part in; and `sessions_received`: how many."""
    delivered = Q(sessions__duration_minutes__isnull=False, sessions__agreement_id=F("agreement_id"))
    return mentees.annotate(
        minutes_received=Coalesce(Sum("sessions__duration_minutes", filter=delivered), Value(0)),
        sessions_received=Count("sessions", filter=delivered),
    )


def _with_certificates(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "certificates",
            queryset=Certificate.objects.order_by("-issued_at", "-pk"),
            to_attr="certificate_list",
        )
    )


def group_members(group):
    """Everyone in the group (members, facilitators, contact persons), with their meetings (see
    `with_meetings`) and `certificate_list`: their attestations, newest first."""
    return _with_certificates(
        with_meetings(Membership.objects.filter(group_id=group.pk))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def agreement_mentees(agreement):
    """The agreement's mentees, with their hours (see `with_hours`) and `certificate_list`."""
    return _with_certificates(
        with_hours(Mentee.objects.filter(agreement_id=agreement.pk))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
