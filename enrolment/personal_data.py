"""A person's places on trainings, with their answers and history (lms.personal_data).

Erasure keeps the places (the funder counts them) and removes what was written: the answers to a
course's own questions, the reasons in the history and in a completion decision. A place on a
training still to come is cancelled first, under the enrolment rules, so the next in line gets the
seat. The answers go anyway ENROLMENT_ANSWERS_RETENTION_DAYS after the course."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from attendance.models import Attendance
from audit import services as audit
from courses.models import Session
from lms.personal_data import PersonalData, iso

from .exports import answer
from .models import Enrolment, EnrolmentEvent
from .services import cancel_enrolment


class EnrolmentData(PersonalData):
    models = ("enrolment.Enrolment", "enrolment.EnrolmentEvent")

    def export(self, user) -> dict:
        enrolments = (
            Enrolment.objects.filter(user=user)
            .select_related("offering")
            .prefetch_related(
                # The person's marks are read with their place (attendance.personal_data).
                Prefetch(
                    "attendances", queryset=Attendance.objects.select_related("session").order_by("session__date")
                ),
                Prefetch("events", queryset=EnrolmentEvent.objects.order_by("at", "pk")),
                Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "starts_at")),
            )
            .order_by("created_at", "pk")
        )
        return {
            "enrolments": [
                {
                    "training": enrolment.offering.localized_title,
                    "first_day": iso(enrolment.offering.starts_on),
                    "last_day": iso(enrolment.offering.ends_on),
                    "status": enrolment.get_status_display(),
                    "enrolled_at": iso(enrolment.created_at),
                    "confirmed_at": iso(enrolment.confirmed_at),
                    "cancelled_at": iso(enrolment.cancelled_at),
                    "late_cancellation": enrolment.late_cancellation,
                    "answers": {
                        (item.get("question") if isinstance(item, dict) else "") or key: answer(enrolment, key)
                        for key, item in (enrolment.answers or {}).items()
                    },
                    "completed": enrolment.completed,
                    "completion_decided_by_coordinator": enrolment.completion_override,
                    "completion_decision_reason": enrolment.completion_override_reason,
                    "attendance": [
                        {
                            "day": iso(mark.session.date),
                            "status": mark.get_status_display(),
                            "remark": mark.remark,
                            "checked_in_yourself": mark.checked_in,
                        }
                        for mark in enrolment.attendances.all()
                    ],
                    "history": [
                        {"at": iso(event.at), "event": event.get_action_display(), "reason": event.reason}
                        for event in enrolment.events.all()
                    ],
                }
                for enrolment in enrolments
            ]
        }

    def has_records(self, user) -> bool:
        return Enrolment.objects.filter(user=user).exists()

    def in_use_since(self, day: dt.date) -> list[Q]:
        return [Q(enrolments__offering__ends_on__gte=day)]

    def erase(self, user, *, by, today: dt.date) -> None:
        enrolments = Enrolment.objects.filter(user=user)
        upcoming = enrolments.exclude(status=Enrolment.Status.CANCELLED).filter(
            Q(offering__ends_on__gte=today) | Q(offering__ends_on__isnull=True)
        )
        for enrolment in upcoming:
            cancel_enrolment(enrolment, by=by, reason="")
        enrolments.update(answers={}, completion_override_reason="")
        EnrolmentEvent.objects.filter(enrolment__in=enrolments).update(reason="")

    def expire(self, now: dt.datetime) -> dict[str, int]:
        return {"answers_purged": purge_expired_answers(today=timezone.localdate(now))}


def purge_expired_answers(*, today: dt.date) -> int:
    """Delete the answers to courses' own questions (such as dietary needs) once the course ended
    ENROLMENT_ANSWERS_RETENTION_DAYS ago; how many enrolments had some. One audit entry per course."""
    cutoff = today - dt.timedelta(days=settings.ENROLMENT_ANSWERS_RETENTION_DAYS)
    expired = Enrolment.objects.filter(offering__ends_on__lt=cutoff).exclude(answers={})
    per_offering = list(expired.values("offering_id").annotate(count=Count("pk")).order_by("offering_id"))
    if not per_offering:
        return 0
    with transaction.atomic():
        purged = expired.update(answers={})
        audit.record_many(
            [
                audit.entry(
                    audit.Action.ANSWERS_PURGED,
                    actor=None,
                    offering=row["offering_id"],
                    details={"count": row["count"]},
                )
                for row in per_offering
            ]
        )
    return purged
