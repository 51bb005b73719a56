from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A person's place on an offering.

    Pending waits for a coordinator's approval and holds no seat; confirmed holds a seat; waiting
    is in line by `position` (first come, first served unless a coordinator reorders).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    offering = models.ForeignKey(
        "courses.Offering", verbose_name=_("offering"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    position = models.PositiveIntegerField(_("place in the waiting list"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    late_cancellation = models.BooleanField(_("late cancellation"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Completion: computed from attendance by attendance.services.refresh_completion and kept here
    # so that certificates and reports can ask "who completed" in one query.
    completed = models.BooleanField(_("completed"), default=False, db_index=True)
    completion_override = models.BooleanField(_("completion set by a coordinator"), null=True, blank=True)
    completion_override_reason = models.TextField(_("reason for the completion decision"), blank=True)
    completion_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completion decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completion_override_at = models.DateTimeField(_("completion decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "user"],
                condition=~models.Q(status="cancelled"),
                name="one_active_enrolment_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(status="waiting", position__isnull=False)
                | (~models.Q(status="waiting") & models.Q(position__isnull=True)),
                name="waiting_enrolment_has_a_position",
            ),
        ]
        indexes = [models.Index(fields=["offering", "status", "position"])]

    def __str__(self):
        return f"{self.user} – {self.offering}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def place_in_line(self) -> int | None:
        """1 for the first in line. Positions keep gaps when people ahead leave, so the place is
        counted, not read; lists annotate it (`selectors.with_place_in_line`) to save a query a row."""
        if self.status != self.Status.WAITING:
            return None
        annotated = getattr(self, "waiting_ahead", None)
        if annotated is None:
            annotated = Enrolment.objects.filter(
                offering_id=self.offering_id, status=self.Status.WAITING, position__lt=self.position
            ).count()
        return annotated + 1


class EnrolmentEvent(models.Model):
    """What happened to an enrolment, by whom and why: the trail a coordinator reads back."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        APPROVED = "approved", _("Approved")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        MOVED = "moved", _("Moved in the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ADDED = "added", _("Added by a coordinator")
        DECIDED_COMPLETED = "completed", _("Completion decided: completed")
        DECIDED_NOT_COMPLETED = "uncompleted", _("Completion decided: not completed")
        RULE_RESTORED = "by_rule", _("Completion back to the course's rule")
        WALK_IN = "walk_in", _("Walk-in at a session")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status after"), max_length=10, choices=Enrolment.Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class SentEmail(models.Model):
    """One row per email that must go out once: a task that runs twice finds it and sends nothing."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sent_emails")
    kind = models.CharField(max_length=20)
    # Distinguishes repeats of one kind: the event's pk for a promotion, "1" for a reminder.
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind", "key"], name="one_email_per_event")]

    def __str__(self):
        return f"{self.kind} {self.key}"
