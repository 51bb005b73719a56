"""Reads for the mentors', mentees' and coordinators' pages, each in a fixed number of queries.

Hours are summed in the database: planned hours are the agreement's own figure, delivered hours
the durations of its delivered sessions (those with a duration logged).
"""

from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Agreement, Mentee, MentoringSession


def _aggregate(queryset, expression, *, default=0):
    """A correlated aggregate as a subquery, `default` when nothing matches. A subquery per figure
    rather than joins, so that summing sessions and counting mentees do not multiply each other."""
    value = queryset.order_by().values("agreement_id").annotate(value=expression).values("value")
    return Coalesce(Subquery(value, output_field=IntegerField()), Value(default))


def with_hours(agreements, *, now=None):
    """Annotate `delivered_minutes` and `delivered_count` (sessions with a duration logged),
    `upcoming_count` (planned sessions still to come), `to_log_count` (planned sessions whose time has
    passed without a log), `mentee_count` and `next_session_at`. Cancelled sessions count nowhere."""
    now = now or timezone.now()
    sessions = MentoringSession.objects.filter(agreement_id=OuterRef("pk"))
    planned = sessions.filter(duration_minutes__isnull=True, cancelled_at__isnull=True)
    upcoming = planned.filter(starts_at__gt=now)
    next_session = upcoming.order_by().values("agreement_id").annotate(first=Min("starts_at")).values("first")
    return agreements.annotate(
        delivered_minutes=_aggregate(sessions, Sum("duration_minutes")),
        delivered_count=_aggregate(sessions.filter(duration_minutes__isnull=False), Count("pk")),
        upcoming_count=_aggregate(upcoming, Count("pk")),
        to_log_count=_aggregate(planned.filter(starts_at__lte=now), Count("pk")),
        mentee_count=_aggregate(Mentee.objects.filter(agreement_id=OuterRef("pk")), Count("pk")),
        next_session_at=Subquery(next_session),
    )


def coordinator_agreements(*, query: str = ""):
    """Every agreement, newest period first, with its hours (see `with_hours`); `query` searches the
    team, the mentor's name and email, and the municipality."""
    agreements = Agreement.objects.select_related("mentor", "municipality", "organisation")
    if query:
        agreements = agreements.filter(
            Q(team__icontains=query)
            | Q(mentor__first_name__icontains=query)
            | Q(mentor__last_name__icontains=query)
            | Q(mentor__email__icontains=query)
            | Q(municipality__name_fi__icontains=query)
            | Q(municipality__name_sv__icontains=query)
        )
    return with_hours(agreements).order_by("-starts_on", "team", "pk")


def mentored_agreements(user):
    """The agreements this person mentors, current and coming first, with their hours."""
    return with_hours(Agreement.objects.filter(mentor=user).select_related("municipality")).order_by(
        "-ends_on", "team", "pk"
    )


def mentee_agreements(user, *, now=None):
    """The agreements this person is a mentee in, with their mentor, and `my_minutes` /
    `my_count` (the delivered sessions they took part in) and `my_next_at` (their next planned one)."""
    now = now or timezone.now()
    mine = MentoringSession.objects.filter(agreement_id=OuterRef("pk"), participants__user=user)
    delivered = mine.filter(duration_minutes__isnull=False)
    next_session = (
        mine.filter(duration_minutes__isnull=True, cancelled_at__isnull=True, starts_at__gt=now)
        .order_by()
        .values("agreement_id")
        .annotate(first=Min("starts_at"))
        .values("first")
    )
    return (
        Agreement.objects.filter(mentees__user=user)
        .select_related("mentor", "municipality")
        .annotate(
            my_minutes=_aggregate(delivered, Sum("duration_minutes")),
            my_count=_aggregate(delivered, Count("pk")),
            my_next_at=Subquery(next_session),
        )
        .order_by("-ends_on", "team", "pk")
    )


def agreement_with_hours(agreement_id: int):
    """One agreement (or None) with its hours, mentor and places."""
    return (
        with_hours(Agreement.objects.select_related("mentor", "municipality", "organisation", "created_by"))
        .filter(pk=agreement_id)
        .first()
    )


def agreement_mentees(agreement):
    """The agreement's mentees by surname, with their profile and `minutes_received` /
    `sessions_received` (delivered sessions of this agreement they took part in)."""
    delivered = MentoringSession.objects.filter(
        agreement_id=agreement.pk, participants=OuterRef("pk"), duration_minutes__isnull=False
    )

    def per_mentee(expression):
        value = delivered.order_by().values("agreement_id").annotate(value=expression).values("value")
        return Coalesce(Subquery(value, output_field=IntegerField()), Value(0))

    return (
        Mentee.objects.filter(agreement_id=agreement.pk)
        .select_related("user", "user__profile")
        .annotate(minutes_received=per_mentee(Sum("duration_minutes")), sessions_received=per_mentee(Count("pk")))
        .order_by("user__last_name", "user__first_name", "pk")
    )


def agreement_sessions(agreement):
    """All the agreement's sessions, in time order, with their participants and their accounts."""
    return (
        MentoringSession.objects.filter(agreement_id=agreement.pk)
        .prefetch_related(
            Prefetch("participants", queryset=Mentee.objects.select_related("user").order_by("user__last_name"))
        )
        .order_by("starts_at", "pk")
    )


def sessions_of_mentee(agreement, user):
    """The agreement's sessions this person took part in or is expected at, in time order."""
    return MentoringSession.objects.filter(agreement_id=agreement.pk, participants__user=user).order_by(
        "starts_at", "pk"
    )


def split_sessions(sessions, *, now=None) -> dict:
    """Sessions as the pages group them: `to_log` (planned, time passed), `upcoming` (planned, to
    come, soonest first), `delivered` (newest first) and `cancelled` (soonest first; those still to
    come in `cancelled_to_come`)."""
    now = now or timezone.now()
    sessions = list(sessions)
    planned = [s for s in sessions if not s.delivered and not s.is_cancelled]
    cancelled = [s for s in sessions if s.is_cancelled]
    return {
        "to_log": [s for s in planned if s.starts_at <= now],
        "upcoming": [s for s in planned if s.starts_at > now],
        "delivered": [s for s in sessions if s.delivered][::-1],
        "cancelled": cancelled,
        "cancelled_to_come": [s for s in cancelled if s.starts_at > now],
    }


def session_for_mentor(session_id: int):
    """A session with its agreement (and the agreement's mentor), or None."""
    return MentoringSession.objects.select_related("agreement", "agreement__mentor").filter(pk=session_id).first()


def attestations_counting(session) -> dict:
    """The valid mentoring attestations that count this delivered session, by mentee (their
    certificate, with the mentee and their account). An attestation lists the sessions it counted
    (`session_ids` in its data); one issued before that list was kept counts the delivered sessions
    that had started by the time it was issued. One query."""
    from certificates.models import Certificate

    if session.pk is None or not session.delivered:
        return {}
    certificates = Certificate.objects.filter(
        kind=Certificate.Kind.MENTORING, status=Certificate.Status.VALID, mentee__sessions=session
    ).select_related("mentee__user")
    counting = {}
    for certificate in certificates:
        counted = certificate.data.get("session_ids")
        if (session.pk in counted) if counted is not None else session.starts_at <= certificate.issued_at:
            counting[certificate.mentee_id] = certificate
    return counting
