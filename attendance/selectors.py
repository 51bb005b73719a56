"""Reads for trainers' and participants' attendance pages, each in a fixed number of queries."""

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Session
from enrolment.models import Enrolment

from .models import Attendance

RECENT_DAYS = 30


def trainer_sessions(user, *, today: dt.date | None = None) -> dict:
    """The sessions of the courses this person trains: today's, upcoming, and recent (30 days),
    each with `confirmed_count` (participants on its roster) and `marked_count` (of them marked)."""
    today = today or timezone.localdate()
    confirmed = Enrolment.objects.filter(offering_id=OuterRef("offering_id"), status=Enrolment.Status.CONFIRMED)
    marked = Attendance.objects.filter(session_id=OuterRef("pk"), enrolment__status=Enrolment.Status.CONFIRMED)
    sessions = list(
        Session.objects.filter(
            offering__trainers=user, offering__live=True, date__gte=today - dt.timedelta(days=RECENT_DAYS)
        )
        .select_related("offering")
        .annotate(confirmed_count=_count(confirmed, "offering_id"), marked_count=_count(marked, "session_id"))
        .order_by("date", "starts_at")
    )
    return {
        "today": [s for s in sessions if s.date == today],
        "upcoming": [s for s in sessions if s.date > today],
        "recent": [s for s in sessions if s.date < today][::-1],
    }


def _count(queryset, group_by: str):
    """A correlated COUNT(*) as a subquery, 0 when nothing matches."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def roster(session: Session) -> list[Enrolment]:
    """The session's confirmed participants, by surname, each with `mark` (their Attendance at
    this session or None) and their profile."""
    enrolments = list(
        Enrolment.objects.filter(offering_id=session.offering_id, status=Enrolment.Status.CONFIRMED)
        .select_related("user", "user__profile")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.filter(session=session), to_attr="session_marks")
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for enrolment in enrolments:
        enrolment.mark = enrolment.session_marks[0] if enrolment.session_marks else None
    return enrolments
