from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableEntry(Exception):
    """An audit entry is written once and never changed."""


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableEntry("Audit entries are not changed.")


class Entry(models.Model):
    """Something a coordinator or trainer did to another person's records, or the system did to
    them on a schedule: who, when, what, to whom. Written in the same transaction as the change
    itself (audit.services.record), read by coordinators, never edited: the rows are refused any
    update, and the admin offers no change or delete. The people are foreign keys, not copied names,
    so an erased account shows as erased here too."""

    class Action(models.TextChoices):
        ATTENDANCE_CORRECTED = "attendance_corrected", _("Attendance corrected")
        MEETING_ATTENDANCE_CORRECTED = "meeting_corrected", _("Meeting attendance corrected")
        ENROLMENT_APPROVED = "enrolment_approved", _("Enrolment approved")
        ENROLMENT_CANCELLED = "enrolment_cancelled", _("Enrolment cancelled on the person's behalf")
        WAITING_LIST_MOVED = "waiting_list_moved", _("Place in the waiting list changed")
        PERSON_ADDED = "person_added", _("Person added to a training")
        COMPLETION_DECIDED = "completion_decided", _("Completion decided")
        CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate reissued")
        EXPORTED = "exported", _("Data exported")
        ACCOUNT_ERASED = "account_erased", _("Personal data erased")
        ANSWERS_PURGED = "answers_purged", _("Enrolment answers deleted after the training")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system did it on a schedule."),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices, db_index=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("training"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        "developer_groups.DeveloperGroup",
        verbose_name=_("developer group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What changed, as plain values (statuses, numbers, a certificate number, a file format); the
    # page words them in the reader's language (audit.display).
    details = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["subject", "at"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntry("Audit entries are not changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntry("Audit entries are not deleted one by one; they expire (audit.services.expire).")
