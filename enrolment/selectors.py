"""Reads for a person's own trainings, in a fixed number of queries however many they have."""

from django.db.models import Prefetch
from django.utils import timezone

from courses.models import Session

from .models import Enrolment


def my_enrolments(user):
    return (
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("offering", "offering__region", "offering__municipality")
        .prefetch_related(Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "starts_at")))
        .order_by("offering__starts_on", "pk")
    )


def my_trainings(user) -> dict:
    """Upcoming (confirmed or pending), waiting and past enrolments of the person."""
    today = timezone.localdate()
    groups = {"upcoming": [], "waiting": [], "past": []}
    for enrolment in my_enrolments(user):
        ends_on = enrolment.offering.ends_on
        if ends_on and ends_on < today:
            if enrolment.status == Enrolment.Status.CONFIRMED:
                groups["past"].append(enrolment)
        elif enrolment.status == Enrolment.Status.WAITING:
            groups["waiting"].append(enrolment)
        else:
            groups["upcoming"].append(enrolment)
    groups["past"].reverse()
    return groups


def enrolment_of(user, offering) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, offering=offering).exclude(status=Enrolment.Status.CANCELLED).first()


def enrolment_context(offering, user) -> dict:
    """What the course page's enrolment box needs: the person's enrolment, and whether one
    button is enough (nothing to ask first)."""
    if not user.is_authenticated:
        return {"my_enrolment": None, "one_step": False}
    from accounts.selectors import profile_for

    return {
        "my_enrolment": enrolment_of(user, offering),
        "one_step": profile_for(user).is_complete and not offering.questions.exists(),
    }
