"""Mentoring: an agreement links a mentor with a team or persons for a period, with goals and
planned hours; the mentor plans and logs sessions (date, duration, topic, notes, who took part).

Mentors see their own agreements, mentees the sessions they took part in, coordinators everything.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentoring_agreements",
    )
    team = models.CharField(
        _("team or persons"), max_length=200, help_text=_("For example: Pori family social work, team 2.")
    )
    organisation = models.ForeignKey(
        "courses.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "courses.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    goals = models.TextField(_("goals"))
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "team", "pk"]
        verbose_name = _("mentoring agreement")
        verbose_name_plural = _("mentoring agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="agreement_period_in_order"
            )
        ]

    def __str__(self):
        return self.team


class Mentee(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="mentees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="mentee_of"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        constraints = [models.UniqueConstraint(fields=["agreement", "user"], name="one_mentee_per_agreement")]

    def __str__(self):
        return f"{self.user} – {self.agreement}"


class MentoringSession(models.Model):
    """Planned ahead (a reminder goes out) or logged afterwards; delivered once its duration is set."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5)],
        help_text=_("Filled in once the session has taken place."),
    )
    topic = models.CharField(_("topic"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    participants = models.ManyToManyField(Mentee, verbose_name=_("who took part"), blank=True, related_name="sessions")
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self):
        return f"{self.agreement} {self.starts_at:%Y-%m-%d}"

    @property
    def delivered(self) -> bool:
        return self.duration_minutes is not None
