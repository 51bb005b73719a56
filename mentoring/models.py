"""Mentoring: an agreement links a mentor with a team or persons for a period, with goals and
planned hours; the mentor plans and logs sessions (date, duration, topic, notes, who took part).

Mentors see their own agreements, mentees the sessions they took part in, coordinators everything
but the mentor's working notes.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
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
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mentee_of"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        constraints = [models.UniqueConstraint(fields=["agreement", "user"], name="one_mentee_per_agreement")]

    def __str__(self):
        return f"{self.user} – {self.agreement}"


# A session is at least a short call and at most a working day.
MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 480


class MentoringSession(models.Model):
    """Planned ahead (a reminder goes out) or logged afterwards; delivered once its duration is set.

    Before it is delivered, `participants` are those expected (the reminder goes to them); once it
    is, those who took part.
    """

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("date and time"))
    planned_minutes = models.PositiveIntegerField(
        _("planned length (minutes)"),
        default=90,
        validators=[MinValueValidator(MIN_SESSION_MINUTES), MaxValueValidator(MAX_SESSION_MINUTES)],
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_SESSION_MINUTES), MaxValueValidator(MAX_SESSION_MINUTES)],
        help_text=_("Filled in once the session has taken place."),
    )
    topic = models.CharField(_("topic"), max_length=300)
    summary = models.TextField(
        _("summary for the participants"),
        blank=True,
        help_text=_("What was discussed and agreed. Those who took part see it."),
    )
    notes = models.TextField(
        _("working notes"), blank=True, help_text=_("Only you see these, not the participants or the coordinators.")
    )
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    participants = models.ManyToManyField(Mentee, verbose_name=_("who took part"), blank=True, related_name="sessions")
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # A cancelled session is kept, so that calendars show it cancelled rather than lose it silently.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The calendar event's version (lms.ical): raised whenever its time, length, place, topic or
    # status changes, so calendar apps replace the copy they keep.
    sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        constraints = [
            # Only a planned session is cancelled; one with hours logged took place.
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True) | models.Q(duration_minutes__isnull=True),
                name="cancelled_session_not_delivered",
            )
        ]

    def __str__(self):
        return f"{self.agreement} {self.starts_at:%Y-%m-%d}"

    @property
    def delivered(self) -> bool:
        return self.duration_minutes is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def bump_calendar_version(self) -> None:
        """The calendar event changed (time, length, place, topic or status): a higher SEQUENCE."""
        self.sequence += 1
        self.changed_at = timezone.now()

    @property
    def minutes(self) -> int:
        """How long it was, or is planned to be."""
        return self.duration_minutes if self.delivered else self.planned_minutes

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class SentReminder(models.Model):
    """One row per email about a session that must go out once (a reminder, or word that it is
    cancelled): claimed under a row lock before sending, so a task that runs twice sends nothing
    the second time. Keyed by the session's time as well, so a session moved to another day is
    reminded of again."""

    class Kind(models.TextChoices):
        REMINDER = "reminder"
        CANCELLED = "cancelled"

    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="sent_reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REMINDER)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "kind", "starts_at"], name="one_session_email_per_person_kind_and_time"
            )
        ]

    def __str__(self):
        return f"{self.session_id} → {self.user_id}"
